import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from xuehui.lib.fields import actor_field, optional_link
from xuehui.rules.choices import Status

from .choices import CampaignStatus, SelfAssessment, State, VerdictKind


def default_assessment_year(facts_on: dt.date) -> int:
    """考核年度 when none is named: the documents close a year with its 年终工作总结 and 年度述职
    (003 4、（2）, 001 四（二）5, 004 第1、4项), so a review whose data date falls before 1 July
    judges the year just ended; from 1 July it is the 年中进度检查 of the current year, whose
    每年 counts stay 年度未结束 until 31 December."""
    return facts_on.year - 1 if facts_on < dt.date(facts_on.year, 7, 1) else facts_on.year


class Campaign(models.Model):
    """评估/检查工作: a federation's review of its societies against frameworks, with deadlines."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    name = models.CharField("名称", max_length=200)
    frameworks = models.ManyToManyField(
        "rules.FrameworkVersion", verbose_name="政策框架", related_name="campaigns", blank=True
    )
    facts_on = models.DateField("数据截止日期", help_text="自动核验按此日期的数据计算")
    assessment_year = models.PositiveSmallIntegerField(
        "考核年度",
        help_text="“每年”的要求按这一自然年度核验；不晚于数据截止日期所在年度",
    )
    plan_deadline = models.DateField("工作方案截止日期")
    self_assessment_deadline = models.DateField("自评截止日期")
    review_deadline = models.DateField("专家评审截止日期")
    rectification_deadline = models.DateField("整改截止日期")
    status = models.CharField(
        "状态", max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    launched_at = models.DateTimeField("启动时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=500, blank=True)
    # The background job that launched it: a task delivered twice finds its campaign here.
    launch_job = models.OneToOneField(
        "jobs.Job",
        verbose_name="启动任务",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="launched_campaign",
    )

    class Meta:
        verbose_name = "评估检查工作"
        verbose_name_plural = "评估检查工作"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_deadline__gte=F("self_assessment_deadline"))
                & Q(rectification_deadline__gte=F("review_deadline")),
                name="campaign_deadlines_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        dates = (self.self_assessment_deadline, self.review_deadline, self.rectification_deadline)
        if all(dates) and not dates[0] <= dates[1] <= dates[2]:
            raise ValidationError("截止日期须依次为：自评 ≤ 专家评审 ≤ 整改。")
        if self.facts_on and self.assessment_year and self.assessment_year > self.facts_on.year:
            raise ValidationError(
                {"assessment_year": f"考核年度不能晚于数据截止日期所在的{self.facts_on.year}年。"}
            )

    @property
    def year_complete(self) -> bool:
        """The 考核年度 had ended by the facts date: its 每年 requirements are judged whole."""
        return self.facts_on >= dt.date(self.assessment_year, 12, 31)

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN


class CampaignEntry(models.Model):
    """参评学会: one society in a campaign, with its state in the review loop."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="评估检查工作", on_delete=models.CASCADE, related_name="entries"
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.PROTECT,
        related_name="campaign_entries",
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    evaluated_at = models.DateTimeField("自动核验时间", null=True, blank=True)

    class Meta:
        verbose_name = "参评学会"
        verbose_name_plural = "参评学会"
        ordering = ["campaign", "society__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "society"], name="campaign_society_once"),
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.society}"


class CampaignItem(models.Model):
    """评估事项: one requirement for one society in a campaign: engine result, self-assessment, review."""

    entry = models.ForeignKey(
        CampaignEntry, verbose_name="参评学会", on_delete=models.CASCADE, related_name="items"
    )
    requirement = models.ForeignKey(
        "rules.Requirement",
        verbose_name="要求",
        on_delete=models.PROTECT,
        related_name="campaign_items",
    )
    position = models.PositiveIntegerField("顺序")
    # The engine's result, taken at launch and replaced on refresh (the old one goes to ItemResultHistory).
    auto_status = models.CharField("自动核验结果", max_length=16, choices=Status.choices)
    auto_explanation = models.TextField("核验说明", blank=True)
    auto_actual = models.CharField("实际", max_length=300, blank=True)
    auto_expected = models.CharField("要求", max_length=300, blank=True)
    auto_people = models.JSONField("涉及人员", default=list, blank=True)
    evaluated_on = models.DateField("核验数据日期")
    # The society's self-assessment.
    self_assessment = models.CharField(
        "自评结论", max_length=16, choices=SelfAssessment.choices, blank=True
    )
    self_statement = models.TextField("自评说明", blank=True)
    self_assessed_at = models.DateTimeField("自评时间", null=True, blank=True)
    self_assessed_by = actor_field("自评人")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    # Rectification.
    rectification_request = models.TextField("整改要求", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectification_answer = models.TextField("整改情况", blank=True)
    rectification_answered_at = models.DateTimeField("整改提交时间", null=True, blank=True)
    # The administrator's resolution where experts disagree.
    resolution = models.CharField(
        "管理员裁定", max_length=16, choices=VerdictKind.choices, blank=True
    )
    resolution_comment = models.TextField("裁定说明", blank=True)
    resolved_by = actor_field("裁定人")
    resolved_at = models.DateTimeField("裁定时间", null=True, blank=True)

    class Meta:
        verbose_name = "评估事项"
        verbose_name_plural = "评估事项"
        ordering = ["entry", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "requirement"], name="campaign_item_once"),
        ]
        indexes = [
            models.Index(fields=["entry", "state"]),
            # Whether anyone has self-assessed yet (may the campaign be withdrawn?), asked on
            # every view of its page: without it, a scan of every item until the first one.
            models.Index(
                fields=["entry"], condition=~Q(self_assessment=""), name="campaign_item_assessed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.requirement.number}"

    @property
    def is_overdue(self) -> bool:
        """A rectification past its deadline and not yet answered."""
        return bool(
            self.state == State.RECTIFYING
            and self.rectification_deadline
            and self.rectification_deadline < timezone.localdate()
        )


class ItemResultHistory(models.Model):
    """核验历史: an engine result an item held before a refresh replaced it."""

    item = models.ForeignKey(
        CampaignItem, verbose_name="评估事项", on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField("自动核验结果", max_length=16, choices=Status.choices)
    explanation = models.TextField("核验说明", blank=True)
    actual = models.CharField("实际", max_length=300, blank=True)
    expected = models.CharField("要求", max_length=300, blank=True)
    people = models.JSONField("涉及人员", default=list, blank=True)
    evaluated_on = models.DateField("核验数据日期")
    replaced_at = models.DateTimeField("被替换时间", default=timezone.now)

    class Meta:
        verbose_name = "核验历史"
        verbose_name_plural = "核验历史"
        ordering = ["item", "-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_status_display()} ({self.evaluated_on:%Y-%m-%d})"


class Evidence(models.Model):
    """佐证材料: an uploaded file, or a link to a record of the same society, supporting an item."""

    item = models.ForeignKey(
        CampaignItem, verbose_name="评估事项", on_delete=models.CASCADE, related_name="evidence"
    )
    file = optional_link("files.StoredFile", "文件")
    rule_document = optional_link("regulations.RuleDocument", "规章制度")
    meeting = optional_link("meetings.Meeting", "会议纪要")
    activity = optional_link("activities.Activity", "活动")
    note = models.CharField("说明", max_length=500, blank=True)
    added_by = actor_field("添加人")
    added_at = models.DateTimeField("添加时间", default=timezone.now)

    TARGETS = ("file", "rule_document", "meeting", "activity")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["item", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        file__isnull=False,
                        rule_document__isnull=True,
                        meeting__isnull=True,
                        activity__isnull=True,
                    )
                    | Q(
                        file__isnull=True,
                        rule_document__isnull=False,
                        meeting__isnull=True,
                        activity__isnull=True,
                    )
                    | Q(
                        file__isnull=True,
                        rule_document__isnull=True,
                        meeting__isnull=False,
                        activity__isnull=True,
                    )
                    | Q(
                        file__isnull=True,
                        rule_document__isnull=True,
                        meeting__isnull=True,
                        activity__isnull=False,
                    )
                ),
                name="evidence_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def target_kind(self) -> str:
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return self._meta.get_field(name).verbose_name
        return ""

    def clean(self) -> None:
        chosen = [name for name in self.TARGETS if getattr(self, f"{name}_id")]
        if len(chosen) != 1:
            raise ValidationError("佐证材料须是一个文件，或一条本学会的记录。")


class ExpertAssignment(models.Model):
    """专家分配: an expert assigned to a society (or all) and a requirement group (or all) in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="评估检查工作", on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="专家",
        on_delete=models.CASCADE,
        related_name="expert_assignments",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="留空表示本次工作的全部学会",
    )
    requirement_prefix = models.CharField(
        "要求编号前缀", max_length=40, blank=True, help_text="如“2”或“2.1”；留空表示全部要求"
    )
    assigned_by = actor_field("分配人")
    assigned_at = models.DateTimeField("分配时间", default=timezone.now)

    class Meta:
        verbose_name = "专家分配"
        verbose_name_plural = "专家分配"
        ordering = ["campaign", "expert", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "expert", "society", "requirement_prefix"],
                name="expert_assignment_once",
            ),
        ]

    def __str__(self) -> str:
        where = self.society.name if self.society_id else "全部学会"
        return f"{self.expert} · {where} · {self.requirement_prefix or '全部要求'}"

    def covers(self, *, society_id: int, requirement_key: str) -> bool:
        """True when this assignment includes that society's requirement."""
        if self.society_id and self.society_id != society_id:
            return False
        return key_in_prefix(requirement_key, self.requirement_prefix)


def key_in_prefix(key: str, prefix: str) -> bool:
    """“2.1.3” is in the group “2.1” and “2” but not in “2.10”."""
    return not prefix or key == prefix or key.startswith(prefix.rstrip(".") + ".")


class Verdict(models.Model):
    """专家意见: one expert's verdict and comment on one item; several experts may judge one item."""

    item = models.ForeignKey(
        CampaignItem, verbose_name="评估事项", on_delete=models.CASCADE, related_name="verdicts"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="专家",
        on_delete=models.PROTECT,
        related_name="campaign_verdicts",
    )
    verdict = models.CharField("意见", max_length=16, choices=VerdictKind.choices)
    comment = models.TextField("评语", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "专家意见"
        verbose_name_plural = "专家意见"
        ordering = ["item", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "expert"], name="verdict_once_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_verdict_display()}"


class Transition(models.Model):
    """状态变更: one change of state of a society (item empty) or of one item, with who, when and why."""

    entry = models.ForeignKey(
        CampaignEntry,
        verbose_name="参评学会",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    item = models.ForeignKey(
        CampaignItem,
        verbose_name="评估事项",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField("原状态", max_length=16, choices=State.choices)
    to_state = models.CharField("新状态", max_length=16, choices=State.choices)
    actor = actor_field("操作人")
    at = models.DateTimeField("时间", default=timezone.now)
    reason = models.TextField("原因", blank=True)
    cause = models.ForeignKey(
        "self",
        verbose_name="随同的学会状态变更",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="effects",
        help_text="学会状态变更时一并变更的评估事项，撤销时一并撤销",
    )
    reverts = models.OneToOneField(
        "self",
        verbose_name="撤销的变更",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reverted_by",
    )

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["entry", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_state=F("to_state")), name="transition_changes_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"
