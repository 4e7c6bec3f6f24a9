import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xuehui.audit.models import AuditEntry
from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import CampaignItem
from xuehui.files.tests.factories import pdf_bytes, upload
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.models import Notification
from xuehui.rules.choices import Status
from xuehui.workplans import services
from xuehui.workplans.choices import PlanStatus, TaskStatus
from xuehui.workplans.models import PlanTask, Problem, ProgressUpdate, WorkPlan

from .factories import make_campaign, make_entry, make_plan, make_task


@pytest.fixture
def campaign(federation):
    return make_campaign(federation)


@pytest.fixture
def entry(campaign, society_a):
    return make_entry(campaign, society_a)


def _task_fields(**overrides):
    fields = {
        "title": "修订学会章程",
        "target_outcome": "新章程经会员代表大会通过并核准",
        "deadline": dt.date(2025, 6, 30),
        "responsible": "理事长 李四",
        "steps": ["起草修订稿", "", "  理事会审议  ", "会员代表大会表决"],
    }
    return fields | overrides


def test_a_new_plan_lists_the_failed_requirements_as_problems(entry, secretary_a):
    plan = services.plan_create(entry=entry, actor=secretary_a)
    problems = list(plan.problems.order_by("position"))
    failing = CampaignItem.objects.get(entry=entry, auto_status=Status.FAIL)
    assert [p.item for p in problems] == [failing]
    assert problems[0].text.startswith(failing.requirement.title + "：")
    assert "还需增加3名" in problems[0].text
    assert AuditEntry.objects.filter(action="plan_create", society=entry.society).exists()


def test_a_failed_group_is_not_repeated_when_its_part_failed_too(entry):
    group, leaf = CampaignItem.objects.filter(entry=entry).order_by("position")
    group.requirement.key, leaf.requirement.parent_key = "9", "9"
    group.auto_status = leaf.auto_status = Status.FAIL
    group.requirement.save()
    leaf.requirement.save()
    CampaignItem.objects.filter(entry=entry).update(auto_status=Status.FAIL)
    plan = services.plan_create(entry=entry)
    assert [p.item_id for p in plan.problems.all()] == [leaf.pk]


def test_a_society_has_one_plan_per_campaign(entry):
    services.plan_create(entry=entry)
    with pytest.raises(ValidationError, match="已有改革工作方案"):
        services.plan_create(entry=entry)
    assert WorkPlan.objects.count() == 1


def test_no_plan_is_started_in_a_closed_campaign(federation, society_a):
    entry = make_entry(make_campaign(federation, status=CampaignStatus.CLOSED), society_a)
    with pytest.raises(ValidationError, match="不在进行中"):
        services.plan_create(entry=entry)
    assert not WorkPlan.objects.exists()


def test_a_task_keeps_its_non_blank_steps_in_order(entry):
    plan = make_plan(entry)
    task = services.task_save(plan=plan, **_task_fields())
    assert [s.text for s in task.steps.order_by("position")] == [
        "起草修订稿",
        "理事会审议",
        "会员代表大会表决",
    ]
    services.task_save(plan=plan, task=task, **_task_fields(steps=["一次完成"]))
    assert [s.text for s in task.steps.all()] == ["一次完成"]


def test_a_task_addresses_requirements_of_its_own_campaign_only(entry, campaign, society_b):
    plan = make_plan(entry)
    other = make_entry(campaign, society_b).items.first()
    with pytest.raises(ValidationError):
        services.task_save(plan=plan, **_task_fields(items=[other]))
    assert not PlanTask.objects.exists()
    own = entry.items.first()
    task = services.task_save(plan=plan, **_task_fields(items=[own]))
    assert list(task.items.all()) == [own]


def test_a_task_without_deadline_or_responsible_person_is_refused(entry):
    plan = make_plan(entry)
    with pytest.raises(ValidationError) as error:
        services.task_save(plan=plan, **_task_fields(deadline=None, responsible=" "))
    assert {"deadline", "responsible"} <= set(error.value.message_dict)


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED])
def test_a_plan_with_the_federation_cannot_be_changed(entry, status):
    plan = make_plan(entry, status=status, tasks=1)
    with pytest.raises(ValidationError, match="不能修改"):
        services.task_save(plan=plan, **_task_fields())
    with pytest.raises(ValidationError, match="不能修改"):
        services.problem_save(plan=plan, text="新问题")
    with pytest.raises(ValidationError, match="不能修改"):
        services.task_delete(task=plan.tasks.get())
    assert plan.tasks.count() == 1 and plan.problems.count() == 1


def test_problems_are_added_changed_and_removed(entry):
    plan = make_plan(entry)
    added = services.problem_save(plan=plan, text="  专职工作人员不足  ")
    assert (added.position, added.text) == (2, "专职工作人员不足")
    services.problem_save(plan=plan, problem=added, text="专职工作人员仅1名")
    assert Problem.objects.get(pk=added.pk).text == "专职工作人员仅1名"
    services.problem_delete(problem=added)
    assert plan.problems.count() == 1


def test_an_empty_plan_cannot_be_submitted(entry):
    plan = make_plan(entry)
    with pytest.raises(ValidationError, match="至少填写一项主要任务"):
        services.plan_submit(plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submitting_tells_the_federation_administrators(entry, secretary_a, admin_user):
    plan = make_plan(entry, tasks=1)
    services.plan_submit(plan=plan, actor=secretary_a)
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by) == (PlanStatus.SUBMITTED, secretary_a)
    notification = Notification.objects.get(user=admin_user)
    assert notification.kind == NotificationKind.ASSIGNMENT
    assert notification.url == f"/workplans/{plan.pk}/review/"


def test_returning_needs_comments_and_tells_the_secretaries(entry, secretary_a, admin_user):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    with pytest.raises(ValidationError, match="修改意见"):
        services.plan_return(plan=plan, actor=admin_user, comment="  ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    services.plan_return(plan=plan, actor=admin_user, comment="任务三缺少完成时限的依据")
    plan.refresh_from_db()
    assert (plan.status, plan.returned_by) == (PlanStatus.RETURNED, admin_user)
    assert plan.is_editable
    notification = Notification.objects.get(user=secretary_a)
    assert notification.kind == NotificationKind.RETURNED
    assert "任务三缺少完成时限的依据" in notification.body


def test_a_returned_plan_can_be_resubmitted_and_approved(entry, secretary_a, admin_user):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    services.plan_return(plan=plan, actor=admin_user, comment="请细化步骤")
    services.plan_submit(plan=plan, actor=secretary_a)
    services.plan_approve(plan=plan, actor=admin_user, comment="同意")
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.review_comment) == (
        PlanStatus.APPROVED,
        admin_user,
        "同意",
    )
    kinds = set(Notification.objects.filter(user=secretary_a).values_list("kind", flat=True))
    assert kinds == {NotificationKind.RETURNED, NotificationKind.APPROVED}
    assert Notification.objects.filter(user=admin_user).count() == 1


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.APPROVED])
def test_only_a_submitted_plan_is_approved_or_returned(entry, status):
    plan = make_plan(entry, status=status, tasks=1)
    with pytest.raises(ValidationError, match="只能审核已提交的方案"):
        services.plan_approve(plan=plan)
    with pytest.raises(ValidationError, match="只能审核已提交的方案"):
        services.plan_return(plan=plan, comment="意见")
    plan.refresh_from_db()
    assert plan.status == status


def test_progress_waits_for_approval(entry):
    task = make_task(make_plan(entry, status=PlanStatus.SUBMITTED))
    with pytest.raises(ValidationError, match="批准后"):
        services.progress_record(task=task, percent=10, status=TaskStatus.IN_PROGRESS)
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("percent", "status", "field"),
    [
        (90, TaskStatus.DONE, "percent"),
        (20, TaskStatus.NOT_STARTED, "percent"),
        (100, TaskStatus.IN_PROGRESS, "status"),
    ],
)
def test_progress_must_agree_with_its_status(entry, percent, status, field):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED))
    with pytest.raises(ValidationError) as error:
        services.progress_record(task=task, percent=percent, status=status)
    assert field in error.value.message_dict
    task.refresh_from_db()
    assert (task.status, task.percent) == (TaskStatus.NOT_STARTED, 0)


def test_the_latest_progress_is_the_tasks_progress(entry, secretary_a):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED))
    services.progress_record(
        task=task,
        actor=secretary_a,
        percent=40,
        status=TaskStatus.IN_PROGRESS,
        note="已完成调研",
        uploads=[upload("调研报告.pdf", pdf_bytes())],
    )
    update = services.progress_record(task=task, percent=100, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert (task.status, task.percent, task.progress_at) == (
        TaskStatus.DONE,
        100,
        update.recorded_at,
    )
    first = task.updates.get(percent=40)
    assert [f.original_name for f in first.evidence.all()] == ["调研报告.pdf"]
    assert first.evidence.get().society == entry.society


def test_a_task_is_overdue_after_its_deadline_until_done(entry):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED), deadline=dt.date(2025, 6, 30))
    assert not task.is_overdue_on(dt.date(2025, 6, 30))
    assert task.is_overdue_on(dt.date(2025, 7, 1))
    services.progress_record(task=task, percent=100, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert not task.is_overdue_on(dt.date(2025, 7, 1))
