import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from xuehui.lib.fields import actor_field

from .choices import AcceptanceVerdict, Decision, PhaseKind, ReportStatus, Willingness


class PilotProgramme(models.Model):
    """试点项目: a pilot a 科协 runs over some of its societies against one framework."""

    key = models.SlugField("项目代码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=100)
    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.PROTECT,
        related_name="pilot_programmes",
    )
    framework = models.ForeignKey(
        "rules.Framework",
        verbose_name="试点标准",
        on_delete=models.PROTECT,
        related_name="pilot_programmes",
    )
    description = models.TextField("说明", blank=True)
    standards_key = models.CharField(
        "试点标准所在条目",
        max_length=40,
        blank=True,
        help_text="框架中列出试点标准的条目编号（如湖北两化的“5”）；留空则为框架中对学会的全部要求",
    )

    class Meta:
        verbose_name = "试点项目"
        verbose_name_plural = "试点项目"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class PilotBatch(models.Model):
    """试点批次: one round of a programme, with its year, its phases' dates, and its rules for
    acceptance (points per standard, pass and fail marks, the 公示 period)."""

    programme = models.ForeignKey(
        PilotProgramme, verbose_name="试点项目", on_delete=models.CASCADE, related_name="batches"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField("批次名称", max_length=60)
    pass_mark = models.DecimalField(
        "通过分数线", max_digits=5, decimal_places=2, default=Decimal(80),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    fail_mark = models.DecimalField(
        "不通过分数线", max_digits=5, decimal_places=2, default=Decimal(60),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="低于此分为不通过；介于两线之间为限期整改后复验",
    )  # fmt: skip
    publicity_days = models.PositiveSmallIntegerField(
        "公示天数", default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    points = models.JSONField(
        "各项标准分值", default=dict, blank=True, help_text="留空则100分由各项标准平均分配"
    )
    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="试点实施工作",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilot_batch",
        help_text="启动实施后，试点学会在其中编写实施方案、填报进展、自查",
    )
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "试点批次"
        verbose_name_plural = "试点批次"
        ordering = ["programme", "-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="pilot_batch_name_unique"),
            models.CheckConstraint(
                condition=Q(fail_mark__lte=F("pass_mark")),
                name="pilot_batch_marks_in_order",
                violation_error_message="不通过分数线不能高于通过分数线",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}（{self.name}）"

    def clean(self) -> None:
        marks = (self.fail_mark, self.pass_mark)
        if None not in marks and self.fail_mark > self.pass_mark:
            raise ValidationError({"fail_mark": "不通过分数线不能高于通过分数线"})


class PilotPhase(models.Model):
    """试点阶段: one phase of a batch with its own dates (from the document's template)."""

    batch = models.ForeignKey(
        PilotBatch, verbose_name="试点批次", on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField("顺序")
    kind = models.CharField("阶段类型", max_length=16, choices=PhaseKind.choices)
    name = models.CharField("阶段名称", max_length=60)
    clause = models.CharField("文件条款", max_length=40, blank=True)
    what = models.CharField("工作内容", max_length=300, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    completed_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "试点阶段"
        verbose_name_plural = "试点阶段"
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "kind"], name="pilot_phase_kind_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="pilot_phase_ends_after_start",
                violation_error_message="阶段结束日期不能早于开始日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.completed_on is None and self.ends_on < day

    def state_on(self, day: dt.date) -> str:
        if self.completed_on:
            return "已完成"
        if day < self.starts_on:
            return "未开始"
        return "已逾期" if self.ends_on < day else "进行中"


class PilotMembership(models.Model):
    """试点学会: a society's membership of a pilot programme, from `since` until `until`."""

    programme = models.ForeignKey(
        PilotProgramme,
        verbose_name="试点项目",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    batch = models.ForeignKey(
        PilotBatch,
        verbose_name="试点批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="pilot_memberships",
    )
    since = models.DateField("加入日期")
    until = models.DateField("退出日期", null=True, blank=True, help_text="留空表示仍在试点中")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "试点学会"
        verbose_name_plural = "试点学会"
        ordering = ["programme", "society__name", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "society", "since"], name="pilot_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=models.F("since")),
                name="pilot_membership_until_after_since",
                violation_error_message="退出日期应晚于加入日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.programme}"

    def clean(self) -> None:
        if self.since and self.until and self.until <= self.since:
            raise ValidationError({"until": "退出日期应晚于加入日期"})
        if self.programme_id and self.society_id and self.since:
            self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        others = PilotMembership.objects.filter(
            programme_id=self.programme_id, society_id=self.society_id
        )
        for other in others.exclude(pk=self.pk):
            other_end = other.until or dt.date.max
            if other.since < (self.until or dt.date.max) and self.since < other_end:
                raise ValidationError(
                    f"该学会在{other.since:%Y-%m-%d}起已是本试点的成员，试点期间不能重叠"
                )

    def is_active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


class Candidacy(models.Model):
    """候选学会: a society considered for a batch — its own answer (征求意见) and the 科协's
    decision with the reason."""

    batch = models.ForeignKey(
        PilotBatch, verbose_name="试点批次", on_delete=models.CASCADE, related_name="candidacies"
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="pilot_candidacies",
    )
    willingness = models.CharField(
        "学会意见", max_length=16, choices=Willingness.choices, default=Willingness.UNASKED
    )
    willingness_note = models.CharField("学会意见说明", max_length=500, blank=True)
    asked_at = models.DateTimeField("征求意见时间", default=timezone.now)
    answered_by = actor_field("答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    decision = models.CharField(
        "科协决定", max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.CharField("决定理由", max_length=500, blank=True)
    decided_by = actor_field("决定人")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "候选学会"
        verbose_name_plural = "候选学会"
        ordering = ["batch", "society__name"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "society"], name="pilot_candidacy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.batch}"


class GuidanceNote(models.Model):
    """指导意见: the 科协's guidance to a pilot society, and the society's follow-up."""

    membership = models.ForeignKey(
        PilotMembership, verbose_name="试点学会", on_delete=models.CASCADE, related_name="guidance"
    )
    text = models.TextField("指导意见")
    respond_by = models.DateField("落实期限", null=True, blank=True)
    written_by = actor_field("提出人")
    written_at = models.DateTimeField("提出时间", default=timezone.now)
    response = models.TextField("落实情况", blank=True)
    responded_by = actor_field("答复人")
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "指导意见"
        verbose_name_plural = "指导意见"
        ordering = ["membership", "-written_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class MidtermReview(models.Model):
    """成效评估: the standards' status on a day against the batch's start, with the 科协's view."""

    membership = models.ForeignKey(
        PilotMembership, verbose_name="试点学会", on_delete=models.CASCADE, related_name="midterms"
    )
    on = models.DateField("评估日期")
    started_on = models.DateField("对照起点")
    met_at_start = models.PositiveSmallIntegerField("起点达标项数")
    met_now = models.PositiveSmallIntegerField("评估时达标项数")
    standards = models.PositiveSmallIntegerField("标准项数")
    changes = models.JSONField("各项变化", default=list)
    comment = models.TextField("评估意见")
    recorded_by = actor_field("评估人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "成效评估"
        verbose_name_plural = "成效评估"
        ordering = ["membership", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.membership} · {self.on}"


class SummaryReport(models.Model):
    """试点工作总结报告 (002 五（四）): written by the society, submitted before acceptance."""

    membership = models.OneToOneField(
        PilotMembership, verbose_name="试点学会", on_delete=models.CASCADE, related_name="summary"
    )
    overall = models.TextField("总体情况", blank=True)
    practices = models.TextField("主要做法和成效", blank=True)
    problems = models.TextField("存在的问题", blank=True)
    suggestions = models.TextField("建议", blank=True)
    figures = models.JSONField("试点以来的变化", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_by = actor_field("报送人")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "试点工作总结报告"
        verbose_name_plural = "试点工作总结报告"

    def __str__(self) -> str:
        return f"{self.membership.society.name}试点工作总结报告"


class Inspection(models.Model):
    """检查验收: the on-site acceptance inspection of one pilot society (round 1), or the
    re-inspection after rectification (round 2)."""

    membership = models.ForeignKey(
        PilotMembership,
        verbose_name="试点学会",
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    scheduled_on = models.DateField("计划日期")
    place = models.CharField("地点", max_length=200)
    held_on = models.DateField("检查日期", null=True, blank=True)
    materials = models.TextField("查阅材料", blank=True)
    people_met = models.TextField("座谈人员", blank=True)
    score = models.DecimalField("专家组评分", max_digits=5, decimal_places=2, null=True, blank=True)
    verdict = models.CharField(
        "验收结论", max_length=16, choices=AcceptanceVerdict.choices, blank=True
    )
    opinion = models.TextField("专家组意见", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    concluded_by = actor_field("确定人")
    concluded_at = models.DateTimeField("确定时间", null=True, blank=True)
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示截止", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "检查验收"
        verbose_name_plural = "检查验收"
        ordering = ["membership", "round"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "round"], name="inspection_round_unique"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="inspection_round_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.society.name}{self.round_label}"

    @property
    def round_label(self) -> str:
        return "现场检查验收" if self.round == 1 else "整改复验"

    @property
    def is_concluded(self) -> bool:
        return bool(self.verdict)


class PanelMember(models.Model):
    """验收专家: one expert on an inspection's panel, with the conflict-of-interest declaration."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查验收", on_delete=models.CASCADE, related_name="panel"
    )
    expert = models.ForeignKey(
        "accounts.User", verbose_name="专家", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField("工作单位", max_length=100)
    is_leader = models.BooleanField("组长", default=False)
    declared_at = models.DateTimeField("声明时间", null=True, blank=True)
    no_conflict = models.BooleanField("声明无利益冲突", null=True, blank=True)
    declaration = models.CharField("声明说明", max_length=500, blank=True)
    present = models.BooleanField("到场", default=True)

    class Meta:
        verbose_name = "验收专家"
        verbose_name_plural = "验收专家"
        ordering = ["inspection", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "expert"], name="panel_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.inspection}"

    @property
    def may_score(self) -> bool:
        return bool(self.no_conflict) and self.present


class StandardScore(models.Model):
    """One expert's points for one standard at an inspection, with a comment."""

    member = models.ForeignKey(
        PanelMember, verbose_name="验收专家", on_delete=models.CASCADE, related_name="scores"
    )
    requirement_key = models.CharField("标准", max_length=40)
    points = models.DecimalField(
        "得分", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.CharField("评语", max_length=500, blank=True)
    scored_at = models.DateTimeField("评分时间", default=timezone.now)

    class Meta:
        verbose_name = "标准评分"
        verbose_name_plural = "标准评分"
        ordering = ["member", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "requirement_key"], name="standard_score_unique"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="standard_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_key}: {self.points}"


class Objection(models.Model):
    """公示期异议: an objection to a published acceptance result, and the 科协's answer."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查验收", on_delete=models.CASCADE, related_name="objections"
    )
    raised_by = models.CharField("提出人", max_length=100)
    raised_on = models.DateField("提出日期")
    content = models.TextField("异议内容")
    answer = models.TextField("处理意见", blank=True)
    answered_by = actor_field("答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["inspection", "raised_on", "id"]

    def __str__(self) -> str:
        return self.content[:40]


class TypicalCase(models.Model):
    """典型案例: a practice of a pilot society the 科协 holds up for others."""

    batch = models.ForeignKey(
        PilotBatch, verbose_name="试点批次", on_delete=models.CASCADE, related_name="cases"
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("案例标题", max_length=200)
    practice = models.TextField("主要做法")
    results = models.TextField("取得成效")
    attachments = models.ManyToManyField(
        "files.StoredFile", verbose_name="附件", blank=True, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["batch", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ExchangeMeeting(models.Model):
    """经验交流会: the meeting at which a batch's typical cases are presented."""

    batch = models.ForeignKey(
        PilotBatch, verbose_name="试点批次", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=200)
    attendance = models.PositiveIntegerField("参会人数", null=True, blank=True)
    summary = models.TextField("会议纪要", blank=True)
    cases = models.ManyToManyField(TypicalCase, verbose_name="交流案例", blank=True)
    created_by = actor_field("记录人")
    created_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "经验交流会"
        verbose_name_plural = "经验交流会"
        ordering = ["batch", "-held_on"]

    def __str__(self) -> str:
        return self.title
