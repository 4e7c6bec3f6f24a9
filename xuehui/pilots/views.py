"""Pilot pages: programmes and their batches (phases, rules, points, at a glance and as xlsx);
choosing the pilots (readiness, 征求意见, decisions); each pilot society's page (its plan in the
batch's campaign, guidance, 成效评估, 总结报告, inspections); the acceptance inspection (panel,
declarations, record, scores, verdict, 公示, objections, the opinion as Word and PDF); typical
cases and the exchange meeting. Objects come through the access layer."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    administers,
    batch_for,
    can_edit_society,
    federations_administered,
    inspection_for,
    panel_seat_for,
    scope_for,
    society_for,
    society_object_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.pages import society_page_context
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import add_service_errors, errors_to_messages, run_service
from xuehui.societies.models import Federation
from xuehui.submissions.once import submit_once
from xuehui.workplans.documents import DOCX_CONTENT_TYPE

from . import documents, selectors, services
from .choices import Decision, ReportStatus
from .forms import (
    AnswerForm,
    BatchForm,
    BatchRulesForm,
    CandidatesFilterForm,
    CaseForm,
    ConcludeForm,
    DecideForm,
    DeclarationForm,
    GuidanceForm,
    MeetingForm,
    MembershipAddForm,
    MembershipEndForm,
    MidtermForm,
    ObjectionAnswerForm,
    ObjectionForm,
    PhasesForm,
    PointsForm,
    ProgrammeForm,
    PublicityForm,
    RecordForm,
    ResponseForm,
    ScheduleForm,
    ScoresForm,
    SummaryForm,
)
from .models import (
    Candidacy,
    GuidanceNote,
    Objection,
    PilotMembership,
    PilotProgramme,
    SummaryReport,
    TypicalCase,
)


def _manager_society(request, society_pk):
    """The society, if the user is 科协 staff who may edit it (a secretary may not decide pilots)."""
    society = society_for(request.user, society_pk, edit=True)
    if not scope_for(request.user).is_federation_staff:
        raise PermissionDenied("只有科协管理员可以调整试点学会")
    return society


# ---- programmes -------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request):
    return render(
        request,
        "pilots/programme_list.html",
        {
            "programmes": selectors.programmes_visible(request.user),
            "may_create": federations_administered(request.user).exists(),
        },
    )


def _programme_form(request, programme=None):
    federations = federations_administered(request.user).filter(is_active=True).order_by("code")
    initial = {}
    if programme is not None:
        initial = {
            "key": programme.key, "name": programme.name, "federation": programme.federation,
            "framework": programme.framework, "standards_key": programme.standards_key,
            "description": programme.description,
        }  # fmt: skip
    return ProgrammeForm(
        request.POST or None, federations=federations, editing=programme is not None,
        initial=initial,
    )  # fmt: skip


def _programme_save(request, form, programme=None):
    data = form.cleaned_data
    key = programme.key if programme else data["key"]
    if programme is None and PilotProgramme.objects.filter(key=key).exists():
        raise ValidationError({"key": f"项目代码“{key}”已被使用"})
    return services.pilot_programme_save(
        key=key, name=data["name"], federation=data["federation"], framework=data["framework"],
        description=data["description"], standards_key=data["standards_key"], actor=request.user,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def programme_new(request):
    if not federations_administered(request.user).exists():
        raise PermissionDenied("只有科协管理员可以新建试点项目")
    form = _programme_form(request)
    if request.method == "POST" and run_service(form, lambda: _programme_save(request, form)):
        messages.success(request, f"已新建试点项目：{form.cleaned_data['name']}")
        return redirect("pilots:programme", form.cleaned_data["key"])
    return render(request, "pilots/programme_form.html", {"form": form, "programme": None})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, key):
    programme = get_object_or_404(selectors.programmes_visible(request.user), key=key)
    if not administers(request.user, programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以修改试点项目")
    form = _programme_form(request, programme)
    if request.method == "POST" and run_service(
        form, lambda: _programme_save(request, form, programme)
    ):
        messages.success(request, "已保存")
        return redirect("pilots:programme", programme.key)
    return render(request, "pilots/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def programme_detail(request, key):
    programme = get_object_or_404(selectors.programmes_visible(request.user), key=key)
    manages = administers(request.user, programme.federation_id)
    form = BatchForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("只有开展试点的科协管理员可以新建批次")
        holder = {}

        def create():
            holder["batch"] = services.batch_create(
                programme=programme, actor=request.user, **form.cleaned_data
            )

        if run_service(form, create):
            messages.success(request, f"已新建{holder['batch']}，阶段按文件的安排生成，可调整日期")
            return redirect("pilots:batch", holder["batch"].pk)
    context = {
        "programme": programme,
        "batches": selectors.batches_of(programme),
        "memberships": selectors.memberships_visible(request.user, programme),
        "standards": selectors.standards(programme),
        "manages": manages,
        "form": form,
    }
    return render(request, "pilots/programme_detail.html", context)


# ---- a batch ----------------------------------------------------------------------------------


@login_required
@require_GET
def batch_detail(request, pk):
    batch = batch_for(request.user, pk)
    today = timezone.localdate()
    rows = selectors.batch_rows(batch, request.user, today)
    if request.GET.get("format") == "xlsx":
        data = documents.batch_workbook(batch, rows, today)
        audit_export(actor=request.user, what=f"{batch}试点进展", rows=len(rows))
        return download_response(data, f"{batch}试点进展.xlsx")
    manages = administers(request.user, batch.programme.federation_id)
    context = {
        "batch": batch,
        "programme": batch.programme,
        "phases": selectors.phase_rows(batch, today),
        "timeline": selectors.timeline(batch, today),
        "rows": rows,
        "manages": manages,
        "sees_candidates": scope_for(request.user).sees_federation(batch.programme.federation_id),
        "points": selectors.points_table(batch),
        "cases": batch.cases.select_related("society").prefetch_related("attachments"),
        "meetings": batch.meetings.prefetch_related("cases__society"),
        "today": today,
    }
    if manages:
        context |= {
            "phases_form": PhasesForm(phases=batch.phases.order_by("position")),
            "rules_form": BatchRulesForm(
                initial={
                    "pass_mark": batch.pass_mark,
                    "fail_mark": batch.fail_mark,
                    "publicity_days": batch.publicity_days,
                }
            ),  # fmt: skip
            "points_form": PointsForm(
                standards=selectors.standards(batch.programme), points=selectors.points_of(batch)
            ),
            "case_form": CaseForm(societies=selectors.batch_societies(batch)),
            "meeting_form": MeetingForm(batch=batch),
        }
    return render(request, "pilots/batch_detail.html", context)


@login_required
@require_POST
def batch_phases(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    form = PhasesForm(request.POST, phases=batch.phases.order_by("position"))
    if run_service(
        form, lambda: services.phases_update(batch=batch, dates=form.dates(), actor=request.user)
    ):
        messages.success(request, "已保存阶段安排")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:batch", batch.pk)


@login_required
@require_POST
def batch_rules(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    form = BatchRulesForm(request.POST)
    if run_service(
        form, lambda: services.batch_update(batch=batch, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "已保存验收规则")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:batch", batch.pk)


@login_required
@require_POST
def batch_points(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    form = PointsForm(
        request.POST,
        standards=selectors.standards(batch.programme),
        points=selectors.points_of(batch),
    )
    if run_service(
        form,
        lambda: services.points_set(
            batch=batch, points=dict(form.cleaned_data), actor=request.user
        ),
    ):
        messages.success(request, "已保存各项标准分值")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:batch", batch.pk)


@login_required
@require_POST
def batch_start(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    try:
        campaign = services.batch_start(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已启动实施：{campaign.entries.count()}个试点学会可编写实施方案")
    return redirect("pilots:batch", batch.pk)


# ---- choosing the pilots ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidates(request, pk):
    batch = batch_for(request.user, pk, manage=request.method == "POST")
    programme = batch.programme
    if not scope_for(request.user).sees_federation(programme.federation_id):
        # A pilot society sees its batch, not how the other societies were ranked.
        raise PermissionDenied("候选学会的排序只有科协的工作人员和领导可以查看")
    if request.method == "POST":
        wanted = selectors.candidates(programme, timezone.localdate()).filter(
            pk__in=[v for v in request.POST.getlist("society") if v.isdigit()]
        )
        try:
            count = services.candidacies_open(
                batch=batch, societies=list(wanted), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            if count:
                messages.success(request, f"已向{count}个学会征求意见")
            else:
                messages.warning(
                    request, "没有可征求意见的学会：所选学会均已征求过意见，或未选择学会"
                )
        return redirect("pilots:candidates", batch.pk)
    day = _day(request.GET.get("on"))
    filters = CandidatesFilterForm(
        request.GET or None,
        federations=Federation.objects.filter(pk__in=selectors.federation_subtree_ids(programme)),
    )
    ranked = selectors.readiness(programme, day)
    if filters.is_valid():
        ranked = selectors.filter_ranked(ranked, **filters.cleaned_data)
    context = {
        "batch": batch,
        "programme": programme,
        "ranked": ranked,
        "day": day,
        "filters": filters,
        "asked": {c.society_id: c for c in batch.candidacies.all()},
        "candidacies": batch.candidacies.select_related("society").order_by(
            "decision", "society__name_pinyin"
        ),
        "standards": selectors.standards(programme),
        "manages": administers(request.user, programme.federation_id),
    }
    return render(request, "pilots/candidates.html", context)


def _day(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
@require_POST
def candidacy_decide(request, pk):
    candidacy = get_object_or_404(Candidacy.objects.select_related("batch", "society"), pk=pk)
    batch_for(request.user, candidacy.batch_id, manage=True)
    form = DecideForm(request.POST)
    if run_service(
        form,
        lambda: services.candidacy_decide(
            candidacy=candidacy, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, f"{candidacy.society.name}：{candidacy.get_decision_display()}")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:candidates", candidacy.batch_id)


@login_required
@require_POST
def candidacy_answer(request, pk):
    candidacy = society_object_for(
        request.user, Candidacy.objects.select_related("batch__programme"), pk, edit=True
    )
    form = AnswerForm(request.POST)
    if run_service(
        form,
        lambda: services.candidacy_answer(
            candidacy=candidacy, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, f"已答复：{candidacy.get_willingness_display()}")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:society", candidacy.society_id)


# ---- a society's pilots -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def society_pilots(request, society_pk):
    society = society_for(request.user, society_pk)
    can_manage = scope_for(request.user).is_federation_staff and can_edit_society(
        request.user, society
    )
    form = MembershipAddForm(request.POST or None, programmes=selectors.programmes_open_to(society))
    if request.method == "POST":
        society = _manager_society(request, society_pk)
        if form.is_valid():
            try:
                services.pilot_membership_add(
                    society=society, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已加入{form.cleaned_data['programme'].name}")
                return redirect("pilots:society", society.pk)
    context = society_page_context(
        request, society, "compliance", memberships=selectors.memberships_of(society), form=form,
        end_form=MembershipEndForm(), can_manage=can_manage,
        candidacies=society.pilot_candidacies.select_related("batch__programme").order_by("-asked_at"),
        answer_form=AnswerForm(), can_answer=can_edit_society(request.user, society),
        pending=Decision.PENDING,
    )  # fmt: skip
    return render(request, "pilots/society_pilots.html", context)


@login_required
@require_POST
def membership_end(request, pk):
    membership = society_object_for(
        request.user, PilotMembership.objects.select_related("programme"), pk, edit=True
    )
    society = _manager_society(request, membership.society_id)
    form = MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_membership_end(
                membership=membership, until=form.cleaned_data["until"], actor=request.user
            )
            messages.success(request, f"{society.name}已退出{membership.programme.name}")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, "请填写有效的退出日期")
    return redirect("pilots:society", society.pk)


def _membership(request, pk, *, edit=False) -> PilotMembership:
    return society_object_for(
        request.user,
        PilotMembership.objects.select_related(
            "programme__federation", "programme__framework", "batch__campaign"
        ),
        pk,
        edit=edit,
    )


@login_required
@require_GET
def membership_detail(request, pk):
    membership = _membership(request, pk)
    manages = administers(request.user, membership.programme.federation_id)
    context = society_page_context(
        request, membership.society, "compliance",
        membership=membership,
        manages=manages,
        can_edit=can_edit_society(request.user, membership.society),
        entry=selectors.entry_of(membership),
        plan=selectors.plan_of(membership),
        guidance=membership.guidance.all(),
        midterms=membership.midterms.all(),
        summary=SummaryReport.objects.filter(membership=membership).first(),
        inspections=membership.inspections.prefetch_related("panel__expert"),
        guidance_form=GuidanceForm(), response_form=ResponseForm(),
        midterm_form=MidtermForm(initial={"on": timezone.localdate()}),
        may_schedule=manages and selectors.may_schedule(membership),
    )  # fmt: skip
    return render(request, "pilots/membership.html", context)


@login_required
@require_POST
@submit_once
def guidance_add(request, pk):
    membership = _membership(request, pk)
    if not administers(request.user, membership.programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以提出指导意见")
    form = GuidanceForm(request.POST)
    if run_service(
        form,
        lambda: services.guidance_add(
            membership=membership, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已提出指导意见，已通知学会")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:membership", membership.pk)


@login_required
@require_POST
def guidance_respond(request, pk):
    note = get_object_or_404(GuidanceNote.objects.select_related("membership"), pk=pk)
    membership = _membership(request, note.membership_id, edit=True)
    form = ResponseForm(request.POST)
    if run_service(
        form, lambda: services.guidance_respond(note=note, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "已答复落实情况")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:membership", membership.pk)


@login_required
@require_POST
@submit_once
def midterm_add(request, pk):
    membership = _membership(request, pk)
    if not administers(request.user, membership.programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以进行成效评估")
    form = MidtermForm(request.POST)
    if run_service(
        form,
        lambda: services.midterm_record(
            membership=membership, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已记录成效评估")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:membership", membership.pk)


@login_required
@require_http_methods(["GET", "POST"])
def summary(request, pk):
    membership = _membership(request, pk)
    report = SummaryReport.objects.filter(membership=membership).first()
    editable = can_edit_society(request.user, membership.society) and (
        report is None or report.status == ReportStatus.DRAFT
    )
    initial = {name: getattr(report, name) for name in services.SUMMARY_PARTS} if report else {}
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST":
        membership = _membership(request, pk, edit=True)
        if not editable:
            raise PermissionDenied("总结报告已报送，不能再修改")
        holder = {}

        def save():
            holder["report"] = services.summary_save(
                membership=membership, actor=request.user, **form.cleaned_data
            )
            if "submit" in request.POST:
                services.summary_submit(report=holder["report"], actor=request.user)

        if run_service(form, save):
            messages.success(
                request, "已报送总结报告" if "submit" in request.POST else "已保存草稿"
            )
            return redirect("pilots:summary", membership.pk)
    figures = (
        report.figures
        if report and report.figures
        else selectors.figures_compared(membership, timezone.localdate())
    )
    context = society_page_context(
        request, membership.society, "compliance", membership=membership, report=report,
        form=form, editable=editable, figures=figures,
        started_on=selectors.batch_started_on(membership),
    )  # fmt: skip
    return render(request, "pilots/summary.html", context)


# ---- acceptance ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def inspection_new(request, pk):
    membership = _membership(request, pk)
    if not administers(request.user, membership.programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以安排检查验收")
    form = ScheduleForm(request.POST or None, experts=selectors.experts_for(membership.programme))
    if request.method == "POST":
        holder = {}

        def schedule():
            holder["inspection"] = services.inspection_schedule(
                membership=membership, scheduled_on=form.cleaned_data["scheduled_on"],
                place=form.cleaned_data["place"], experts=form.experts(), actor=request.user,
            )  # fmt: skip

        if run_service(form, schedule):
            messages.success(request, "已安排检查验收，已通知专家")
            return redirect("pilots:inspection", holder["inspection"].pk)
    context = society_page_context(
        request, membership.society, "compliance", membership=membership, form=form,
        round=membership.inspections.count() + 1,
    )  # fmt: skip
    return render(request, "pilots/inspection_new.html", context)


def _inspection_context(request, inspection, **forms_) -> dict:
    manages = administers(request.user, inspection.membership.programme.federation_id)
    seat = inspection.panel.filter(expert=request.user).first()
    batch = inspection.membership.batch
    standards = selectors.standards(inspection.membership.programme)
    points = selectors.points_of(batch)
    totals = selectors.expert_totals(inspection)
    context = {
        "inspection": inspection,
        "membership": inspection.membership,
        "batch": batch,
        "manages": manages,
        "seat": seat,
        "panel": list(inspection.panel.select_related("expert")),
        "sheet": selectors.score_sheet(
            inspection, standards, points, show_all=manages or inspection.is_concluded
        ),
        "totals": totals,
        "preview": selectors.panel_preview(inspection, totals),
        "objections": inspection.objections.all(),
        "today": timezone.localdate(),
    }
    if seat and not inspection.is_concluded:
        existing = {s.requirement_key: s for s in seat.scores.all()}
        context["declaration_form"] = forms_.get("declaration_form") or DeclarationForm()
        context["scores_form"] = forms_.get("scores_form") or ScoresForm(
            standards=standards, points=points, existing=existing
        )
    if manages:
        context["record_form"] = forms_.get("record_form") or RecordForm(
            panel=context["panel"],
            initial={
                "held_on": inspection.held_on or inspection.scheduled_on,
                "materials": inspection.materials, "people_met": inspection.people_met,
                "present": [str(m.pk) for m in context["panel"] if m.present],
            },
        )  # fmt: skip
        context["conclude_form"] = forms_.get("conclude_form") or ConcludeForm()
        context["publicity_form"] = PublicityForm(initial={"starts_on": timezone.localdate()})
        context["objection_form"] = forms_.get("objection_form") or ObjectionForm(
            initial={"raised_on": timezone.localdate()}
        )
        context["answer_form"] = ObjectionAnswerForm()
    return context


@login_required
@require_GET
def inspection_detail(request, pk):
    inspection = inspection_for(request.user, pk)
    return render(request, "pilots/inspection.html", _inspection_context(request, inspection))


def _inspection_action(
    request, pk, form_class, name, call, done, *, manage=False, seat=False, **form_kwargs
):
    inspection = inspection_for(request.user, pk, manage=manage)
    member = panel_seat_for(request.user, inspection) if seat else None
    if callable(form_kwargs.get("factory")):
        form = form_kwargs.pop("factory")(inspection, member)
    else:
        form = form_class(request.POST, **form_kwargs)
    if run_service(form, lambda: call(inspection, member, form.cleaned_data)):
        messages.success(request, done)
        return redirect("pilots:inspection", inspection.pk)
    context = _inspection_context(request, inspection, **{name: form})
    return render(request, "pilots/inspection.html", context, status=200)


@login_required
@require_POST
def inspection_declare(request, pk):
    return _inspection_action(
        request, pk, DeclarationForm, "declaration_form",
        lambda i, seat, data: services.declaration_record(
            member=seat, no_conflict=data["no_conflict"], note=data["declaration"], actor=request.user
        ),
        "已作利益冲突声明", seat=True,
    )  # fmt: skip


@login_required
@require_POST
def inspection_record(request, pk):
    def factory(inspection, _):
        return RecordForm(request.POST, panel=list(inspection.panel.select_related("expert")))

    return _inspection_action(
        request, pk, RecordForm, "record_form",
        lambda i, _, data: services.inspection_record(
            inspection=i, held_on=data["held_on"], materials=data["materials"],
            people_met=data["people_met"], present={int(v) for v in data["present"]},
            actor=request.user,
        ),
        "已保存现场检查记录", manage=True, factory=factory,
    )  # fmt: skip


@login_required
@require_POST
def inspection_score(request, pk):
    def factory(inspection, seat):
        return ScoresForm(
            request.POST, standards=selectors.standards(inspection.membership.programme),
            points=selectors.points_of(inspection.membership.batch), existing={},
        )  # fmt: skip

    def call(inspection, seat, data):
        services.scores_save(member=seat, scores=_scores(inspection, data), actor=request.user)

    return _inspection_action(
        request, pk, ScoresForm, "scores_form", call, "已保存评分", seat=True, factory=factory
    )


def _scores(inspection, data) -> dict:
    keys = [n.key for n in selectors.standards(inspection.membership.programme)]
    return {key: (data[f"points_{key}"], data[f"comment_{key}"]) for key in keys}


@login_required
@require_POST
def inspection_conclude(request, pk):
    return _inspection_action(
        request, pk, ConcludeForm, "conclude_form",
        lambda i, _, data: services.inspection_conclude(inspection=i, actor=request.user, **data),
        "已形成验收结论", manage=True,
    )  # fmt: skip


@login_required
@require_POST
def inspection_publicity(request, pk):
    return _inspection_action(
        request, pk, PublicityForm, "publicity_form",
        lambda i, _, data: services.publicity_start(inspection=i, actor=request.user, **data),
        "已开始公示", manage=True,
    )  # fmt: skip


@login_required
@require_POST
@submit_once
def objection_add(request, pk):
    return _inspection_action(
        request, pk, ObjectionForm, "objection_form",
        lambda i, _, data: services.objection_add(inspection=i, actor=request.user, **data),
        "已记录异议", manage=True,
    )  # fmt: skip


@login_required
@require_POST
def objection_answer(request, pk):
    objection = get_object_or_404(Objection, pk=pk)
    inspection_for(request.user, objection.inspection_id, manage=True)
    form = ObjectionAnswerForm(request.POST)
    if run_service(
        form,
        lambda: services.objection_answer(
            objection=objection, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已答复异议")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:inspection", objection.inspection_id)


@login_required
@require_POST
def inspection_publish(request, pk):
    inspection = inspection_for(request.user, pk, manage=True)
    try:
        services.result_publish(inspection=inspection, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已公布验收结果")
    return redirect("pilots:inspection", inspection.pk)


@login_required
@require_GET
def inspection_opinion(request, pk, fmt):
    inspection = inspection_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种格式")
    if not inspection.is_concluded:
        raise PermissionDenied("验收结论形成后才能生成验收意见")
    name = f"{inspection.membership.society.name}{inspection.round_label}意见"
    society = inspection.membership.society
    audit_export(actor=request.user, what=name, rows=None, society=society, fmt=fmt)
    if fmt == "pdf":
        return download_response(
            documents.opinion_pdf(inspection), f"{name}.pdf", "application/pdf"
        )
    return download_response(documents.opinion_docx(inspection), f"{name}.docx", DOCX_CONTENT_TYPE)


# ---- spreading what worked ----------------------------------------------------------------------


@login_required
@require_POST
@submit_once
def case_new(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    form = CaseForm(request.POST, request.FILES, societies=selectors.batch_societies(batch))
    files = request.FILES.getlist("files")
    if run_service(form, lambda: services.case_save(
        batch=batch, society=form.cleaned_data["society"], title=form.cleaned_data["title"],
        practice=form.cleaned_data["practice"], results=form.cleaned_data["results"],
        files=files, actor=request.user,
    )):  # fmt: skip
        messages.success(request, "已添加典型案例")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:batch", batch.pk)


@login_required
@require_POST
def case_publish(request, pk):
    case = get_object_or_404(TypicalCase, pk=pk)
    batch_for(request.user, case.batch_id, manage=True)
    case = services.case_publish(case=case, actor=request.user)
    messages.success(request, f"已{'发布' if case.published_at else '撤回'}：{case.title}")
    return redirect("pilots:batch", case.batch_id)


@login_required
@require_POST
@submit_once
def meeting_new(request, pk):
    batch = batch_for(request.user, pk, manage=True)
    form = MeetingForm(request.POST, batch=batch)
    if run_service(
        form, lambda: services.meeting_save(batch=batch, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "已记录经验交流会")
    else:
        errors_to_messages(request, form)
    return redirect("pilots:batch", batch.pk)


@require_GET
def public_cases(request):
    """The published typical cases, for anyone (no personal data: titles, practices, results)."""
    cases = (
        TypicalCase.objects.filter(published_at__isnull=False)
        .select_related("society", "batch__programme")
        .order_by("-published_at")
    )
    return render(request, "pilots/public_cases.html", {"cases": cases})
