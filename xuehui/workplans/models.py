import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuehui.lib.fields import actor_field

from .choices import EDITABLE_STATUSES, PlanStatus, TaskStatus


class WorkPlan(models.Model):
    """改革工作方案: a society's reform work plan in a campaign, reviewed by the 科协."""

    entry = models.OneToOneField(
        "campaigns.CampaignEntry",
        verbose_name="参评学会",
        on_delete=models.CASCADE,
        related_name="work_plan",
    )
    title = models.CharField(
        "方案标题", max_length=200, blank=True, help_text="留空则为“××学会改革工作方案”"
    )
    status = models.CharField(
        "状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # The parts of a pilot's 实施方案 (002 五（二）) besides its task list; optional in any plan.
    goals = models.TextField("目标", blank=True)
    responsibilities = models.TextField("责任分工", blank=True)
    yearly_breakdown = models.TextField("年度任务分解", blank=True)
    outcomes = models.TextField("目标成果", blank=True)
    schedule = models.TextField("进度安排", blank=True)
    safeguards = models.TextField("保障措施", blank=True)
    review_comment = models.TextField("科协意见", blank=True)
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    submitted_by = actor_field("提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    returned_by = actor_field("退回人")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    approved_by = actor_field("批准人")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    class Meta:
        verbose_name = "改革工作方案"
        verbose_name_plural = "改革工作方案"
        ordering = ["entry__campaign", "entry__society__name", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def society(self):
        return self.entry.society

    @property
    def pilot_batch(self):
        """The pilot batch whose implementation this plan is (its 实施方案), or None."""
        return getattr(self.entry.campaign, "pilot_batch", None)

    @property
    def kind_label(self) -> str:
        return "实施方案" if self.pilot_batch is not None else "改革工作方案"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        batch = self.pilot_batch
        if batch is not None:
            return f"{self.entry.society.name}{batch.programme.name}实施方案"
        return f"{self.entry.society.name}改革工作方案"

    @property
    def is_editable(self) -> bool:
        """The society may change it: a draft, or a plan the 科协 returned."""
        return self.status in EDITABLE_STATUSES


OUTLINE_FIELDS = (
    "goals",
    "responsibilities",
    "yearly_breakdown",
    "outcomes",
    "schedule",
    "safeguards",
)


class Problem(models.Model):
    """存在问题: a shortcoming the plan sets out to remedy, often a requirement the engine failed."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name="工作方案", on_delete=models.CASCADE, related_name="problems"
    )
    position = models.PositiveIntegerField("顺序")
    text = models.TextField("问题")
    item = models.ForeignKey(
        "campaigns.CampaignItem",
        verbose_name="对应要求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_problems",
    )

    class Meta:
        verbose_name = "存在问题"
        verbose_name_plural = "存在问题"
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanTask(models.Model):
    """主要任务: one task of a work plan with its steps, outcome, deadline and responsible person.

    `status`, `percent` and `progress_at` repeat the task's latest progress update (written by
    `progress_record` in the same transaction) so lists can count without a subquery; whether
    a task is overdue is always computed from its deadline and the day.
    """

    plan = models.ForeignKey(
        WorkPlan, verbose_name="工作方案", on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveIntegerField("顺序")
    title = models.CharField("任务", max_length=300)
    target_outcome = models.TextField("目标成果")
    deadline = models.DateField("完成时限")
    responsible = models.CharField("责任人", max_length=100)
    items = models.ManyToManyField(
        "campaigns.CampaignItem",
        verbose_name="对应要求",
        blank=True,
        related_name="plan_tasks",
    )
    status = models.CharField(
        "进展", max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        "完成百分比", default=0, validators=[MaxValueValidator(100)]
    )
    progress_at = models.DateTimeField("最近填报时间", null=True, blank=True)

    class Meta:
        verbose_name = "主要任务"
        verbose_name_plural = "主要任务"
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="plan_task_percent_max")
        ]
        indexes = [models.Index(fields=["deadline", "status"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.deadline < day and self.status != TaskStatus.DONE

    @property
    def is_overdue(self) -> bool:
        """Past its deadline and not 已完成, today."""
        return self.is_overdue_on(timezone.localdate())


class PlanStep(models.Model):
    """工作步骤: one ordered step of a plan task ("2018年1月：理事会审议章程修订稿")."""

    task = models.ForeignKey(
        PlanTask, verbose_name="主要任务", on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveIntegerField("顺序")
    text = models.CharField("工作步骤", max_length=500)

    class Meta:
        verbose_name = "工作步骤"
        verbose_name_plural = "工作步骤"
        ordering = ["task", "position", "id"]

    def __str__(self) -> str:
        return self.text


class ProgressUpdate(models.Model):
    """进度填报: how far a task has got on a day, with a note and evidence files."""

    task = models.ForeignKey(
        PlanTask, verbose_name="主要任务", on_delete=models.CASCADE, related_name="updates"
    )
    percent = models.PositiveSmallIntegerField("完成百分比", validators=[MaxValueValidator(100)])
    status = models.CharField("进展", max_length=16, choices=TaskStatus.choices)
    note = models.TextField("进展说明", blank=True)
    evidence = models.ManyToManyField(
        "files.StoredFile", verbose_name="佐证材料", blank=True, related_name="+"
    )
    recorded_by = actor_field("填报人")
    recorded_at = models.DateTimeField("填报时间", default=timezone.now)

    class Meta:
        verbose_name = "进度填报"
        verbose_name_plural = "进度填报"
        ordering = ["task", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.percent}% · {self.get_status_display()}"
