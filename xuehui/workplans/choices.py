from django.db import models


class PlanStatus(models.TextChoices):
    """Where a society's reform work plan stands with the 科协."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准"


# The society may change its problems and tasks only while the plan is with it.
EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})

PLAN_BADGES = {
    PlanStatus.DRAFT: "secondary",
    PlanStatus.SUBMITTED: "primary",
    PlanStatus.RETURNED: "warning",
    PlanStatus.APPROVED: "success",
}


class TaskStatus(models.TextChoices):
    """How far a plan task has got, as its latest progress update says."""

    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    DELAYED = "delayed", "已延期"


TASK_BADGES = {
    TaskStatus.NOT_STARTED: "secondary",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE: "success",
    TaskStatus.DELAYED: "warning",
}
