"""经费补贴: a 科协's yearly subsidy programmes, their categories with the rules of eligibility
and priority, the societies' applications (or the 科协's nominations) with the computed ranking
and allocation, the 科协's decisions and the payments made."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuehui.evaluation.choices import Tier
from xuehui.lib.fields import actor_field

from .choices import DECISION_BADGES, CategoryKind, DecisionStatus, Priority

MONEY = {"max_digits": 12, "decimal_places": 2}
YEAR_RANGE = [MinValueValidator(2000), MaxValueValidator(2100)]


class SubsidyProgramme(models.Model):
    """补贴项目: a 科协's subsidies of one year, with the budget they share."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.PROTECT,
        related_name="subsidy_programmes",
    )
    key = models.SlugField("项目代码", max_length=40)
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_RANGE)
    name = models.CharField("项目名称", max_length=100)
    budget = models.DecimalField(
        "预算总额（元）", **MONEY, validators=[MinValueValidator(Decimal(0))]
    )
    score_year = models.PositiveSmallIntegerField(
        "排序所用考评年度",
        validators=YEAR_RANGE,
        help_text="按该年度已公布的考评得分排序；默认上一年度",
    )
    facts_on = models.DateField(
        "资格核验日期", null=True, blank=True, help_text="留空则为年度最后一天（年度未完则为当天）"
    )
    apply_until = models.DateField(
        "申报截止日期", null=True, blank=True, help_text="留空表示不设截止日期"
    )
    note = models.TextField("说明", blank=True)
    created_by = actor_field("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "补贴项目"
        verbose_name_plural = "补贴项目"
        ordering = ["-year", "federation", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "key"], name="subsidy_programme_key_unique"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="subsidy_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年度）"

    def judged_on(self, today: dt.date | None = None) -> dt.date:
        """The day eligibility is judged on: `facts_on`, else 31 December of the year, or today
        while the year is not over."""
        if self.facts_on:
            return self.facts_on
        return min(dt.date(self.year, 12, 31), today or timezone.localdate())

    def is_open_on(self, day: dt.date) -> bool:
        """Societies may apply while the deadline (if any) has not passed."""
        return self.apply_until is None or day <= self.apply_until


class SubsidyCategory(models.Model):
    """补贴类别: one kind of grant in a programme, its amount and its rules (eligibility,
    priority, what to do with a candidate the budget cannot afford)."""

    programme = models.ForeignKey(
        SubsidyProgramme,
        verbose_name="补贴项目",
        on_delete=models.CASCADE,
        related_name="categories",
    )
    key = models.SlugField("类别代码", max_length=40)
    name = models.CharField("类别名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=CategoryKind.choices)
    position = models.PositiveSmallIntegerField(
        "安排顺序", default=1, help_text="共用项目预算时，按此顺序先后安排"
    )
    amount = models.DecimalField(
        "每项补贴金额（元）",
        **MONEY,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="项目资助为每个项目的最高金额",
    )
    budget = models.DecimalField(
        "本类别预算（元）",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="留空则使用项目预算中尚未安排的部分",
    )
    requires_full_time_secretary_general = models.BooleanField(
        "须有在聘的专职秘书长", default=False, help_text="专职秘书长岗位补贴总是要求"
    )
    min_stars = models.PositiveSmallIntegerField(
        "最低星级", default=0, validators=[MaxValueValidator(5)], help_text="0表示不要求"
    )
    tiers = models.JSONField("限考评分类", default=list, blank=True, help_text="留空表示不限")
    priorities = models.JSONField("优先条件", default=list, blank=True)
    skip_unaffordable = models.BooleanField(
        "预算不足时跳过继续安排",
        default=False,
        help_text="勾选：预算不足以安排某学会时，继续向下安排金额更少的学会；不勾选：到此为止",
    )

    class Meta:
        verbose_name = "补贴类别"
        verbose_name_plural = "补贴类别"
        ordering = ["programme", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"], name="subsidy_category_key_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == CategoryKind.SECRETARY_POST:
            self.requires_full_time_secretary_general = True
        if not isinstance(self.tiers, list) or not set(self.tiers) <= set(Tier.values):
            raise ValidationError({"tiers": "考评分类只能是重点支持、培育扶持、重组淘汰"})
        if not isinstance(self.priorities, list) or not set(self.priorities) <= set(
            Priority.values
        ):
            labels = "、".join(Priority.labels)
            raise ValidationError({"priorities": f"优先条件只能是：{labels}"})
        self.tiers = [t for t in Tier.values if t in self.tiers]
        self.priorities = list(dict.fromkeys(self.priorities))

    @property
    def tier_labels(self) -> list[str]:
        return [Tier(t).label for t in self.tiers]

    @property
    def priority_labels(self) -> list[str]:
        return [Priority(p).label for p in self.priorities]


class SubsidyApplication(models.Model):
    """补贴申请: a society's application (or the 科协's nomination) in a category, with what the
    last allocation computed for it and the 科协's decision."""

    category = models.ForeignKey(
        SubsidyCategory,
        verbose_name="补贴类别",
        on_delete=models.CASCADE,
        related_name="applications",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
    )
    nominated = models.BooleanField("科协提名", default=False)
    statement = models.TextField("申请说明", blank=True)
    requested_amount = models.DecimalField(
        "申请金额（元）",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="项目资助填写；留空按类别的最高金额",
    )
    applied_by = actor_field("申请人")
    applied_at = models.DateTimeField("申请时间", default=timezone.now)
    # What the last allocation computed.
    eligible = models.BooleanField("符合条件", null=True, blank=True)
    reasons = models.JSONField("资格核验", default=list, blank=True)
    priority = models.JSONField("满足的优先条件", default=list, blank=True)
    score = models.DecimalField("考评得分", max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("排序", null=True, blank=True)
    allocated_amount = models.DecimalField("测算金额（元）", **MONEY, default=Decimal(0))
    allocation_note = models.CharField("测算说明", max_length=500, blank=True)
    post_key = models.CharField("补贴的秘书长", max_length=40, blank=True, editable=False)
    post_holder = models.CharField("秘书长姓名", max_length=40, blank=True)
    allocated_at = models.DateTimeField("测算时间", null=True, blank=True)
    # The 科协's decision.
    decision = models.CharField(
        "决定", max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    approved_amount = models.DecimalField("批准金额（元）", **MONEY, null=True, blank=True)
    decision_reason = models.CharField("决定理由", max_length=500, blank=True)
    decided_by = actor_field("决定人")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "补贴申请"
        verbose_name_plural = "补贴申请"
        ordering = ["category", "rank", "society__uscc"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "society"], name="subsidy_application_once"
            ),
            models.CheckConstraint(
                condition=~Q(decision=DecisionStatus.APPROVED) | Q(approved_amount__gt=0),
                name="subsidy_approved_with_amount",
                violation_error_message="批准时须有大于0的批准金额",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.category}"

    @property
    def grant(self) -> Decimal:
        """What one grant to this application costs: the requested amount of a project (at
        most the category's amount), else the category's amount."""
        if self.category.kind == CategoryKind.PROJECT and self.requested_amount:
            return min(self.requested_amount, self.category.amount)
        return self.category.amount

    @property
    def decision_badge(self) -> str:
        return DECISION_BADGES[DecisionStatus(self.decision)]

    @property
    def departs(self) -> bool:
        """Whether the decision differs from the computed allocation."""
        return departs_from_allocation(self.decision, self.approved_amount, self.allocated_amount)


def departs_from_allocation(decision: str, approved: Decimal | None, allocated: Decimal) -> bool:
    if decision == DecisionStatus.APPROVED:
        return approved != allocated
    if decision == DecisionStatus.REJECTED:
        return allocated > 0
    return False


class SubsidyPayment(models.Model):
    """补贴拨付: money paid on an approved application, with its voucher."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name="补贴申请",
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField("拨付日期")
    amount = models.DecimalField(
        "拨付金额（元）", **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    voucher_no = models.CharField("凭证号", max_length=60)
    recorded_by = actor_field("登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "补贴拨付"
        verbose_name_plural = "补贴拨付"
        ordering = ["application", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on:%Y-%m-%d} {self.amount}元（{self.voucher_no}）"
