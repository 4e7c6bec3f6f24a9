"""科协统计 pages: a 科协's yearly return on screen (every table, a row per 科协 and society,
figures that moved more than the threshold highlighted), its xlsx, the 报表说明 and 变动说明
written by its administrators, and a society's own figures for its secretary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    administers,
    societies_filled_in,
    statistics_federation_for,
    statistics_federations,
    statistics_society_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.pages import society_page_context
from xuehui.jobs.exports import export_start
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import errors_to_messages, run_service

from . import exports, services
from .exporters import report_filename, write_report
from .forms import ExplanationForm, ReturnFilterForm
from .selectors import (
    default_threshold,
    default_year,
    federation_report,
    screen_tables,
    society_report,
)


def _filter(request) -> ReturnFilterForm:
    form = ReturnFilterForm(
        request.GET or None,
        year=default_year(timezone.localdate()),
        threshold=default_threshold(),
    )
    if form.is_bound and not form.is_valid():
        errors_to_messages(request, form)
    return form


def _query(form: ReturnFilterForm) -> str:
    return urlencode({"year": form.value("year"), "threshold": form.value("threshold")})


@login_required
@require_GET
def index(request):
    """The 科协's return for its staff and leaders; a secretary's own society's figures."""
    federations = list(statistics_federations(request.user)[:200])
    if federations:
        ids = {f.pk for f in federations}
        top = next(f for f in federations if f.parent_id not in ids)
        return redirect("stats:federation", top.pk)
    society = societies_filled_in(request.user).order_by("name_pinyin").first()
    if society is not None:
        return redirect("stats:society", society.pk)
    raise PermissionDenied("统计报表由科协工作人员和学会秘书处查看")


def _federation_report(request, pk):
    federation = statistics_federation_for(request.user, pk)
    form = _filter(request)
    report = federation_report(federation, form.value("year"), threshold=form.value("threshold"))
    return federation, form, report


@login_required
@require_GET
def federation(request, pk):
    federation, form, report = _federation_report(request, pk)
    context = {
        "federation": federation,
        "form": form,
        "report": report,
        "tables": screen_tables(report),
        "query": _query(form),
        "federations": statistics_federations(request.user),
        "may_explain": administers(request.user, federation.pk),
    }
    return render(request, "stats/federation.html", context)


@login_required
@require_POST
def federation_xlsx(request, pk):
    """The whole subtree's return is built by a job; its page leads to the download."""
    federation = statistics_federation_for(request.user, pk)
    form = _filter(request)
    year, threshold = form.value("year"), form.value("threshold")
    job = export_start(
        user=request.user,
        name=exports.RETURN,
        title=f"导出：{federation.name}{year}年度综合统计报表",
        params={"federation": federation.pk, "year": year, "threshold": str(threshold)},
    )
    return redirect("jobs:detail", job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def explanation_edit(request, pk):
    federation = statistics_federation_for(request.user, pk, manage=True)
    form_filter = _filter(request)
    report = federation_report(
        federation, form_filter.value("year"), threshold=form_filter.value("threshold")
    )
    found = report.statistics_return
    form = ExplanationForm(
        request.POST or None,
        initial={"explanation": found.explanation if found else ""},
        flags=[flag for flag in report.flags if flag.row.is_federation],
        notes=found.notes if found else {},
    )
    back = reverse("stats:federation", args=[federation.pk]) + "?" + _query(form_filter)
    if request.method == "POST" and run_service(
        form,
        lambda: services.statistics_return_save(
            federation=federation,
            year=report.year,
            explanation=form.cleaned_data["explanation"],
            notes=form.notes(),
            actor=request.user,
        ),
    ):
        messages.success(request, "已保存报表说明")
        return redirect(back)
    context = {"federation": federation, "form": form, "report": report, "back": back}
    return render(request, "stats/explanation_form.html", context)


def _society_report(request, society_pk):
    society = statistics_society_for(request.user, society_pk)
    form = _filter(request)
    return (
        society,
        form,
        society_report(society, form.value("year"), threshold=form.value("threshold")),
    )


@login_required
@require_GET
def society(request, society_pk):
    society, form, report = _society_report(request, society_pk)
    context = society_page_context(
        request,
        society,
        "statistics",
        form=form,
        report=report,
        tables=screen_tables(report),
        query=_query(form),
    )
    return render(request, "stats/society.html", context)


@login_required
@require_GET
def society_xlsx(request, society_pk):
    society, _, report = _society_report(request, society_pk)
    data, filename = write_report(report), report_filename(report)
    audit_export(
        actor=request.user, what=filename.removesuffix(".xlsx"), rows=None, society=society
    )
    return download_response(data, filename)
