"""Writes to work plans: create (problems pre-filled), problems, tasks with steps, submit,
return, approve, progress. Who may call which is the views' business (the access layer);
these functions check the plan's state and the data, and tell the people concerned."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.selectors import secretaries_of
from xuehui.audit.services import acting_user, audit_record
from xuehui.files.services import file_store
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send

from . import selectors
from .choices import PlanStatus, TaskStatus
from .models import OUTLINE_FIELDS, PlanStep, PlanTask, Problem, ProgressUpdate, WorkPlan
from .todos import plan_review_key, plan_submit_key

EVIDENCE_PURPOSE = "工作方案进度佐证"


def _audit(actor, action: str, plan: WorkPlan, summary: str, target=None, **detail) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target or plan,
        society=plan.entry.society,
        summary=summary,
        detail=detail,
    )


def _require_editable(plan: WorkPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            f"工作方案{plan.get_status_display()}，不能修改；如需修改请联系科协退回。"
        )


@transaction.atomic
def plan_create(*, entry, actor=None, title: str = "") -> WorkPlan:
    """Start the plan of a society in a campaign, its problems taken from the failed requirements."""
    if WorkPlan.objects.filter(entry=entry).exists():
        raise ValidationError("该学会在本次工作中已有改革工作方案。")
    if not entry.campaign.is_open:
        raise ValidationError("本次评估检查工作不在进行中，不能编写工作方案。")
    plan = WorkPlan(entry=entry, title=title.strip(), created_by=acting_user(actor))
    plan.full_clean()
    plan.save()
    problems = [
        Problem(plan=plan, position=n, text=selectors.problem_text(item), item=item)
        for n, item in enumerate(selectors.failing_items(entry), start=1)
    ]
    Problem.objects.bulk_create(problems)
    _audit(
        actor,
        "plan_create",
        plan,
        f"创建改革工作方案（{entry.campaign.name}），预填存在问题{len(problems)}条",
        problems=len(problems),
    )
    return plan


def _check_item(plan: WorkPlan, item) -> None:
    if item is not None and item.entry_id != plan.entry_id:
        raise ValidationError({"item": "所选要求不属于本学会的本次评估检查工作。"})


@transaction.atomic
def problem_save(*, plan: WorkPlan, actor=None, text: str, item=None, problem=None) -> Problem:
    """Add a problem to the plan, or change `problem`."""
    _require_editable(plan)
    _check_item(plan, item)
    problem = _own_or_next(plan, problem, Problem, plan.problems, "该问题不属于这份工作方案。")
    problem.text, problem.item = text.strip(), item
    problem.full_clean()
    problem.save()
    _audit(actor, "problem_save", plan, f"保存存在问题：{problem.text[:60]}", target=problem)
    return problem


@transaction.atomic
def problem_delete(*, problem: Problem, actor=None) -> None:
    plan = problem.plan
    _require_editable(plan)
    _audit(actor, "problem_delete", plan, f"删除存在问题：{problem.text[:60]}", target=problem)
    problem.delete()


def _own_or_next(plan: WorkPlan, obj, model, siblings, refusal: str):
    """`obj` if it belongs to the plan, or a new one placed after the plan's last."""
    if obj is None:
        last = siblings.order_by("-position").values_list("position", flat=True).first()
        return model(plan=plan, position=(last or 0) + 1)
    if obj.plan_id != plan.pk:
        raise ValidationError(refusal)
    return obj


def _clean_steps(steps: Iterable[str]) -> list[str]:
    cleaned = [step.strip() for step in steps if step and step.strip()]
    limit = PlanStep._meta.get_field("text").max_length
    too_long = [step for step in cleaned if limit is not None and len(step) > limit]
    if too_long:
        raise ValidationError({"steps": "每个工作步骤不超过500字。"})
    return cleaned


@transaction.atomic
def task_save(
    *,
    plan: WorkPlan,
    actor=None,
    task: PlanTask | None = None,
    title: str,
    target_outcome: str,
    deadline,
    responsible: str,
    steps: Iterable[str] = (),
    items: Iterable = (),
) -> PlanTask:
    """Add a task to the plan or change `task`; its steps are replaced by `steps`, in order."""
    _require_editable(plan)
    items, steps = list(items), _clean_steps(steps)
    for item in items:
        _check_item(plan, item)
    task = _own_or_next(plan, task, PlanTask, plan.tasks, "该任务不属于这份工作方案。")
    task.title, task.target_outcome = title.strip(), target_outcome.strip()
    task.deadline, task.responsible = deadline, responsible.strip()
    task.full_clean()
    task.save()
    task.steps.all().delete()
    PlanStep.objects.bulk_create(
        PlanStep(task=task, position=n, text=text) for n, text in enumerate(steps, start=1)
    )
    task.items.set(items)
    _audit(actor, "task_save", plan, f"保存主要任务：{task.title}", target=task, steps=len(steps))
    return task


@transaction.atomic
def task_delete(*, task: PlanTask, actor=None) -> None:
    plan = task.plan
    _require_editable(plan)
    _audit(actor, "task_delete", plan, f"删除主要任务：{task.title}", target=task)
    task.delete()


def _plan_url(plan: WorkPlan) -> str:
    return reverse("workplans:plan", args=[plan.entry_id])


def _review_url(plan: WorkPlan) -> str:
    return reverse("workplans:review", args=[plan.pk])


def _notify_editors(
    plan: WorkPlan, *, kind: str, title: str, body: str, event: str, todo: str = ""
) -> int:
    editors = secretaries_of([plan.entry.society_id]).get(plan.entry.society_id, [])
    sent = 0
    for user in editors:
        sent += bool(
            notification_send(
                user=user,
                kind=kind,
                title=title,
                body=body,
                url=_plan_url(plan),
                dedupe_key=f"plan-{event}:{plan.pk}",
                todo_key=todo,
            )
        )
    return sent


@transaction.atomic
def plan_outline_save(*, plan: WorkPlan, actor=None, **parts: str) -> WorkPlan:
    """The plan's goals, responsibilities, yearly breakdown, target outcomes, schedule and
    safeguards (the 实施方案's parts besides its tasks)."""
    _require_editable(plan)
    for name in OUTLINE_FIELDS:
        setattr(plan, name, (parts.get(name) or "").strip())
    plan.save(update_fields=list(OUTLINE_FIELDS))
    _audit(actor, "plan_outline_save", plan, f"修改{plan.kind_label}的目标与保障措施等")
    return plan


@transaction.atomic
def plan_submit(*, plan: WorkPlan, actor=None) -> WorkPlan:
    """Send the plan to the 科协 for approval; it needs at least one task."""
    _require_editable(plan)
    if not plan.tasks.exists():
        raise ValidationError("请至少填写一项主要任务后再提交。")
    plan.status, plan.submitted_by, plan.submitted_at = (
        PlanStatus.SUBMITTED,
        acting_user(actor),
        timezone.now(),
    )
    plan.full_clean()
    plan.save()
    _audit(actor, "plan_submit", plan, "提交改革工作方案")
    campaign, society = plan.entry.campaign, plan.entry.society
    stamp = int(plan.submitted_at.timestamp())
    for user in selectors.federation_admins([campaign.federation_id]).get(
        campaign.federation_id, []
    ):
        notification_send(
            user=user,
            kind=NotificationKind.ASSIGNMENT,
            title=f"待审核：{plan.display_title}",
            body=f"{society.name}已提交“{campaign.name}”的改革工作方案，请审核。",
            url=_review_url(plan),
            dedupe_key=f"plan-submitted:{plan.pk}:{stamp}",
            todo_key=plan_review_key(plan.pk),
        )
    return plan


def _require_submitted(plan: WorkPlan) -> None:
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(f"工作方案{plan.get_status_display()}，只能审核已提交的方案。")


@transaction.atomic
def plan_return(*, plan: WorkPlan, actor=None, comment: str) -> WorkPlan:
    """Send the plan back to the society with the 科协's comments."""
    _require_submitted(plan)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "退回时请填写修改意见。"})
    plan.status, plan.review_comment = PlanStatus.RETURNED, comment
    plan.returned_by, plan.returned_at = acting_user(actor), timezone.now()
    plan.full_clean()
    plan.save()
    _audit(actor, "plan_return", plan, f"退回改革工作方案：{comment[:80]}")
    _notify_editors(
        plan,
        kind=NotificationKind.RETURNED,
        title=f"退回修改：{plan.display_title}",
        body=f"科协退回了“{plan.entry.campaign.name}”的改革工作方案，意见：{comment}",
        event=f"returned:{int(plan.returned_at.timestamp())}",
        todo=plan_submit_key(plan.entry_id),
    )
    return plan


@transaction.atomic
def plan_approve(*, plan: WorkPlan, actor=None, comment: str = "") -> WorkPlan:
    """Approve the plan; the society then reports progress on its tasks."""
    _require_submitted(plan)
    plan.status, plan.review_comment = PlanStatus.APPROVED, comment.strip()
    plan.approved_by, plan.approved_at = acting_user(actor), timezone.now()
    plan.full_clean()
    plan.save()
    _audit(actor, "plan_approve", plan, "批准改革工作方案")
    body = f"科协批准了“{plan.entry.campaign.name}”的改革工作方案，请按期推进各项任务并填报进度。"
    _notify_editors(
        plan,
        kind=NotificationKind.APPROVED,
        title=f"已批准：{plan.display_title}",
        body=f"{body}\n意见：{plan.review_comment}" if plan.review_comment else body,
        event="approved",
    )
    return plan


def _check_progress(percent: int, status: str) -> None:
    if status == TaskStatus.DONE and percent != 100:
        raise ValidationError({"percent": "任务已完成时，完成百分比应为100%。"})
    if status == TaskStatus.NOT_STARTED and percent != 0:
        raise ValidationError({"percent": "任务未开始时，完成百分比应为0%。"})
    if percent == 100 and status != TaskStatus.DONE:
        raise ValidationError({"status": "完成百分比为100%时，进展应为“已完成”。"})


@transaction.atomic
def progress_record(
    *,
    task: PlanTask,
    actor=None,
    percent: int,
    status: str,
    note: str = "",
    uploads: Iterable = (),
) -> ProgressUpdate:
    """Record how far a task of an approved plan has got; the task shows the latest update."""
    plan = task.plan
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError("工作方案经科协批准后才能填报任务进度。")
    _check_progress(percent, status)
    update = ProgressUpdate(
        task=task, percent=percent, status=status, note=note.strip(), recorded_by=acting_user(actor)
    )
    update.full_clean()
    update.save()
    files = [
        file_store(upload=upload, society=plan.entry.society, actor=actor, purpose=EVIDENCE_PURPOSE)
        for upload in uploads
    ]
    if files:
        update.evidence.add(*files)
    task.status, task.percent, task.progress_at = status, percent, update.recorded_at
    task.full_clean()
    task.save(update_fields=["status", "percent", "progress_at"])
    _audit(
        actor,
        "progress_record",
        plan,
        f"填报任务进度：{task.title} {percent}% {update.get_status_display()}",
        target=update,
        files=len(files),
    )
    return update
