"""The campaign loop's to-dos: they appear for whoever owes the work, close themselves when it is
done, and take the notices about them along."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.campaigns import services
from xuehui.campaigns.choices import VerdictKind
from xuehui.notifications.models import Notification
from xuehui.tests import factories
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import todos_for
from xuehui.todos.selectors import worklist

from .conftest import in_review, item, judge, rectifying, submitted
from .factories import launch

TODAY = dt.date(2098, 12, 1)


def kinds(user, day=TODAY) -> dict:
    return {todo.key: todo for todo in todos_for(user, day)}


def test_a_launched_campaign_is_a_self_assessment_to_do_for_the_secretary_only(
    federation, society_a, society_b, secretary_a, secretary_b, admin_user, version
):
    campaign = launch(federation, [society_a], versions=[version], actor=admin_user)
    entry = campaign.entries.get()
    todo = kinds(secretary_a)[f"self-assess:{entry.pk}"]
    assert todo.kind == TodoKind.SELF_ASSESS
    assert todo.due == campaign.self_assessment_deadline
    assert todo.url == reverse("campaigns:entry", args=[entry.pk])
    assert society_a.name in todo.title
    assert f"plan-submit:{entry.pk}" in kinds(secretary_a)  # no plan written yet
    assert not [t for t in todos_for(secretary_b, TODAY) if t.kind == TodoKind.SELF_ASSESS]


def test_submitting_closes_the_to_do_and_marks_its_notice_read(
    federation, society_a, secretary_a, admin_user, version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = launch(federation, [society_a], versions=[version], actor=admin_user)
    entry = campaign.entries.get()
    notice = Notification.objects.get(user=secretary_a, todo_key=f"self-assess:{entry.pk}")
    worklist(secretary_a, TODAY)
    notice.refresh_from_db()
    assert notice.read_at is None  # still to do
    submitted(entry, secretary_a)
    assert f"self-assess:{entry.pk}" not in kinds(secretary_a)
    worklist(secretary_a, TODAY)
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_an_experts_review_to_do_counts_their_items_and_closes_for_them_alone(
    campaign, entry, secretary_a, expert_user, admin_user
):
    second = factories.make_user("expert2", role=Role.EXPERT)
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    services.expert_assign(campaign=campaign, expert=second, actor=admin_user)
    in_review(entry, secretary_a, expert_user)
    key = f"review:{entry.pk}"
    todo = kinds(expert_user)[key]
    assert todo.kind == TodoKind.REVIEW and todo.count == 4
    assert todo.url == reverse("campaigns:review", args=[entry.pk])
    notices = {n.user_id: n for n in Notification.objects.filter(todo_key=key)}
    assert set(notices) == {expert_user.pk, second.pk}

    judge(entry, expert_user)
    assert key not in kinds(expert_user)
    assert kinds(second)[key].count == 4
    worklist(expert_user, TODAY)
    worklist(second, TODAY)
    assert Notification.objects.get(pk=notices[expert_user.pk].pk).read_at is not None
    assert Notification.objects.get(pk=notices[second.pk].pk).read_at is None


def test_rectification_is_a_to_do_until_answered(campaign, entry, secretary_a, expert_user):
    services.expert_assign(campaign=campaign, expert=expert_user, actor=SYSTEM_ADMIN())
    rectifying(entry, secretary_a, expert_user)
    todo = kinds(secretary_a)[f"rectify:{entry.pk}"]
    assert todo.kind == TodoKind.RECTIFY and todo.count == 1
    assert Notification.objects.filter(user=secretary_a, todo_key=todo.key).exists()
    services.rectification_answer(item=item(entry, "3.1"), actor=secretary_a, answer="已设立秘书处")
    assert f"rectify:{entry.pk}" not in kinds(secretary_a)


def SYSTEM_ADMIN():
    from xuehui.access import SYSTEM

    return SYSTEM


def test_the_administrator_sees_disputes_and_lateness(
    campaign, entry, secretary_a, expert_user, admin_user
):
    second = factories.make_user("expert2", role=Role.EXPERT)
    for expert in (expert_user, second):
        services.expert_assign(campaign=campaign, expert=expert, actor=admin_user)
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user)
    judge(entry, second, {"3.2": VerdictKind.FAIL})
    found = kinds(admin_user)
    assert found[f"dispute:{campaign.pk}"].count == 1
    assert f"overdue:{campaign.pk}" not in found
    late = kinds(admin_user, campaign.review_deadline + dt.timedelta(days=1))
    assert late[f"overdue:{campaign.pk}"].count == 1
    assert "未完成评审 1 个" in late[f"overdue:{campaign.pk}"].detail
    services.disagreement_resolve(
        item=item(entry, "3.2"), actor=admin_user, verdict=VerdictKind.PASS, comment="材料齐全"
    )
    assert f"dispute:{campaign.pk}" not in kinds(admin_user)


def test_a_leader_has_no_administrators_to_dos(campaign, entry, federation, secretary_a):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    submitted(entry, secretary_a)
    assert todos_for(leader, TODAY) == []


def test_the_bell_counts_open_to_dos_and_the_list_shows_them(
    campaign, entry, secretary_a, secretary_a_client
):
    badge = secretary_a_client.get(reverse("todos:badge")).content.decode()
    count = len(todos_for(secretary_a, timezone.localdate()))
    assert count >= 2 and f'data-todos="{count}"' in badge
    page = secretary_a_client.get(reverse("todos:list")).content.decode()
    assert "待自评" in page and "待提交方案" in page
    assert reverse("campaigns:entry", args=[entry.pk]) in page


def test_the_administrators_to_do_queries_do_not_grow_with_societies(
    federation, admin_user, version
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            todos_for(admin_user, TODAY)
        return len(captured)

    launch(
        federation,
        [factories.make_society(federation=federation) for _ in range(2)],
        versions=[version],
        actor=admin_user,
    )
    few = queries()
    launch(
        federation,
        [factories.make_society(federation=federation) for _ in range(8)],
        versions=[version],
        actor=admin_user,
        name="第二次评估",
    )
    assert queries() == few


def test_an_expert_of_demo_societies_is_told_they_are_invented(
    campaign, society_a, expert_user, expert_client, admin_user
):
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    home = reverse("dashboard:home")
    assert "演示数据，均为虚构" not in expert_client.get(home).content.decode()
    society_a.is_synthetic = True
    society_a.save(update_fields=["is_synthetic"])
    assert "演示数据，均为虚构" in expert_client.get(home).content.decode()
