import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from xuehui.accounts.choices import Role
from xuehui.campaigns.choices import CampaignStatus, State
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.models import Notification
from xuehui.tests.factories import make_society, make_user
from xuehui.workplans.choices import PlanStatus, TaskStatus
from xuehui.workplans.reminders import reminders_send, stage_of

from .factories import DEADLINES, assign_expert, make_campaign, make_entry, make_plan, make_task

PLAN_DEADLINE = DEADLINES["plan_deadline"]  # 2025-03-31
SELF_DEADLINE = DEADLINES["self_assessment_deadline"]  # 2025-05-31
REVIEW_DEADLINE = DEADLINES["review_deadline"]  # 2025-07-31
RECTIFY_DEADLINE = DEADLINES["rectification_deadline"]  # 2025-09-30


@pytest.mark.parametrize(
    ("days_before", "stage"),
    [(8, None), (7, "near7"), (2, "near7"), (1, "near1"), (0, "near1"), (-1, "passed")],
)
def test_the_stage_of_a_deadline(days_before, stage):
    deadline = dt.date(2025, 3, 31)
    assert stage_of(deadline, deadline - dt.timedelta(days=days_before)) == stage


@pytest.fixture
def campaign(federation):
    return make_campaign(federation)


def _for(user):
    return list(Notification.objects.filter(user=user).order_by("id"))


def _run(day) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--on", day.isoformat(), stdout=out)
    return out.getvalue()


def test_running_twice_sends_nothing_new(campaign, society_a, secretary_a, admin_user):
    make_entry(campaign, society_a)
    day = PLAN_DEADLINE + dt.timedelta(days=1)
    first = _run(day)
    count = Notification.objects.count()
    assert count == 2 and "共发送 2 条新提醒" in first
    second = _run(day)
    assert Notification.objects.count() == count
    assert "没有需要发送的新提醒" in second


def test_the_plan_deadline_reminds_secretaries_without_a_submitted_plan(
    campaign, society_a, secretary_a, federation
):
    done = make_society(federation=federation)
    done_secretary = make_user("sec_done", role=Role.SOCIETY_EDITOR, society=done)
    make_entry(campaign, society_a)
    make_plan(make_entry(campaign, done), status=PlanStatus.SUBMITTED)
    sent = reminders_send(day=PLAN_DEADLINE - dt.timedelta(days=7))
    assert sent == {"改革工作方案截止临近": 1}
    (notification,) = _for(secretary_a)
    assert notification.kind == NotificationKind.DEADLINE_NEAR
    assert "还有7天" in notification.title and notification.url.startswith("/workplans/entry/")
    assert _for(done_secretary) == []


def test_a_returned_plan_still_owes_the_plan_deadline(campaign, society_a, secretary_a):
    make_plan(make_entry(campaign, society_a), status=PlanStatus.RETURNED)
    reminders_send(day=PLAN_DEADLINE)
    assert [n.kind for n in _for(secretary_a)] == [NotificationKind.DEADLINE_NEAR]


def test_each_stage_is_sent_once_and_the_nearest_only(campaign, society_a, secretary_a):
    make_entry(campaign, society_a)
    for days_before in (9, 7, 6, 5, 1, 0):
        reminders_send(day=PLAN_DEADLINE - dt.timedelta(days=days_before))
    titles = [n.title for n in _for(secretary_a)]
    assert len(titles) == 2
    assert "还有7天" in titles[0] and "还有1天" in titles[1]


def test_a_passed_deadline_goes_to_secretaries_and_a_summary_to_administrators(
    campaign, society_a, secretary_a, admin_user, secretary_b
):
    make_entry(campaign, society_a)
    reminders_send(day=PLAN_DEADLINE + dt.timedelta(days=3))
    (late,) = _for(secretary_a)
    assert late.kind == NotificationKind.DEADLINE_PASSED and "已于2025-03-31截止" in late.title
    (summary,) = _for(admin_user)
    assert summary.kind == NotificationKind.DEADLINE_PASSED
    assert "湖北省环境科学学会" in summary.body and "共1个学会" in summary.body
    assert _for(secretary_b) == []


def test_moving_the_deadline_sends_fresh_reminders(campaign, society_a, secretary_a):
    make_entry(campaign, society_a)
    reminders_send(day=PLAN_DEADLINE - dt.timedelta(days=1))
    campaign.plan_deadline = PLAN_DEADLINE + dt.timedelta(days=10)
    campaign.save()
    reminders_send(day=PLAN_DEADLINE + dt.timedelta(days=9))
    assert len(_for(secretary_a)) == 2


def test_the_self_assessment_deadline_concerns_societies_yet_to_submit(
    campaign, society_a, secretary_a, federation
):
    submitted = make_society(federation=federation)
    other = make_user("sec_submitted", role=Role.SOCIETY_EDITOR, society=submitted)
    make_plan(make_entry(campaign, society_a), status=PlanStatus.APPROVED)
    make_plan(make_entry(campaign, submitted, state=State.SUBMITTED), status=PlanStatus.APPROVED)
    sent = reminders_send(day=SELF_DEADLINE - dt.timedelta(days=1))
    assert sent == {"自评截止临近": 1}
    assert "自评" in _for(secretary_a)[0].title
    assert _for(other) == []


def test_the_review_deadline_goes_to_the_assigned_experts_only(
    campaign, society_a, federation, expert_user
):
    make_plan(make_entry(campaign, society_a, state=State.IN_REVIEW), status=PlanStatus.APPROVED)
    passed = make_society(federation=federation)
    make_plan(make_entry(campaign, passed, state=State.PASSED), status=PlanStatus.APPROVED)
    everywhere = make_user("expert_all", role=Role.EXPERT)
    on_passed_only = make_user("expert_done", role=Role.EXPERT)
    unassigned = make_user("expert_none", role=Role.EXPERT)
    assign_expert(campaign, expert_user, society_a)
    assign_expert(campaign, everywhere)
    assign_expert(campaign, on_passed_only, passed)
    reminders_send(day=REVIEW_DEADLINE - dt.timedelta(days=7))
    for expert in (expert_user, everywhere):
        (notification,) = _for(expert)
        assert "湖北省环境科学学会" in notification.body and passed.name not in notification.body
        assert notification.url == "/campaigns/review/"
    assert _for(on_passed_only) == [] and _for(unassigned) == []


def test_the_rectification_deadline_concerns_societies_asked_to_rectify(
    campaign, society_a, secretary_a, federation, admin_user
):
    make_plan(make_entry(campaign, society_a, state=State.RECTIFYING), status=PlanStatus.APPROVED)
    rectified = make_society(federation=federation)
    other = make_user("sec_rectified", role=Role.SOCIETY_EDITOR, society=rectified)
    make_plan(make_entry(campaign, rectified, state=State.RECTIFIED), status=PlanStatus.APPROVED)
    sent = reminders_send(day=RECTIFY_DEADLINE + dt.timedelta(days=1))
    assert sent == {"整改已逾期": 1, "逾期汇总（科协）": 1}
    assert "整改" in _for(secretary_a)[0].title
    assert _for(other) == []
    assert rectified.name not in _for(admin_user)[0].body


def test_overdue_and_approaching_plan_tasks(campaign, society_a, secretary_a, admin_user):
    plan = make_plan(
        make_entry(campaign, society_a, state=State.PASSED), status=PlanStatus.APPROVED
    )
    due = make_task(plan, title="修订章程", deadline=dt.date(2025, 10, 10))
    late = make_task(plan, title="设立监事会", deadline=dt.date(2025, 10, 1))
    make_task(plan, title="已完成的任务", deadline=dt.date(2025, 10, 1), status=TaskStatus.DONE)
    make_task(plan, title="远期任务", deadline=dt.date(2026, 1, 1))
    sent = reminders_send(day=dt.date(2025, 10, 9))
    assert sent == {"工作方案任务到期临近": 1, "工作方案任务已逾期": 1, "逾期汇总（科协）": 1}
    by_url = {n.url: n for n in _for(secretary_a)}
    assert by_url[f"/workplans/task/{due.pk}/progress/"].kind == NotificationKind.DEADLINE_NEAR
    assert by_url[f"/workplans/task/{late.pk}/progress/"].kind == NotificationKind.DEADLINE_PASSED
    (summary,) = _for(admin_user)
    assert "设立监事会" in summary.body and "已完成的任务" not in summary.body


def test_tasks_of_plans_not_yet_approved_are_not_chased(campaign, society_a, secretary_a):
    plan = make_plan(
        make_entry(campaign, society_a, state=State.PASSED), status=PlanStatus.SUBMITTED
    )
    make_task(plan, deadline=dt.date(2025, 10, 1))
    assert reminders_send(day=dt.date(2025, 10, 9)) == {}


def test_nothing_is_sent_for_a_closed_campaign(federation, society_a, secretary_a):
    make_entry(make_campaign(federation, status=CampaignStatus.CLOSED), society_a)
    assert reminders_send(day=PLAN_DEADLINE + dt.timedelta(days=1)) == {}
    assert not Notification.objects.exists()


def test_reminders_are_mailed_to_those_with_an_address(campaign, society_a, secretary_a):
    secretary_a.email = "sec_a@example.org"
    secretary_a.save()
    make_entry(campaign, society_a)
    reminders_send(day=PLAN_DEADLINE - dt.timedelta(days=1))
    reminders_send(day=PLAN_DEADLINE - dt.timedelta(days=1))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sec_a@example.org"]


def test_the_command_refuses_a_malformed_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--on", "2025/03/01")


def test_the_reminder_query_count_does_not_grow_with_societies(
    campaign, federation, django_assert_max_num_queries
):
    for n in range(6):
        society = make_society(federation=federation)
        make_user(f"sec{n}", role=Role.SOCIETY_EDITOR, society=society)
        make_entry(campaign, society)
    from xuehui.workplans.reminders import reminders_due

    with django_assert_max_num_queries(8):
        due = reminders_due(PLAN_DEADLINE + dt.timedelta(days=1))
    assert len(due) == 6


def test_urging_reaches_whoever_still_owes_work_once_a_day(
    campaign, society_a, secretary_a, admin_user, admin_client, federation
):
    """催办 (ux M11): from the campaign page, before any deadline, to those who owe the plan and
    the self-assessment; a second click the same day sends nothing; a society done is left out."""
    from django.urls import reverse

    from xuehui.audit.models import AuditEntry

    make_entry(campaign, society_a)
    done = make_society(federation=federation, name="已完成学会")
    make_user("done-sec", role=Role.SOCIETY_EDITOR, society=done)
    entry_done = make_entry(campaign, done)
    entry_done.state = State.SUBMITTED
    entry_done.save()
    make_plan(entry_done, status=PlanStatus.SUBMITTED)
    response = admin_client.post(reverse("workplans:urge", args=[campaign.pk]), follow=True)
    notes = _for(secretary_a)
    # the plan and the self-assessment
    assert [n.title[:4] for n in notes] == ["【催办】", "【催办】"]
    assert "已发送催办：改革工作方案1条，自评1条" in response.content.decode()
    assert Notification.objects.filter(title__startswith="【催办】").count() == 2  # none to `done`
    admin_client.post(reverse("workplans:urge", args=[campaign.pk]))
    assert Notification.objects.filter(title__startswith="【催办】").count() == 2
    assert AuditEntry.objects.filter(action="campaign_urge").count() == 2


def test_only_the_campaigns_administrators_urge(campaign, society_a, secretary_a, client):
    from django.urls import reverse

    viewer = make_user("urge-viewer", role=Role.FEDERATION_VIEWER, federation=campaign.federation)
    client.force_login(viewer)
    assert client.post(reverse("workplans:urge", args=[campaign.pk])).status_code == 403
    assert not Notification.objects.exists()
