"""Writes of annual reports: the society writes the narrative, attaches the signed cover and
submits; the 科协 returns it (reason and a correction period in working days) or accepts it,
which freezes its figures. Each checks its actor itself, leaves an audit record and tells the
society's secretaries of the 科协's decision."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xuehui.access import require_administers, require_edit
from xuehui.accounts.choices import Role
from xuehui.accounts.models import RoleAssignment
from xuehui.audit.services import acting_user, audit_change, stored_copy
from xuehui.files.services import file_store
from xuehui.files.validation import IMAGE_KEYS
from xuehui.lib.workdays import add_working_days
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send

from . import figures
from .choices import ReportStatus, ReviewAction
from .models import AnnualReport, ReportReview, ReportSetting
from .selectors import setting_for

COVER_PURPOSE = "学会年报封面"
COVER_TYPES = frozenset({"pdf", *IMAGE_KEYS})
NARRATIVE_FIELDS = ("work_summary", "governance_note", "finance_note", "next_year_plan")
MAX_CORRECTION_DAYS = 60


@transaction.atomic
def report_setting_save(
    *,
    federation,
    due_month: int,
    due_day: int,
    council_meetings: int,
    standing_council_meetings: int,
    correction_days: int,
    actor,
) -> ReportSetting:
    """The 科协's deadline and meeting requirements (its administrators)."""
    require_administers(actor, federation.pk, "只有本科协管理员可以设置年报报送要求")
    setting = ReportSetting.objects.filter(federation=federation).first()
    old = stored_copy(setting) if setting else None
    setting = setting or ReportSetting(federation=federation)
    setting.due_month, setting.due_day = due_month, due_day
    setting.council_meetings = council_meetings
    setting.standing_council_meetings = standing_council_meetings
    setting.correction_days = correction_days
    setting.full_clean()
    setting.save()
    audit_change(
        obj=setting, old=old, actor=actor, action="report_setting_save", society=None,
        summary=f"设置年报报送要求：{federation}，次年{due_month}月{due_day}日前报送",
    )  # fmt: skip
    return setting


def _report(society, year: int) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().filter(society=society, year=year).first()
    return report or AnnualReport(society=society, year=year)


def _require_editable(report: AnnualReport) -> None:
    if not report.editable:
        raise ValidationError(f"年报{report.get_status_display()}，不能修改")


@transaction.atomic
def report_save(*, society, year: int, actor, **narrative: str) -> AnnualReport:
    """The narrative parts (年度工作总结, 内部治理情况说明, 财务情况说明, 下一年度工作计划);
    creates the draft on first save."""
    require_edit(actor, society)
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown narrative fields: {sorted(unknown)}")
    report = _report(society, year)
    _require_editable(report)
    old = stored_copy(report)
    for name, text in narrative.items():
        setattr(report, name, (text or "").strip())
    report.full_clean()
    report.save()
    audit_change(
        obj=report, old=old, actor=actor, action="annual_report_save", society=society,
        summary=f"填写{report}",
    )  # fmt: skip
    return report


@transaction.atomic
def report_cover_attach(*, society, year: int, upload, actor) -> AnnualReport:
    """Attach the signed and sealed cover (PDF or image, checked by content)."""
    require_edit(actor, society)
    report = _report(society, year)
    _require_editable(report)
    old = stored_copy(report)
    stored = file_store(
        upload=upload, society=society, actor=actor, purpose=COVER_PURPOSE, allowed=COVER_TYPES
    )
    report.cover = stored
    report.full_clean()
    report.save()
    audit_change(
        obj=report, old=old, actor=actor, action="annual_report_cover", society=society,
        summary=f"上传{report}签章封面：{stored.original_name}",
    )  # fmt: skip
    return report


def _submission_problems(report: AnnualReport) -> list[str]:
    problems = []
    if not report.work_summary:
        problems.append("请填写年度工作总结")
    if report.cover_id is None:
        problems.append("请上传法定代表人签字并加盖印章的封面")
    live = figures.compute(report.society, report.year, setting_for(report.society.federation))
    short = figures.flat(live)["meetings.shortfall"]
    if short and not report.governance_note:
        problems.append(
            "会议未达到章程要求（" + "；".join(short) + "），请在内部治理情况说明中说明原因"
        )
    return problems


@transaction.atomic
def report_submit(*, society, year: int, actor, on: dt.date | None = None) -> AnnualReport:
    """Submit the report for the 科协's review (初审); again after a return."""
    require_edit(actor, society)
    on = on or timezone.localdate()
    report = _report(society, year)
    _require_editable(report)
    if report.pk is None:
        raise ValidationError("请先填写年报")
    if year >= on.year:
        raise ValidationError(f"{year}年度尚未结束，年度结束后再报送")
    problems = _submission_problems(report)
    if problems:
        raise ValidationError(problems)
    old = stored_copy(report)
    again = report.status == ReportStatus.RETURNED
    report.status = ReportStatus.SUBMITTED
    report.first_submitted_on = report.first_submitted_on or on
    report.submitted_at, report.submitted_on = timezone.now(), on
    report.full_clean()
    report.save()
    audit_change(
        obj=report, old=old, actor=actor, action="annual_report_submit", society=society,
        summary=f"{'重新' if again else ''}报送{report}",
    )  # fmt: skip
    return report


def _require_review(report: AnnualReport, actor) -> None:
    require_administers(actor, report.society.federation_id, "只有本科协管理员可以审核年报")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"年报{report.get_status_display()}，只有已报送待审的年报可以审核")


def _notify(report: AnnualReport, *, kind: str, title: str, body: str, event: str) -> None:
    url = reverse("reports:report", args=[report.society_id, report.year])
    users = RoleAssignment.objects.filter(
        role=Role.SOCIETY_EDITOR, society_id=report.society_id, user__is_active=True
    ).select_related("user")
    for assignment in users:
        notification_send(
            user=assignment.user, kind=kind, title=title, body=body, url=url,
            dedupe_key=f"annual-report-{event}:{report.pk}:{report.reviews.count()}",
        )  # fmt: skip


@transaction.atomic
def report_return(
    *, report: AnnualReport, reason: str, working_days: int, actor, on: dt.date | None = None
) -> ReportReview:
    """初审 returns the report: the reason and the correction deadline, `working_days` working
    days after `on` (public holidays skipped, 调休 Saturdays counted)."""
    report = AnnualReport.objects.select_for_update().select_related("society").get(pk=report.pk)
    _require_review(report, actor)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明退回理由"})
    if not 1 <= working_days <= MAX_CORRECTION_DAYS:
        raise ValidationError({"working_days": f"改正期限应为1至{MAX_CORRECTION_DAYS}个工作日"})
    due_on = add_working_days(on, working_days)
    old = stored_copy(report)
    review = ReportReview(
        report=report, action=ReviewAction.RETURNED, reason=reason, working_days=working_days,
        due_on=due_on, reviewed_on=on, reviewer=acting_user(actor),
    )  # fmt: skip
    review.full_clean()
    review.save()
    report.status, report.correction_due_on = ReportStatus.RETURNED, due_on
    report.full_clean()
    report.save()
    audit_change(
        obj=report, old=old, actor=actor, action="annual_report_return", society=report.society,
        summary=f"退回{report}，{working_days}个工作日内（{due_on:%Y-%m-%d}前）改正：{reason}",
    )  # fmt: skip
    _notify(
        report, kind=NotificationKind.RETURNED, title=f"{report.year}年度工作报告被退回修改",
        body=f"退回理由：{reason}\n请于{due_on:%Y年%m月%d日}前修改后重新报送。", event="return",
    )  # fmt: skip
    return review


@transaction.atomic
def report_accept(*, report: AnnualReport, actor, on: dt.date | None = None) -> AnnualReport:
    """初审 accepts the report: its figures are computed once more and kept as they are."""
    report = (
        AnnualReport.objects.select_for_update()
        .select_related("society__federation")
        .get(pk=report.pk)
    )
    _require_review(report, actor)
    on = on or timezone.localdate()
    old = stored_copy(report)
    setting = setting_for(report.society.federation)
    report.frozen_figures = {
        **figures.compute(report.society, report.year, setting),
        "frozen_on": on.isoformat(),
    }
    report.status, report.accepted_at = ReportStatus.ACCEPTED, timezone.now()
    report.accepted_by = acting_user(actor)
    report.full_clean()
    report.save()
    ReportReview.objects.create(
        report=report, action=ReviewAction.ACCEPTED, reviewed_on=on, reviewer=acting_user(actor)
    )
    audit_change(
        obj=report, old=old, actor=actor, action="annual_report_accept", society=report.society,
        summary=f"{report}审核通过，数据已锁定",
    )  # fmt: skip
    _notify(
        report, kind=NotificationKind.APPROVED, title=f"{report.year}年度工作报告已审核通过",
        body="年报数据已锁定，此后修改记录不影响已通过的年报。", event="accept",
    )  # fmt: skip
    return report
