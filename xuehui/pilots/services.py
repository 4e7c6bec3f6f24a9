"""Writes of pilot programmes: programmes and batches with their phases; choosing the pilots
(征求意见, decision); implementation (plans through the work-plan machinery, guidance, the mid-term
成效评估, the 总结报告); the acceptance inspection (panel, declarations, scores, verdict,
re-inspection, 公示 and objections); typical cases and the exchange meeting."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xuehui.access import require_administers
from xuehui.accounts.selectors import secretaries_of
from xuehui.accounts.services import secretaries_notify
from xuehui.audit.services import acting_user, audit_record
from xuehui.campaigns.services import campaign_launch
from xuehui.files.services import file_store
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send
from xuehui.rules.choices import Status

from . import selectors
from .choices import (
    PANEL_MINIMUM,
    AcceptanceVerdict,
    Decision,
    PhaseKind,
    ReportStatus,
    Willingness,
)
from .models import (
    Candidacy,
    ExchangeMeeting,
    GuidanceNote,
    Inspection,
    MidtermReview,
    Objection,
    PanelMember,
    PilotBatch,
    PilotMembership,
    PilotPhase,
    PilotProgramme,
    StandardScore,
    SummaryReport,
    TypicalCase,
)
from .phases import template_for
from .scoring import mark_text
from .todos import answer_key, guidance_key, score_key

CASE_PURPOSE = "典型案例附件"
# The parts of the 总结报告 (002 五（四）).
SUMMARY_LABELS = {
    "overall": "总体情况",
    "practices": "主要做法和成效",
    "problems": "存在的问题",
    "suggestions": "建议",
}
SUMMARY_PARTS = tuple(SUMMARY_LABELS)


@transaction.atomic
def pilot_programme_save(
    *,
    key: str,
    name: str,
    federation,
    framework,
    description: str = "",
    standards_key: str | None = None,
    actor,
) -> PilotProgramme:
    """Create the programme `key`, or update its name, federation, framework and description
    (an administrator of the federation, or the platform itself)."""
    require_administers(actor, federation.pk)
    programme = PilotProgramme.objects.filter(key=key).first() or PilotProgramme(key=key)
    created = programme.pk is None
    programme.name, programme.federation, programme.framework = name, federation, framework
    programme.description = description
    if standards_key is not None:
        programme.standards_key = standards_key.strip()
    if programme.standards_key:
        spec = selectors.spec_of(framework.current_version)
        if spec.find(programme.standards_key) is None:
            raise ValidationError(
                {"standards_key": f"{framework.name}中没有编号为“{programme.standards_key}”的条目"}
            )
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        action="pilot_programme_create" if created else "pilot_programme_update",
        target=programme,
        summary=f"{'新建' if created else '修改'}试点项目：{programme.name}",
    )
    return programme


@transaction.atomic
def pilot_membership_add(
    *,
    programme: PilotProgramme,
    society,
    since: dt.date,
    note: str = "",
    batch: PilotBatch | None = None,
    actor,
) -> PilotMembership:
    """A society joins a programme from `since`; joining twice for overlapping periods is refused.
    An administrator of the society's 科协 (or the platform itself) decides it."""
    require_administers(actor, society.federation_id)
    if society.federation_id != programme.federation_id and not _under(
        society.federation, programme.federation_id
    ):
        raise ValidationError(
            f"{society.name}不属于{programme.federation.name}及其下级科协，不能加入该试点"
        )
    if batch is not None and batch.programme_id != programme.pk:
        raise ValidationError("所选批次不属于该试点项目")
    membership = PilotMembership(
        programme=programme, society=society, since=since, note=note, batch=batch
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="pilot_membership_add",
        target=membership,
        society=society,
        summary=f"{society.name}自{since:%Y-%m-%d}加入{programme.name}",
    )
    return membership


def _under(federation, ancestor_id: int) -> bool:
    while federation is not None:
        if federation.pk == ancestor_id:
            return True
        federation = federation.parent
    return False


@transaction.atomic
def pilot_membership_end(*, membership: PilotMembership, until: dt.date, actor) -> PilotMembership:
    """A society leaves a programme on `until` (it is no longer a member from that day)."""
    require_administers(actor, membership.society.federation_id)
    membership.until = until
    membership.full_clean()
    membership.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="pilot_membership_end",
        target=membership,
        society=membership.society,
        summary=f"{membership.society.name}自{until:%Y-%m-%d}退出{membership.programme.name}",
    )
    return membership


# ---- batches and phases -----------------------------------------------------------------------


@transaction.atomic
def batch_create(
    *,
    programme: PilotProgramme,
    year: int,
    name: str = "",
    pass_mark: Decimal = Decimal(80),
    fail_mark: Decimal = Decimal(60),
    publicity_days: int = 7,
    actor,
) -> PilotBatch:
    """A batch of the programme in `year`, its phases laid out from the document's template."""
    require_administers(actor, programme.federation_id)
    batch = PilotBatch(
        programme=programme, year=year, name=(name or f"{year}年批次").strip(),
        pass_mark=pass_mark, fail_mark=fail_mark, publicity_days=publicity_days,
        created_by=acting_user(actor),
    )  # fmt: skip
    if PilotBatch.objects.filter(programme=programme, name=batch.name).exists():
        raise ValidationError({"name": f"{programme.name}已有名为“{batch.name}”的批次"})
    batch.full_clean()
    batch.save()
    phases = []
    for position, template in enumerate(template_for(programme.framework.key), start=1):
        starts_on, ends_on = template.dates(year)
        phases.append(
            PilotPhase(
                batch=batch,
                position=position,
                kind=template.kind,
                name=template.name,
                clause=template.clause,
                what=template.what,
                starts_on=starts_on,
                ends_on=ends_on,
            )  # fmt: skip
        )
    PilotPhase.objects.bulk_create(phases)
    audit_record(
        actor=actor,
        action="pilot_batch_create",
        target=batch,
        summary=f"新建试点批次：{batch}，{len(phases)}个阶段",
    )
    return batch


@transaction.atomic
def batch_update(
    *, batch: PilotBatch, pass_mark: Decimal, fail_mark: Decimal, publicity_days: int, actor
) -> PilotBatch:
    require_administers(actor, batch.programme.federation_id)
    if batch_has_concluded_inspection(batch):
        raise ValidationError("本批次已有验收结论，不能再修改分数线")
    batch.pass_mark, batch.fail_mark, batch.publicity_days = pass_mark, fail_mark, publicity_days
    batch.full_clean()
    batch.save(update_fields=["pass_mark", "fail_mark", "publicity_days"])
    audit_record(
        actor=actor,
        action="pilot_batch_update",
        target=batch,
        summary=f"修改{batch}的验收规则：通过{pass_mark}分，不通过低于{fail_mark}分，公示{publicity_days}天",
    )
    return batch


def batch_has_concluded_inspection(batch: PilotBatch) -> bool:
    return Inspection.objects.filter(membership__batch=batch).exclude(verdict="").exists()


@transaction.atomic
def phases_update(*, batch: PilotBatch, dates: dict[int, tuple], actor) -> None:
    """Set each phase's (starts_on, ends_on, completed_on), by phase id; a phase may not start
    before the one before it starts."""
    require_administers(actor, batch.programme.federation_id)
    phases = list(batch.phases.order_by("position"))
    for phase in phases:
        if phase.pk in dates:
            phase.starts_on, phase.ends_on, phase.completed_on = dates[phase.pk]
        if phase.ends_on < phase.starts_on:
            raise ValidationError(f"“{phase.name}”的结束日期不能早于开始日期")
    for before, after in zip(phases, phases[1:], strict=False):
        if after.starts_on < before.starts_on:
            raise ValidationError(f"“{after.name}”不能早于“{before.name}”开始")
    PilotPhase.objects.bulk_update(phases, ["starts_on", "ends_on", "completed_on"])
    audit_record(
        actor=actor, action="pilot_phases_update", target=batch, summary=f"调整{batch}的阶段安排"
    )


@transaction.atomic
def points_set(*, batch: PilotBatch, points: dict[str, Decimal], actor) -> None:
    """The points of each standard at acceptance; they must cover every standard and add up
    to 100."""
    require_administers(actor, batch.programme.federation_id)
    if batch_has_concluded_inspection(batch):
        raise ValidationError("本批次已有验收结论，不能再修改分值")
    keys = [node.key for node in selectors.standards(batch.programme)]
    if set(points) != set(keys):
        raise ValidationError("请为每一项试点标准设定分值")
    if any(value < 0 for value in points.values()):
        raise ValidationError("分值不能为负数")
    total = sum(points.values(), Decimal(0))
    if total != 100:
        raise ValidationError(f"各项标准分值合计应为100分，现为{mark_text(total)}分")
    batch.points = {key: str(points[key]) for key in keys}
    batch.save(update_fields=["points"])
    audit_record(
        actor=actor, action="pilot_points_set", target=batch, summary=f"设定{batch}各项标准分值"
    )


# ---- choosing the pilots -----------------------------------------------------------------------


@transaction.atomic
def candidacies_open(*, batch: PilotBatch, societies, actor) -> int:
    """征求意见: ask each society (not yet asked, not yet in the programme) whether it will take
    part; its secretaries are told."""
    programme = batch.programme
    require_administers(actor, programme.federation_id)
    allowed = set(
        selectors.candidates(programme, timezone.localdate()).values_list("pk", flat=True)
    )
    asked = set(batch.candidacies.values_list("society_id", flat=True))
    wanted = [s for s in societies if s.pk not in asked]
    outside = [s.name for s in wanted if s.pk not in allowed]
    if outside:
        raise ValidationError(
            f"{'、'.join(outside)}不是本试点的候选学会（已在试点中或不属于本科协）"
        )
    created = Candidacy.objects.bulk_create([Candidacy(batch=batch, society=s) for s in wanted])
    secretaries = secretaries_of([c.society_id for c in created])
    for candidacy in created:
        for user in secretaries.get(candidacy.society_id, []):
            notification_send(
                user=user,
                kind=NotificationKind.ASSIGNMENT,
                title=f"征求意见：是否参加{batch}",
                body=f"{programme.federation.name}拟确定{batch}的试点学会，请在学会的试点工作页面答复是否参加。",
                url=reverse("pilots:society", args=[candidacy.society_id]),
                dedupe_key=f"pilot-ask:{candidacy.pk}",
                todo_key=answer_key(candidacy),
            )
    audit_record(
        actor=actor, action="pilot_candidacies_open", target=batch,
        summary=f"{batch}向{len(created)}个学会征求意见",
    )  # fmt: skip
    return len(created)


@transaction.atomic
def candidacy_answer(*, candidacy: Candidacy, willingness: str, note: str = "", actor) -> Candidacy:
    """The society answers; it may change its answer until the 科协 has decided."""
    if candidacy.decision != Decision.PENDING:
        raise ValidationError("科协已作出决定，不能再修改意见")
    if willingness not in (Willingness.WILLING, Willingness.UNWILLING):
        raise ValidationError("请选择愿意参加或暂不参加")
    candidacy.willingness, candidacy.willingness_note = willingness, note.strip()
    candidacy.answered_by, candidacy.answered_at = acting_user(actor), timezone.now()
    candidacy.save()
    audit_record(
        actor=actor, action="pilot_candidacy_answer", target=candidacy, society=candidacy.society,
        summary=f"{candidacy.society.name}答复{candidacy.batch}：{candidacy.get_willingness_display()}",
    )  # fmt: skip
    return candidacy


@transaction.atomic
def candidacy_decide(
    *, candidacy: Candidacy, decision: str, reason: str, since: dt.date | None = None, actor
) -> Candidacy:
    """The 科协 decides, with a reason; the chosen join the batch from `since`."""
    batch = candidacy.batch
    require_administers(actor, batch.programme.federation_id)
    if candidacy.decision != Decision.PENDING:
        raise ValidationError("已对该学会作出决定")
    if decision not in (Decision.CHOSEN, Decision.DECLINED):
        raise ValidationError("请选择确定为试点学会或不列入")
    if not reason.strip():
        raise ValidationError({"reason": "请填写决定理由"})
    if decision == Decision.CHOSEN and candidacy.willingness == Willingness.UNWILLING:
        raise ValidationError("该学会已答复暂不参加，不能确定为试点学会")
    candidacy.decision, candidacy.reason = decision, reason.strip()
    candidacy.decided_by, candidacy.decided_at = acting_user(actor), timezone.now()
    candidacy.save()
    if decision == Decision.CHOSEN:
        pilot_membership_add(
            programme=batch.programme, society=candidacy.society,
            since=since or timezone.localdate(), batch=batch, note=reason.strip()[:200],
            actor=actor,
        )  # fmt: skip
    audit_record(
        actor=actor, action="pilot_candidacy_decide", target=candidacy, society=candidacy.society,
        summary=f"{candidacy.society.name}：{candidacy.get_decision_display()}（{reason.strip()}）",
    )  # fmt: skip
    return candidacy


# ---- implementation: plans, guidance, mid-term assessment, summary report -----------------------


def _batch_of(inspection: Inspection) -> PilotBatch:
    batch = inspection.membership.batch
    if batch is None:
        raise ValidationError("该学会未编入试点批次，请先在试点项目中为其指定批次")
    return batch


@transaction.atomic
def batch_start(*, batch: PilotBatch, on: dt.date | None = None, notify: bool = True, actor):
    """Start the implementation: the pilot societies' own review in the platform (a campaign
    against the pilot standards), in which each writes its 实施方案 (a work plan) with tasks tied
    to the standards, reports progress and checks itself; deadlines from the batch's phases."""
    programme = batch.programme
    require_administers(actor, programme.federation_id)
    if batch.campaign_id:
        raise ValidationError("本批次已启动实施")
    on = on or timezone.localdate()
    societies = [
        m.society for m in batch.memberships.select_related("society") if m.is_active_on(on)
    ]
    if not societies:
        raise ValidationError(f"{on:%Y-%m-%d}本批次还没有试点学会，请先确定试点学会")
    phases = {phase.kind: phase for phase in batch.phases.all()}
    campaign = campaign_launch(
        federation=programme.federation,
        name=f"{batch}试点实施",
        versions=[programme.framework.current_version],
        societies=societies,
        facts_on=on,
        assessment_year=on.year,
        plan_deadline=phases[PhaseKind.PLAN].ends_on,
        self_assessment_deadline=phases[PhaseKind.IMPLEMENT].ends_on,
        review_deadline=max(phases[PhaseKind.ACCEPT].ends_on, phases[PhaseKind.IMPLEMENT].ends_on),
        rectification_deadline=max(
            phases[PhaseKind.SPREAD].ends_on, phases[PhaseKind.ACCEPT].ends_on
        ),
        actor=actor,
        notify=notify,
    )
    batch.campaign = campaign
    batch.save(update_fields=["campaign"])
    return campaign


def _tell_society(
    membership: PilotMembership, title: str, body: str, url: str, *,
    kind: str = NotificationKind.SYSTEM, todo_key: str = "",
) -> None:  # fmt: skip
    """Notify the society's secretaries."""
    secretaries_notify(
        society_id=membership.society_id, title=title, body=body, url=url, kind=kind,
        todo_key=todo_key,
    )  # fmt: skip


@transaction.atomic
def guidance_add(
    *, membership: PilotMembership, text: str, respond_by: dt.date | None = None, actor
) -> GuidanceNote:
    require_administers(actor, membership.programme.federation_id)
    if not text.strip():
        raise ValidationError({"text": "请填写指导意见"})
    note = GuidanceNote.objects.create(
        membership=membership, text=text.strip(), respond_by=respond_by,
        written_by=acting_user(actor),
    )  # fmt: skip
    _tell_society(
        membership, f"{membership.programme.name}指导意见", text.strip()[:200],
        reverse("pilots:membership", args=[membership.pk]),
        kind=NotificationKind.ASSIGNMENT, todo_key=guidance_key(note),
    )  # fmt: skip
    audit_record(
        actor=actor, action="pilot_guidance_add", target=note, society=membership.society,
        summary=f"向{membership.society.name}提出指导意见",
    )  # fmt: skip
    return note


@transaction.atomic
def guidance_respond(*, note: GuidanceNote, response: str, actor) -> GuidanceNote:
    if not response.strip():
        raise ValidationError({"response": "请填写落实情况"})
    note.response = response.strip()
    note.responded_by, note.responded_at = acting_user(actor), timezone.now()
    note.save(update_fields=["response", "responded_by", "responded_at"])
    audit_record(
        actor=actor, action="pilot_guidance_respond", target=note,
        society=note.membership.society, summary="答复指导意见的落实情况",
    )  # fmt: skip
    return note


@transaction.atomic
def midterm_record(
    *, membership: PilotMembership, on: dt.date, comment: str, actor
) -> MidtermReview:
    """成效评估: each standard's result on `on` against the start, with the 科协's view."""
    require_administers(actor, membership.programme.federation_id)
    if not comment.strip():
        raise ValidationError({"comment": "请填写评估意见"})
    start = selectors.batch_started_on(membership)
    if on < start:
        raise ValidationError({"on": f"评估日期不能早于试点起点{start:%Y-%m-%d}"})
    rows = selectors.standards_compared(membership, start, on)
    review = MidtermReview.objects.create(
        membership=membership, on=on, started_on=start,
        met_at_start=sum(row["then"] == Status.PASS for row in rows),
        met_now=sum(row["now"] == Status.PASS for row in rows),
        standards=len(rows), changes=rows, comment=comment.strip(),
        recorded_by=acting_user(actor),
    )  # fmt: skip
    audit_record(
        actor=actor, action="pilot_midterm_record", target=review, society=membership.society,
        summary=f"{membership.society.name}成效评估：达标{review.met_at_start}→{review.met_now}项",
    )  # fmt: skip
    return review


@transaction.atomic
def summary_save(*, membership: PilotMembership, actor, **parts) -> SummaryReport:
    """The society's 总结报告, its figures prefilled (what changed since the batch began)."""
    report = SummaryReport.objects.filter(membership=membership).first()
    if report is None:
        report = SummaryReport(membership=membership)
    elif report.status == ReportStatus.SUBMITTED:
        raise ValidationError("总结报告已报送，不能再修改")
    for name in SUMMARY_PARTS:
        setattr(report, name, (parts.get(name) or "").strip())
    report.figures = selectors.figures_compared(membership, timezone.localdate())
    report.updated_at = timezone.now()
    report.save()
    audit_record(
        actor=actor, action="pilot_summary_save", target=report, society=membership.society,
        summary="保存试点工作总结报告",
    )  # fmt: skip
    return report


@transaction.atomic
def summary_submit(*, report: SummaryReport, actor) -> SummaryReport:
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError("总结报告已报送")
    empty = [label for name, label in SUMMARY_LABELS.items() if not getattr(report, name).strip()]
    if empty:
        raise ValidationError(f"请先填写：{'、'.join(empty)}")
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = acting_user(actor), timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit_record(
        actor=actor, action="pilot_summary_submit", target=report,
        society=report.membership.society, summary="报送试点工作总结报告",
    )  # fmt: skip
    return report


# ---- acceptance -----------------------------------------------------------------------------


def _same_institution(a: str, b: str) -> bool:
    clean = lambda text: "".join(text.split())  # noqa: E731
    return bool(clean(a)) and bool(clean(b)) and clean(a) == clean(b)


def _check_panel(membership: PilotMembership, experts: list[tuple]) -> None:
    society = membership.society
    if len(experts) < PANEL_MINIMUM:
        raise ValidationError(f"验收专家组至少{PANEL_MINIMUM}人")
    users = [user for user, _, _ in experts]
    if len({u.pk for u in users}) != len(users):
        raise ValidationError("同一位专家不能重复列入专家组")
    allowed = set(selectors.experts_for(membership.programme).values_list("pk", flat=True))
    for user, institution, _ in experts:
        if user.pk not in allowed:
            raise ValidationError(f"{user.full_name or user.username}不是本科协的评审专家")
        if not institution.strip():
            raise ValidationError(f"请填写{user.full_name or user.username}的工作单位")
        if _same_institution(institution, society.host_institution) or _same_institution(
            institution, society.name
        ):
            raise ValidationError(
                f"{user.full_name or user.username}来自{institution.strip()}（{society.name}的"
                f"{'挂靠单位' if _same_institution(institution, society.host_institution) else '本会'}），"
                "应当回避，不能列入验收专家组"
            )
    if sum(1 for _, _, leader in experts if leader) > 1:
        raise ValidationError("专家组只能有一位组长")


@transaction.atomic
def inspection_schedule(
    *,
    membership: PilotMembership,
    scheduled_on: dt.date,
    place: str,
    experts: list[tuple],
    actor,
) -> Inspection:
    """Form the panel (expert, their institution, leader?) and schedule the on-site inspection;
    the second round is the re-inspection after 限期整改."""
    require_administers(actor, membership.programme.federation_id)
    rounds = list(membership.inspections.order_by("round"))
    if rounds and rounds[-1].verdict != AcceptanceVerdict.RECTIFY:
        raise ValidationError(
            "已安排检查验收"
            if not rounds[-1].verdict
            else "验收已有结论，只有限期整改的学会才安排复验"
        )
    if not place.strip():
        raise ValidationError({"place": "请填写检查地点"})
    if (
        not rounds
        and not SummaryReport.objects.filter(
            membership=membership, status=ReportStatus.SUBMITTED
        ).exists()
    ):
        raise ValidationError(
            f"{membership.society.name}尚未报送试点工作总结报告：按试点方案，总结报告在检查验收前报送"
        )
    _check_panel(membership, experts)
    inspection = Inspection.objects.create(
        membership=membership, round=len(rounds) + 1, scheduled_on=scheduled_on,
        place=place.strip(), created_by=acting_user(actor),
    )  # fmt: skip
    members = PanelMember.objects.bulk_create(
        [
            PanelMember(
                inspection=inspection,
                expert=user,
                institution=institution.strip(),
                is_leader=leader,
            )
            for user, institution, leader in experts
        ]  # fmt: skip
    )
    for member in members:
        notification_send(
            user=member.expert,
            kind=NotificationKind.ASSIGNMENT,
            title=f"{membership.society.name}{inspection.round_label}",
            body=f"{scheduled_on:%Y年%m月%d日}在{inspection.place}。请先作利益冲突声明，检查后逐项评分。",
            url=reverse("pilots:inspection", args=[inspection.pk]),
            todo_key=score_key(member),
        )
    audit_record(
        actor=actor, action="pilot_inspection_schedule", target=inspection,
        society=membership.society,
        summary=f"安排{membership.society.name}{inspection.round_label}（{scheduled_on:%Y-%m-%d}，专家{len(members)}人）",
    )  # fmt: skip
    return inspection


@transaction.atomic
def declaration_record(*, member: PanelMember, no_conflict: bool, note: str = "", actor) -> None:
    """The expert's own declaration; one who declares a conflict does not score."""
    if member.inspection.is_concluded:
        raise ValidationError("验收已有结论")
    if not no_conflict and not note.strip():
        raise ValidationError({"declaration": "请说明利益冲突的情况"})
    member.no_conflict, member.declaration = no_conflict, note.strip()
    member.declared_at = timezone.now()
    member.save(update_fields=["no_conflict", "declaration", "declared_at"])
    if not no_conflict:
        member.scores.all().delete()
    audit_record(
        actor=actor, action="pilot_declaration", target=member.inspection,
        society=member.inspection.membership.society,
        summary=f"{member.expert}声明{'无' if no_conflict else '存在'}利益冲突",
    )  # fmt: skip


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    held_on: dt.date,
    materials: str,
    people_met: str,
    present: set[int],
    actor,
) -> Inspection:
    """What happened on site: the date, materials checked, people met, experts present."""
    require_administers(actor, inspection.membership.programme.federation_id)
    if inspection.is_concluded:
        raise ValidationError("验收已有结论，不能再修改检查记录")
    if not materials.strip():
        raise ValidationError({"materials": "请填写查阅的材料"})
    inspection.held_on, inspection.materials = held_on, materials.strip()
    inspection.people_met = people_met.strip()
    inspection.save(update_fields=["held_on", "materials", "people_met"])
    for member in inspection.panel.all():
        member.present = member.pk in present
        member.save(update_fields=["present"])
        if not member.present:
            member.scores.all().delete()
    audit_record(
        actor=actor, action="pilot_inspection_record", target=inspection,
        society=inspection.membership.society,
        summary=f"记录{inspection}：{held_on:%Y-%m-%d}，到场专家{len(present)}人",
    )  # fmt: skip
    return inspection


@transaction.atomic
def scores_save(*, member: PanelMember, scores: dict[str, tuple[Decimal, str]], actor) -> None:
    """The expert's points and comment for every standard (all at once), none above the
    standard's points."""
    inspection = member.inspection
    if inspection.is_concluded:
        raise ValidationError("验收已有结论，不能再修改评分")
    if not member.no_conflict:
        raise ValidationError("请先声明与该学会无利益冲突")
    if not member.present:
        raise ValidationError("未到场的专家不评分")
    if inspection.held_on is None:
        raise ValidationError("现场检查记录尚未填写，检查之后再评分")
    limits = selectors.points_of(_batch_of(inspection))
    if set(scores) != set(limits):
        raise ValidationError("请为每一项标准评分")
    for key, (points, _) in scores.items():
        if Decimal(points) != Decimal(points).quantize(Decimal("0.01")):
            raise ValidationError("得分最多保留两位小数")
        if points < 0 or points > limits[key]:
            raise ValidationError(
                f"标准{selectors.standard_label(inspection, key)}的得分应在0—{mark_text(limits[key])}分之间"
            )
    member.scores.all().delete()
    StandardScore.objects.bulk_create(
        [
            StandardScore(
                member=member, requirement_key=key, points=points, comment=comment.strip()
            )
            for key, (points, comment) in scores.items()
        ]
    )
    audit_record(
        actor=actor, action="pilot_scores_save", target=inspection,
        society=inspection.membership.society,
        summary=f"{member.expert}评分：合计{mark_text(sum((p for p, _ in scores.values()), Decimal(0)))}分",
    )  # fmt: skip


@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
    opinion: str,
    rectification_deadline: dt.date | None = None,
    actor,
) -> Inspection:
    """The panel's score and the verdict by the batch's marks; a 限期整改 verdict needs a
    deadline (after which the re-inspection is scheduled)."""
    batch = _batch_of(inspection)
    require_administers(actor, batch.programme.federation_id)
    if inspection.is_concluded:
        raise ValidationError("验收已有结论")
    scored = selectors.expert_totals(inspection)
    if len(scored) < PANEL_MINIMUM:
        raise ValidationError(
            f"完成评分的专家{len(scored)}人，少于{PANEL_MINIMUM}人，不能形成验收结论"
        )
    preview = selectors.panel_preview(inspection, scored)
    result, verdict = preview["result"], preview["verdict"]
    if verdict == AcceptanceVerdict.RECTIFY:
        if rectification_deadline is None:
            raise ValidationError({"rectification_deadline": "限期整改须填写整改期限"})
        if inspection.held_on and rectification_deadline <= inspection.held_on:
            raise ValidationError({"rectification_deadline": "整改期限应晚于检查日期"})
    else:
        rectification_deadline = None
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写专家组意见"})
    inspection.score, inspection.verdict = result.score, verdict
    inspection.opinion, inspection.rectification_deadline = opinion.strip(), rectification_deadline
    inspection.concluded_by, inspection.concluded_at = acting_user(actor), timezone.now()
    inspection.save()
    _tell_society(
        inspection.membership,
        f"{inspection.round_label}结论：{inspection.get_verdict_display()}",
        f"专家组评分{result.score:.2f}分。"
        + (
            f"请于{rectification_deadline:%Y年%m月%d日}前完成整改，届时复验。"
            if rectification_deadline
            else ""
        ),
        reverse("pilots:inspection", args=[inspection.pk]),
    )
    audit_record(
        actor=actor, action="pilot_inspection_conclude", target=inspection,
        society=inspection.membership.society,
        summary=f"{inspection}：{result.score:.2f}分，{inspection.get_verdict_display()}",
        detail={"score": str(result.score), "explanation": result.explanation},
    )  # fmt: skip
    return inspection


@transaction.atomic
def publicity_start(*, inspection: Inspection, starts_on: dt.date, actor) -> Inspection:
    """公示 the result (通过 or 不通过) for the batch's number of days."""
    batch = _batch_of(inspection)
    require_administers(actor, batch.programme.federation_id)
    if inspection.verdict not in (AcceptanceVerdict.PASS, AcceptanceVerdict.FAIL):
        raise ValidationError("只有通过或不通过的验收结论才公示；限期整改的学会待复验后公示")
    if inspection.publicity_from:
        raise ValidationError("已开始公示")
    inspection.publicity_from = starts_on
    inspection.publicity_until = starts_on + dt.timedelta(days=batch.publicity_days - 1)
    inspection.save(update_fields=["publicity_from", "publicity_until"])
    audit_record(
        actor=actor, action="pilot_publicity_start", target=inspection,
        society=inspection.membership.society,
        summary=f"公示{inspection}结果：{inspection.publicity_from:%Y-%m-%d}至{inspection.publicity_until:%Y-%m-%d}",
    )  # fmt: skip
    return inspection


@transaction.atomic
def objection_add(
    *, inspection: Inspection, raised_by: str, raised_on: dt.date, content: str, actor
) -> Objection:
    require_administers(actor, inspection.membership.programme.federation_id)
    if not inspection.publicity_from or inspection.publicity_until is None:
        raise ValidationError("该结果尚未公示")
    if not inspection.publicity_from <= raised_on <= inspection.publicity_until:
        raise ValidationError(
            {
                "raised_on": f"异议须在公示期内（{inspection.publicity_from:%Y-%m-%d}至{inspection.publicity_until:%Y-%m-%d}）提出"
            }
        )
    if not content.strip() or not raised_by.strip():
        raise ValidationError("请填写提出人和异议内容")
    objection = Objection.objects.create(
        inspection=inspection, raised_by=raised_by.strip(), raised_on=raised_on,
        content=content.strip(),
    )  # fmt: skip
    audit_record(
        actor=actor, action="pilot_objection_add", target=objection,
        society=inspection.membership.society, summary=f"记录对{inspection}结果的异议",
    )  # fmt: skip
    return objection


@transaction.atomic
def objection_answer(*, objection: Objection, answer: str, actor) -> Objection:
    require_administers(actor, objection.inspection.membership.programme.federation_id)
    if not answer.strip():
        raise ValidationError({"answer": "请填写处理意见"})
    objection.answer = answer.strip()
    objection.answered_by, objection.answered_at = acting_user(actor), timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(
        actor=actor, action="pilot_objection_answer", target=objection,
        society=objection.inspection.membership.society, summary="答复公示异议",
    )  # fmt: skip
    return objection


@transaction.atomic
def result_publish(*, inspection: Inspection, on: dt.date | None = None, actor) -> Inspection:
    """After the 公示 period, every objection answered: the result stands and is published."""
    require_administers(actor, inspection.membership.programme.federation_id)
    on = on or timezone.localdate()
    if inspection.publicity_until is None:
        raise ValidationError("请先公示验收结果")
    if on <= inspection.publicity_until:
        raise ValidationError(f"公示期至{inspection.publicity_until:%Y-%m-%d}，期满后才能公布")
    if inspection.objections.filter(answered_at__isnull=True).exists():
        raise ValidationError("还有未答复的异议")
    if inspection.published_at:
        raise ValidationError("已公布")
    inspection.published_at = timezone.now()
    inspection.save(update_fields=["published_at"])
    _tell_society(
        inspection.membership,
        f"{inspection.round_label}结果已公布：{inspection.get_verdict_display()}",
        f"公示期满（{inspection.publicity_until:%Y-%m-%d}），结果已公布。",
        reverse("pilots:inspection", args=[inspection.pk]),
    )
    audit_record(
        actor=actor, action="pilot_result_publish", target=inspection,
        society=inspection.membership.society,
        summary=f"公布{inspection}结果：{inspection.get_verdict_display()}",
    )  # fmt: skip
    return inspection


# ---- spreading what worked ---------------------------------------------------------------------


@transaction.atomic
def case_save(
    *, batch: PilotBatch, society, title: str, practice: str, results: str, files=(), actor,
    case: TypicalCase | None = None,
) -> TypicalCase:  # fmt: skip
    require_administers(actor, batch.programme.federation_id)
    if not batch.memberships.filter(society=society).exists():
        raise ValidationError({"society": f"{society.name}不是本批次的试点学会"})
    case = case or TypicalCase(batch=batch, created_by=acting_user(actor))
    case.society, case.title, case.practice, case.results = society, title, practice, results
    case.full_clean()
    case.save()
    for upload in files:
        case.attachments.add(
            file_store(upload=upload, society=society, purpose=CASE_PURPOSE, actor=actor)
        )
    audit_record(
        actor=actor, action="pilot_case_save", target=case, society=society,
        summary=f"典型案例：{case.title}",
    )  # fmt: skip
    return case


@transaction.atomic
def case_publish(*, case: TypicalCase, actor) -> TypicalCase:
    require_administers(actor, case.batch.programme.federation_id)
    case.published_at = None if case.published_at else timezone.now()
    case.save(update_fields=["published_at"])
    audit_record(
        actor=actor, action="pilot_case_publish", target=case, society=case.society,
        summary=f"{'发布' if case.published_at else '撤回'}典型案例：{case.title}",
    )  # fmt: skip
    return case


@transaction.atomic
def meeting_save(
    *, batch: PilotBatch, title: str, held_on: dt.date, place: str, attendance: int | None,
    summary: str, cases, actor,
) -> ExchangeMeeting:  # fmt: skip
    require_administers(actor, batch.programme.federation_id)
    cases = list(cases)
    if any(case.batch_id != batch.pk for case in cases):
        raise ValidationError({"cases": "交流案例须是本批次的典型案例"})
    meeting = ExchangeMeeting(
        batch=batch, title=title, held_on=held_on, place=place, attendance=attendance,
        summary=summary, created_by=acting_user(actor),
    )  # fmt: skip
    meeting.full_clean()
    meeting.save()
    meeting.cases.set(cases)
    audit_record(
        actor=actor, action="pilot_meeting_save", target=meeting,
        summary=f"经验交流会：{meeting.title}（交流案例{len(cases)}个）",
    )  # fmt: skip
    return meeting
