"""Pages of the policy library and compliance: the framework browser, the comparison, a
society's compliance per framework, the federation overview, one requirement across
societies, and 换届预审. Every society is reached through the access layer."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    federation_subtrees,
    federations_administered,
    federations_visible,
    society_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.page_cache import cached
from xuehui.core.pages import society_page_context
from xuehui.jobs.services import job_start
from xuehui.lib.export import XLSX_CONTENT_TYPE, download_response
from xuehui.lib.htmx import render_page
from xuehui.societies.models import Society

from . import selectors
from .describe import decision_text
from .engine import pass_rate, summarise
from .exporters import OverviewExporter, ResultExporter
from .forms import AdoptionForm, OnForm, OverviewFilterForm, PrecheckForm, ResultFilterForm
from .models import Framework
from .precheck import precheck_run
from .reports import adoption_line, binding_notes
from .services import framework_adopt, task_choice_record
from .sources import source_text
from .stored import active_societies, results_current, stored_summaries
from .tasks import recompute_job

TAB = "compliance"


def _spec_or_404(key: str):
    spec = selectors.framework_spec(key)
    if spec is None:
        raise Http404("未找到该政策框架")
    return spec


@login_required
@require_GET
def framework_list(request):
    frameworks = Framework.objects.order_by("key")
    return render(request, "rules/framework_list.html", {"frameworks": frameworks})


@login_required
@require_GET
def framework_detail(request, key):
    framework = get_object_or_404(Framework, key=key)
    spec = _spec_or_404(key)
    nodes = [(node, decision_text(node, spec)) for node in spec.walk()]
    adoptions = selectors.adoption_rows(framework, request.user)
    context = {"framework": framework, "spec": spec, "nodes": nodes, "adoptions": adoptions}
    return render(request, "rules/framework_detail.html", context)


@login_required
@require_GET
def framework_source(request, key):
    """The source document's full text (原文), as the 科协 issued it."""
    spec = _spec_or_404(key)
    text = source_text(spec.source)
    if text is None:
        raise Http404("未找到该文件的原文")
    return render(request, "rules/framework_source.html", {"spec": spec, "text": text})


@login_required
@require_POST
def framework_adoption(request, key):
    """A 科协 administrator sets how the framework binds the 科协's societies (audited)."""
    framework = get_object_or_404(Framework, key=key)
    if not federations_administered(request.user).exists():
        raise PermissionDenied("只有科协管理员可以设置本科协采用的政策框架。")
    form = AdoptionForm(request.POST, user=request.user)
    if request.POST.get("federation") and "federation" in form.errors:
        raise PermissionDenied("您不是该科协的管理员，不能设置其采用的政策框架。")
    if not form.is_valid():
        messages.error(request, "请选择科协和采用方式后再保存。")
        return redirect(reverse("rules:framework", args=[key]) + "#adoption")
    federation = form.cleaned_data["federation"]
    framework_adopt(
        federation=federation, framework=framework, binding=form.binding(), actor=request.user
    )
    messages.success(request, f"已保存{federation.name}对本文件的采用方式。")
    return redirect(reverse("rules:framework", args=[key]) + "#adoption")


@login_required
@require_GET
def compare(request):
    return render(request, "rules/compare.html", {"topics": selectors.comparison_topics()})


@login_required
@require_GET
def society_index(request, society_pk):
    society = society_for(request.user, society_pk)
    on = OnForm(request.GET).day()
    current = selectors.current_versions()
    every = [selectors.spec_of(v) for v in current]
    adoptions = selectors.adoptions_of(society.federation_id)
    show_all = request.GET.get("all") == "1"
    specs = every if show_all else selectors.binding_specs(every, adoptions)
    freshness = None
    if on == timezone.localdate():  # the stored results, as the overview shows them
        versions = selectors.versions_of(specs, current)
        freshness = results_current(Society.objects.filter(pk=society.pk), versions, on)
        stored = stored_summaries(society.pk, versions)
        cards = [
            _stored_card(spec, stored.get(version.pk))
            for spec, version in zip(specs, versions, strict=True)
        ]
    else:
        results = selectors.evaluate_frameworks(specs, [society.pk], on)
        cards = [_card(spec, results[spec.key][society.pk], adoptions) for spec in specs]
    context = society_page_context(
        request, society, TAB, cards=cards, on=on, pilots=selectors.pilot_memberships(society),
        adoption=selectors.adoption_text(every, adoptions), show_all=show_all,
        hidden=len(every) - len(specs), freshness=freshness,
    )  # fmt: skip
    return render(request, "rules/society_index.html", context)


def _card(spec, results, adoptions) -> tuple:
    """A framework's card: a reference framework counts its own results (仅供参考)."""
    adopted = adoptions.get(spec.key)
    reference = bool(adoptions) and not getattr(adopted, "binding", False)
    summary = summarise(results, reference=reference)
    return spec, summary, pass_rate(results, reference=reference), reference


def _stored_card(spec, row) -> tuple:
    if row is None:  # not computed yet under the framework's current version
        return spec, {}, None, False
    return spec, row.summary, row.rate, row.reference


@login_required
@require_GET
def society_framework(request, society_pk, key):
    society = society_for(request.user, society_pk)
    spec = _spec_or_404(key)
    filters = ResultFilterForm(request.GET)
    on = filters.day()
    results = selectors.evaluate_societies(spec, [society.pk], on)[society.pk]
    adoption_note = adoption_line(results)
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            request,
            f"合规核验-{society.name}-{key}-{on:%Y%m%d}.xlsx",
            [(society, r) for r in results],
            spec,
            on,
        )
    shown = selectors.filter_results(
        results, **{k: filters.cleaned_data.get(k, "") for k in ("status", "obligation")}
    )
    context = society_page_context(
        request,
        society,
        TAB,
        spec=spec,
        results=shown,
        summary=summarise(results, reference=bool(adoption_note)),
        rate=pass_rate(results, reference=bool(adoption_note)),
        adoption_note=adoption_note,
        task_groups=selectors.task_groups(society, spec),
        filters=filters,
        on=on,
    )
    return render_page(request, "rules/society_framework.html", "rules/_result_tree.html", context)


@login_required
@require_POST
def task_choice(request, society_pk, key, group):
    """The society records which tasks of a 自选 group it chose (audited)."""
    society = society_for(request.user, society_pk, edit=True)
    framework = get_object_or_404(Framework, key=key)
    try:
        task_choice_record(
            society=society,
            framework=framework,
            group_key=group,
            task_keys=request.POST.getlist("tasks"),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已保存选定的任务。")
    return redirect(reverse("rules:society_framework", args=[society.pk, key]) + "#tasks")


def _xlsx(request, filename: str, rows, spec, on) -> HttpResponse:
    exporter = ResultExporter(rows)
    exporter.title = f"{spec.title}（{spec.name}）合规核验，核验日期{on:%Y-%m-%d}"
    data = exporter.write_xlsx()
    what = filename.removesuffix(".xlsx")
    audit_export(actor=request.user, what=what, rows=exporter.written)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


OVERVIEW_PER_PAGE = 50


@login_required
@require_GET
def overview(request):
    """Societies × frameworks. Today's rates come from the stored results (computed again
    whenever a society's records change), and today's table is kept for the user's scope and
    filters until a write or a recomputation (core.page_cache); another date is evaluated for
    it."""
    current = selectors.current_versions()
    every = [selectors.spec_of(v) for v in current]
    form = OverviewFilterForm(
        request.GET,
        federations=federations_visible(request.user).order_by("level", "name"),
        programmes=selectors.overview_programmes(request.user),
    )
    on = form.day()
    show_all = request.GET.get("all") == "1"
    specs, adoption = selectors.overview_specs(request.user, every, show_all=show_all)
    sort = request.GET.get("sort", "name")
    query = request.GET.copy()
    for name in ("sort", "format", "page"):
        query.pop(name, None)
    shown = OverviewShown(request, specs, current, on, sort, query.urlencode(), form.filters())
    if request.GET.get("format") == "xlsx":
        return _overview_xlsx(request, shown.export_rows(), specs, on)
    if on == timezone.localdate():
        parts = tuple(sorted(request.GET.lists()))
        freshness, table = cached(
            "rules:overview", request.user, parts, shown.today, stored=True, keep=_all_current
        )
    else:
        freshness, table = None, shown.table(shown.evaluated())
    context = {"specs": specs, "on": on, "sort": sort, "adoption": adoption,
               "show_all": show_all, "hidden": len(every) - len(specs), "form": form,
               "bands": selectors.RATE_BANDS, "query": shown.query, "freshness": freshness,
               "table": table, "may_recompute": federations_administered(request.user).exists()}  # fmt: skip
    return render(request, "rules/overview.html", context)


def _all_current(shown: tuple) -> bool:
    """Kept only when no row is waiting for the workers: the page asks again until then."""
    return not shown[0].updating


class OverviewShown:
    """The overview's table for one request: today's from the stored results, another day's
    evaluated; the export's rows are every page's."""

    def __init__(self, request, specs, current, on, sort: str, query: str, filters: dict):
        self.request, self.specs, self.on, self.sort, self.query = request, specs, on, sort, query
        self.versions = selectors.versions_of(specs, current)
        self.societies = selectors.overview_societies(request.user, on, **filters)

    def export_rows(self) -> list:
        if self.on != timezone.localdate():
            return selectors.overview_rows(self.societies, self.specs, self.on, sort=self.sort)
        results_current(self.societies, self.versions, self.on)
        ordered = selectors.overview_ordered(self.societies, self.versions, self.sort)
        return selectors.overview_stored_rows(ordered, self.versions)

    def today(self) -> tuple:
        """(freshness, the table's HTML) from the stored results, brought up to date first."""
        freshness = results_current(self.societies, self.versions, self.on)
        ordered = selectors.overview_ordered(self.societies, self.versions, self.sort)
        page = Paginator(ordered, OVERVIEW_PER_PAGE).get_page(self.request.GET.get("page"))
        rows = selectors.overview_stored_rows(page.object_list, self.versions)
        averages = selectors.stored_averages(self.societies, self.versions)
        return freshness, self.table((page, rows, averages))

    def evaluated(self) -> tuple:
        """(page, rows, averages) of another day, every society evaluated for it."""
        every_row = selectors.overview_rows(self.societies, self.specs, self.on, sort=self.sort)
        page = Paginator(every_row, OVERVIEW_PER_PAGE).get_page(self.request.GET.get("page"))
        return page, list(page.object_list), selectors.row_averages(every_row, self.specs)

    def table(self, shown: tuple) -> str:
        page, rows, averages = shown
        context = {"specs": self.specs, "rows": _linked(rows, self.on), "page": page,
                   "sort": self.sort, "query": self.query,
                   "averages": [_percent(averages.get(s.key)) for s in self.specs]}  # fmt: skip
        return mark_safe(render_to_string("rules/_overview_table.html", context, self.request))  # noqa: S308 -- rendered by the template engine


@login_required
@require_GET
def overview_card(request):
    """The 工作台's card (loaded by htmx): each binding framework's societies by pass-rate
    band today, from the stored results."""
    on = timezone.localdate()
    current = selectors.current_versions()
    specs, _ = selectors.overview_specs(
        request.user, [selectors.spec_of(v) for v in current], show_all=False
    )
    versions = selectors.versions_of(specs, current)
    societies = selectors.visible_societies(request.user)
    freshness = results_current(societies, versions, on)
    context = {
        "frameworks": selectors.band_counts(societies, specs, versions),
        "bands": selectors.RATE_BANDS,
        "freshness": freshness,
    }
    return render(request, "rules/_overview_card.html", context)


def _linked(rows: list, on) -> list:
    """Each row's and cell's link, built here: `{% url %}` and `|date` in every cell were a
    third of the page's CPU. A framework's page is its society's page followed by the
    framework's key (a slug: nothing to quote), so one reverse a row is enough."""
    query = f"?on={on:%Y-%m-%d}"
    for row in rows:
        society = reverse("rules:society", args=[row.society.pk])
        row.url = society + query
        for cell in row.cells:
            cell.url = f"{society}{cell.key}/{query}"
    return rows


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.0%}"


def _overview_xlsx(request, rows, specs, on) -> HttpResponse:
    exporter = OverviewExporter(rows, specs, on=on, bands=selectors.RATE_BANDS)
    data, what = exporter.write_xlsx(), f"学会合规总览_{on:%Y%m%d}"
    audit_export(actor=request.user, what=what, rows=exporter.written)
    return download_response(data, f"{what}.xlsx")


@login_required
@require_POST
def overview_recompute(request):
    """An administrator has the stored results of the 科协's societies computed again now (a
    job with its progress), e.g. after records were changed outside the platform."""
    federations = federations_administered(request.user)
    if not federations.exists():
        raise PermissionDenied("只有科协管理员可以重新核验。")
    ids = list(
        active_societies()
        .filter(federation_id__in=federation_subtrees(federations.values_list("pk", flat=True)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    job = job_start(
        task=recompute_job,
        user=request.user,
        title=f"重新核验{len(ids)}个学会的合规结果",
        params={"societies": ids},
        next_url=reverse("rules:overview"),
    )
    return redirect("jobs:detail", job.pk)


@login_required
@require_GET
def requirement_detail(request, key, ref):
    spec = _spec_or_404(key)
    node = spec.find(ref)
    if node is None:
        raise Http404("未找到该要求")
    filters = ResultFilterForm(request.GET)
    on = filters.day()
    rows = selectors.requirement_across(spec, ref, selectors.visible_societies(request.user), on)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    results = [r for _, r in rows]
    # A framework the 科协 adopted for reference counts its own results here (仅供对照, like the
    # society's card); pilot standards for non-members do not.
    counts = summarise(results, reference=True) if node.decision else {}
    shown = [(s, r) for s, r in rows if not status or r.status == status]
    context = {"spec": spec, "node": node, "rows": shown, "counts": counts, "filters": filters, "on": on,
               "decision": decision_text(node, spec), "notes": binding_notes(results)}  # fmt: skip
    return render(request, "rules/requirement.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def precheck(request):
    societies = selectors.visible_societies(request.user).order_by("name")
    first = societies.first()
    # The documents the society's 科协 adopted as binding come first and the first is chosen:
    # a Hubei secretary starts with Hubei's rules, not a Shanghai district's (ux D16).
    adoptions = selectors.adoptions_of(first.federation_id if first else None)
    versions = sorted(
        selectors.current_versions(),
        key=lambda v: (
            not getattr(adoptions.get(v.framework.key), "binding", False),
            v.framework.key,
        ),
    )
    frameworks = [(v.framework.key, v.framework.title) for v in versions]
    initial = {"framework": frameworks[0][0]} if frameworks else {}
    form = PrecheckForm(
        request.POST or None, request.FILES or None, frameworks=frameworks, initial=initial
    )
    outcome, society = None, None
    if request.method == "POST" and form.is_valid():
        society = society_for(request.user, request.POST.get("society"))
        spec = _spec_or_404(form.cleaned_data["framework"])
        outcome = precheck_run(
            society=society,
            spec=spec,
            upload=form.cleaned_data["file"],
            election_on=form.cleaned_data["election_on"],
        )
    context = {
        "form": form,
        "societies": societies,
        "outcome": outcome,
        "society": society,
        "tally": _tally(outcome.results) if outcome and outcome.ok else "",
    }
    return render(request, "rules/precheck.html", context)


def _tally(results) -> str:
    """共11项：达标9项、不达标2项 — the line a secretary reads first."""
    counts = Counter(r.status_label for r in results)
    parts = "、".join(f"{label}{count}项" for label, count in counts.most_common())
    return f"共{len(results)}项：{parts}" if results else ""
