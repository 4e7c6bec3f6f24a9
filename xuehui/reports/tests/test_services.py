import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.audit.models import AuditEntry
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.notifications.models import Notification
from xuehui.reports import figures, selectors, services
from xuehui.reports.choices import Lateness, ReportStatus
from xuehui.reports.models import AnnualReport
from xuehui.tests.factories import make_user

from .factories import EXPECTED, YEAR, cover_upload, seed_society

D = dt.date
AFTER = D(2026, 3, 2)  # within the default deadline of 31 May 2026


@pytest.fixture
def seeded(society_a):
    seed_society(society_a)
    return society_a


def submitted(society, actor=SYSTEM, on=AFTER) -> AnnualReport:
    services.report_save(
        society=society, year=YEAR, actor=actor, work_summary="全年开展学术交流与科普活动。",
        governance_note="常务理事会下半年会议因换届筹备推迟至次年1月召开。",
    )  # fmt: skip
    services.report_cover_attach(society=society, year=YEAR, upload=cover_upload(), actor=actor)
    return services.report_submit(society=society, year=YEAR, actor=actor, on=on)


def test_the_society_writes_attaches_and_submits(seeded, secretary_a):
    report = submitted(seeded, secretary_a)
    assert report.status == ReportStatus.SUBMITTED
    assert report.first_submitted_on == AFTER
    assert report.cover.purpose == services.COVER_PURPOSE
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"annual_report_save", "annual_report_cover", "annual_report_submit"} <= actions


def test_a_report_without_summary_cover_or_reason_for_the_shortfall_is_refused(seeded):
    services.report_save(society=seeded, year=YEAR, actor=SYSTEM)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=AFTER)
    text = "；".join(refused.value.messages)
    assert "年度工作总结" in text and "封面" in text and "说明原因" in text
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT


def test_nothing_is_submitted_before_the_year_ends_or_before_it_is_written(seeded):
    with pytest.raises(ValidationError, match="请先填写"):
        services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=AFTER)
    services.report_save(society=seeded, year=2026, actor=SYSTEM, work_summary="x")
    with pytest.raises(ValidationError, match="尚未结束"):
        services.report_submit(society=seeded, year=2026, actor=SYSTEM, on=D(2026, 12, 5))


def test_another_societys_secretary_may_not_write(seeded, secretary_b):
    with pytest.raises(PermissionDenied):
        services.report_save(society=seeded, year=YEAR, actor=secretary_b, work_summary="x")


def test_accepting_freezes_the_figures(seeded, admin_user):
    report = services.report_accept(report=submitted(seeded), actor=admin_user, on=D(2026, 3, 9))
    assert (
        report.status == ReportStatus.ACCEPTED
        and report.frozen_figures["frozen_on"] == "2026-03-09"
    )
    # Later edits of the records change the live figures, not the accepted report's.
    Meeting.objects.create(
        society=seeded, kind=MeetingKind.STANDING_COUNCIL, held_on=D(2025, 11, 1)
    )
    Activity.objects.create(
        society=seeded, title="补录活动", start_on=D(2025, 6, 1), end_on=D(2025, 6, 1),
        kind=ActivityKind.CONSULTING, level=ActivityLevel.PROVINCIAL, role=ActivityRole.HOST,
    )  # fmt: skip
    seeded.legal_representative = "新代表"
    seeded.save()
    report.refresh_from_db()
    kept = figures.flat(selectors.report_figures(report, seeded, YEAR))
    assert {key: kept[key] for key in EXPECTED} == EXPECTED
    live = figures.flat(selectors.report_figures(None, seeded, YEAR))
    assert (live["activities.total"], live["meetings.standing_council"]) == (5, 2)
    assert live["legal_representative"] == "新代表"
    with pytest.raises(ValidationError, match="已通过"):
        services.report_save(society=seeded, year=YEAR, actor=SYSTEM, work_summary="改")


def test_a_return_sets_a_deadline_in_working_days_across_a_holiday(seeded, admin_user):
    secretary = make_user("书记员", role=Role.SOCIETY_EDITOR, society=seeded)
    report = submitted(seeded, on=D(2026, 4, 1))
    assert selectors.lateness(report, D(2026, 5, 31), D(2026, 9, 30)) is None
    review = services.report_return(
        report=report, reason="财务数据与审计报告不一致", working_days=3, actor=admin_user,
        on=D(2026, 9, 30),
    )  # fmt: skip
    assert review.due_on == D(2026, 10, 10)  # 1–7 October off, Saturday the 10th a working day
    report.refresh_from_db()
    assert (report.status, report.correction_due_on) == (ReportStatus.RETURNED, D(2026, 10, 10))
    notice = Notification.objects.get(user=secretary)
    assert "退回" in notice.title and "2026年10月10日" in notice.body
    due = D(2026, 5, 31)
    assert selectors.lateness(report, due, D(2026, 10, 10)) is None
    assert selectors.lateness(report, due, D(2026, 10, 11)) == Lateness.CORRECTION_OVERDUE
    services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 10, 12))
    report.refresh_from_db()
    assert selectors.lateness(report, due, D(2026, 10, 12)) == Lateness.LATE


def test_a_return_needs_a_reason_and_a_sane_period(seeded, admin_user):
    report = submitted(seeded)
    with pytest.raises(ValidationError, match="退回理由"):
        services.report_return(report=report, reason=" ", working_days=5, actor=admin_user)
    with pytest.raises(ValidationError, match="工作日"):
        services.report_return(report=report, reason="补充", working_days=0, actor=admin_user)


def test_only_the_federations_administrators_review(seeded, secretary_a, admin_user):
    report = submitted(seeded)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=secretary_a)
    services.report_accept(report=report, actor=admin_user)
    with pytest.raises(ValidationError, match="只有已报送待审"):
        services.report_accept(report=report, actor=admin_user)


def test_a_corrected_report_is_resubmitted_and_accepted(seeded, admin_user):
    report = submitted(seeded)
    services.report_return(
        report=report, reason="补充说明", working_days=5, actor=admin_user, on=AFTER
    )
    again = services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 3, 5))
    assert again.status == ReportStatus.SUBMITTED and again.first_submitted_on == AFTER
    services.report_accept(report=again, actor=admin_user)
    assert [r.action for r in selectors.reviews_of(again)] == ["returned", "accepted"]


def test_lateness_of_missing_late_and_timely_reports(seeded, federation):
    due = D(2026, 5, 31)
    assert selectors.lateness(None, due, due) is None
    assert selectors.lateness(None, due, D(2026, 6, 1)) == Lateness.MISSING
    report = submitted(seeded, on=D(2026, 6, 2))
    assert selectors.lateness(report, due, D(2026, 6, 3)) == Lateness.LATE
    rows = selectors.reports_late(federation, YEAR, D(2026, 6, 3))
    assert [r.society for r in rows] == [seeded]
    missing = selectors.reports_missing(federation, YEAR, D(2026, 6, 3))
    assert seeded not in [r.society for r in missing]  # others of the 科协 (the consortium's)


def test_the_deadline_is_the_federations_or_inherited(federation, admin_user):
    from xuehui.tests.factories import make_federation

    child = make_federation(parent=federation)
    assert selectors.setting_for(child).due_for(YEAR) == D(2026, 5, 31)
    services.report_setting_save(
        federation=federation, due_month=3, due_day=31, council_meetings=1,
        standing_council_meetings=2, correction_days=10, actor=admin_user,
    )  # fmt: skip
    assert selectors.setting_for(child).due_for(YEAR) == D(2026, 3, 31)
    with pytest.raises(ValidationError):
        services.report_setting_save(
            federation=federation, due_month=4, due_day=31, council_meetings=1,
            standing_council_meetings=2, correction_days=10, actor=admin_user,
        )  # fmt: skip
