"""Pages of a society's terms and council: the roster, its figures, and the forms behind them.

Every URL carries the society, and every object is looked up inside it, so a post of
society B cannot be reached through society A's address (404), whatever its number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import scope_for, societies_administered, society_for
from xuehui.core.pages import full_export_page, import_url, society_page_context
from xuehui.core.personal_pages import anonymise_page, unmask_page
from xuehui.files.forms import upload_within_quota
from xuehui.imports.pending import pending_store
from xuehui.lib.constraints import constraint_errors
from xuehui.lib.export import download_response
from xuehui.lib.htmx import render_page
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import submit_once

from . import selectors
from .composition import COUNTING_RULE_TEXT
from .exporters import RosterExporter
from .forms import (
    OfficeFilterForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
    RosterImportForm,
    TermForm,
)
from .importers import ROSTER
from .models import Position, Term
from .services import (
    person_anonymise,
    person_is_anonymised,
    person_save,
    position_delete,
    position_end,
    roster_export_audit,
    term_create,
    term_update,
)
from .services import (
    person_unmask as person_unmask_service,
)


def _in_society(request, society_pk, queryset, pk, *, edit: bool = False):
    """The society (scoped by the access layer) and the object `pk` inside it, or 404."""
    society = society_for(request.user, society_pk, edit=edit)
    return society, get_object_or_404(queryset.filter(society=society), pk=pk)


def _council_url(society, term=None) -> str:
    url = reverse("governance:council", args=[society.pk])
    return f"{url}?term={term.pk}" if term is not None else url


def _pick_term(terms: list[Term], wanted, today) -> Term | None:
    by_pk = {str(term.pk): term for term in terms}
    return by_pk.get(str(wanted)) or selectors.running_term(terms, today) or next(iter(terms), None)


@login_required
@require_GET
def council(request, society_pk):
    society = society_for(request.user, society_pk)
    today = timezone.localdate()
    terms = selectors.terms_of(society)
    term = _pick_term(terms, request.GET.get("term"), today)
    office_form = OfficeFilterForm(request.GET)
    office = office_form.office_value()
    positions = selectors.term_positions(term) if term else []
    day = selectors.figures_day(term, today) if term else today
    shown = [p for p in positions if not office or p.office == office]
    rows = selectors.term_rows(terms, today)
    context = society_page_context(
        request,
        society,
        "council",
        today=today,
        term_rows=rows,
        term=term,
        term_row=next((row for row in rows if row.term == term), None),
        current_term=selectors.running_term(terms, today),
        office_form=office_form,
        rows=selectors.roster_rows(shown, day),
        figures=selectors.term_figures(term, positions, day) if term else None,
        counting_rule=COUNTING_RULE_TEXT,
    )
    if context["can_edit"]:
        context["import_url"] = import_url("governance:roster_import", society.pk)
        context["template_url"] = import_url("imports:template", "roster")
    if term is not None:
        context["download_url"] = import_url("governance:roster_export", society.pk, term.pk)
    return render_page(request, "governance/council.html", "governance/_roster.html", context)


def _form_page(request, society, template: str, **context):
    return render(request, template, society_page_context(request, society, "council", **context))


@login_required
@submit_once
def term_create_view(request, society_pk):
    society = society_for(request.user, society_pk, edit=True)
    next_number = max((t.number for t in selectors.terms_of(society)), default=0) + 1
    form = TermForm(request.POST or None, society=society, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            with constraint_errors():
                term = term_create(society=society, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新增{term}")
            return redirect(_council_url(society, term))
    return _form_page(request, society, "governance/term_form.html", form=form, term=None)


@login_required
def term_edit(request, society_pk, pk):
    society, term = _in_society(request, society_pk, Term.objects, pk, edit=True)
    initial = {k: getattr(term, k) for k in ("number", "start_on", "planned_end_on", "ended_on")}
    form = TermForm(request.POST or None, society=society, term=term, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with constraint_errors():
                term_update(term=term, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存{term}")
            return redirect(_council_url(society, term))
    return _form_page(request, society, "governance/term_form.html", form=form, term=term)


@login_required
@submit_once
def position_create(request, society_pk, term_pk):
    society, term = _in_society(request, society_pk, Term.objects, term_pk, edit=True)
    data = request.POST or None
    form = PositionForm(
        data, instance=Position(society=society, term=term), people=selectors.people_of(society)
    )
    person_form = PersonForm(data, prefix="new", society=society, reuse_by_id_number=True)
    if (
        request.method == "POST"
        and form.is_valid()
        and (form.picks_person or person_form.is_valid())
    ):
        try:
            with constraint_errors():
                position = form.save_with(person_form=person_form, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            reused = (
                "（身份证号码与本学会已登记的人员一致，已关联到该人员，其信息未改动）"
                if person_form.reused
                else ""
            )
            messages.success(request, f"已新增职务：{position}{reused}")
            return redirect(_council_url(society, term))
    return _form_page(
        request,
        society,
        "governance/position_form.html",
        form=form,
        person_form=person_form,
        term=term,
        position=None,
    )


@login_required
def position_edit(request, society_pk, pk):
    queryset = Position.objects.select_related("person", "term")
    society, position = _in_society(request, society_pk, queryset, pk, edit=True)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                form.save_with(person_form=None, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存职务：{position}")
            return redirect(_council_url(society, position.term))
    context = {"form": form, "term": position.term, "position": position}
    return _form_page(request, society, "governance/position_form.html", **context)


@login_required
def position_end_view(request, society_pk, pk):
    queryset = Position.objects.select_related("person", "term")
    society, position = _in_society(request, society_pk, queryset, pk, edit=True)
    form = PositionEndForm(request.POST or None, position=position)
    if request.method == "POST" and form.is_valid():
        try:
            position_end(position=position, end_on=form.cleaned_data["end_on"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记离任：{position}")
            return redirect(_council_url(society, position.term))
    context = {"form": form, "position": position}
    return _form_page(request, society, "governance/position_end_form.html", **context)


@login_required
def position_delete_view(request, society_pk, pk):
    queryset = Position.objects.select_related("person", "term")
    society, position = _in_society(request, society_pk, queryset, pk, edit=True)
    if request.method == "POST":
        term = position.term
        position_delete(position=position, actor=request.user)
        messages.success(request, f"已删除职务：{position}")
        return redirect(_council_url(society, term))
    return _form_page(
        request, society, "governance/position_confirm_delete.html", position=position
    )


@login_required
def person_edit(request, society_pk, pk):
    society = society_for(request.user, society_pk, edit=True)
    person = get_object_or_404(selectors.people_of(society), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                person_save(person=form.instance, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存人员信息：{person.name}")
            return redirect(_council_url(society))
    posts = person.positions.select_related("term").order_by("-term__start_on")
    context = {"form": form, "person": person, "posts": posts}
    societies = _administered_societies(request.user, required=False)
    if societies is not None:  # only administrators see the same person's other records
        context["elsewhere"] = selectors.records_elsewhere(person, societies)
    return _form_page(request, society, "governance/person_form.html", **context)


ANONYMISED = (
    "姓名改为“匿名人员”，身份证号码、联系电话和备注清空，出生日期只保留年月；"
    "性别、任职、工作单位、职务职称、学历、政治面貌等统计所需的信息保留，"
    "人数、年龄段、性别比例等统计和合规检查结果不受影响。该人员的历史变更记录同样改写。"
)


@login_required
@require_http_methods(["GET", "POST"])
def person_unmask(request, society_pk, pk):
    """「显示完整号码」: a user who may edit the society sees a person's full ID number and
    phone once, after giving a reason, which is audited (the pages mask them otherwise)."""
    society = society_for(request.user, society_pk, edit=True)
    person = get_object_or_404(selectors.people_of(society), pk=pk)
    return unmask_page(
        request,
        person,
        society=society,
        tab="council",
        unmask=lambda reason: person_unmask_service(
            person=person, actor=request.user, reason=reason
        ),
        labels={"id_number": "身份证号码", "phone": "联系电话"},
        back_url=_council_url(society),
        back_label="届次与理事会",
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise_view(request, society_pk, pk):
    """An administrator anonymises a person's record on request, giving a reason."""
    society = society_for(request.user, society_pk, edit=True)
    person = get_object_or_404(selectors.people_of(society), pk=pk)
    return anonymise_page(
        request,
        person,
        society=society,
        tab="council",
        anonymise=lambda reason: person_anonymise(person=person, actor=request.user, reason=reason),
        anonymised=person_is_anonymised(person),
        explanation=ANONYMISED,
        back_url=reverse("governance:person_edit", args=[society.pk, person.pk]),
        done_url=_council_url(society),
    )


def _administered_societies(user, *, required: bool = True):
    """The societies of the 科协 the user administers (all for a system administrator);
    for anyone else 403, or None when not `required`."""
    if scope_for(user).is_federation_staff:
        return societies_administered(user)
    if required:
        raise PermissionDenied("只有科协管理员可以查看跨学会任职情况")
    return None


@login_required
@require_GET
def shared_people(request):
    """跨学会任职: people holding current posts in more than one society of the 科协."""
    societies = _administered_societies(request.user)
    today = timezone.localdate()
    page = Paginator(selectors.shared_identities(societies, today), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "people": selectors.shared_people(societies, list(page.object_list), today),
        "today": today,
    }
    return render(request, "governance/shared_people.html", context)


@login_required
def roster_import(request, society_pk: int):
    society = society_for(request.user, society_pk, edit=True)
    term = selectors.latest_term(society)
    initial = {"term_number": term.number, "term_start": term.start_on} if term else {}
    form = RosterImportForm(request.POST or None, request.FILES or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and upload_within_quota(form, user=request.user)
    ):
        upload = form.cleaned_data["file"]
        pending = pending_store(request, kind=ROSTER, upload=upload, params=form.params(society))
        return redirect("imports:preview", pending.token)
    context = {"form": form, "society": society, "latest_term": term, "kind": ROSTER}
    return render(request, "governance/roster_import.html", context)


@login_required
@require_GET
def roster_export(request, society_pk: int, term_pk: int):
    """The roster with ID and phone numbers masked, for every role (it imports back: a masked
    number keeps the stored one); audited as an export."""
    society = society_for(request.user, society_pk)
    term = get_object_or_404(Term.objects.select_related("society"), pk=term_pk, society=society)
    return _roster_file(request, term, reason=None)


@login_required
@require_http_methods(["GET", "POST"])
def roster_export_full(request, society_pk: int, term_pk: int):
    """「导出完整号码」: the roster with full numbers, for who may edit, with a reason (audited)."""
    society = society_for(request.user, society_pk, edit=True)
    term = get_object_or_404(Term.objects.select_related("society"), pk=term_pk, society=society)
    back = f"{reverse('governance:council', args=[society.pk])}?term={term.pk}"
    what = f"{term}理事会成员名册"
    return full_export_page(
        request,
        society,
        "council",
        what=what,
        back=back,
        respond=lambda reason: _roster_file(request, term, reason=reason),
    )


def _roster_file(request, term: Term, *, reason: str | None):
    """The roster's file, masked unless a reason is given; audited with it."""
    exporter = RosterExporter(term, masked=reason is None)
    data = exporter.write_xlsx()
    roster_export_audit(actor=request.user, term=term, reason=reason)
    return download_response(data, exporter.filename())
