"""学会考评: a 科协's indicator system for a year, the year's evaluation of its societies (scores,
ranks, classes, stars), the experts' scores, 公示 objections, and the star register."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from xuehui.lib.fields import actor_field

from .choices import ObjectionOutcome, Stage, Tier


class EvaluationScheme(models.Model):
    """考评指标体系: one 科协's indicator tree for one year, kept as its definition (the YAML's
    data: indicators with points and a scoring method each, classification, stars, 公示).
    `scheme.parse` reads and checks it; a new year starts as a copy of the last."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.PROTECT,
        related_name="evaluation_schemes",
    )
    key = models.SlugField("指标体系代码", max_length=40)
    year = models.PositiveSmallIntegerField(
        "考核年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField("名称", max_length=200)
    definition = models.JSONField("指标体系定义")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "考评指标体系"
        verbose_name_plural = "考评指标体系"
        ordering = ["federation", "key", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "key", "year"], name="evaluation_scheme_unique_year"
            )
        ]

    def __str__(self) -> str:
        return self.name if str(self.year) in self.name else f"{self.name}（{self.year}年度）"


class Evaluation(models.Model):
    """年度考评: the evaluation of a 科协's societies under one scheme — computed, published
    for 公示, objected to, and confirmed."""

    scheme = models.OneToOneField(
        EvaluationScheme,
        verbose_name="指标体系",
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    facts_on = models.DateField(
        "数据截止日期", help_text="按此日期的数据计算；默认考核年度最后一天"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="评估检查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="“评估检查结论”类指标取此评估检查的结论",
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="评分专家", blank=True, related_name="+"
    )
    stage = models.CharField("状态", max_length=16, choices=Stage.choices, default=Stage.DRAFT)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    publicity_starts_on = models.DateField("公示开始", null=True, blank=True)
    publicity_ends_on = models.DateField("公示结束", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认发布时间", null=True, blank=True)
    confirmed_by = actor_field("确认人")

    class Meta:
        verbose_name = "年度考评"
        verbose_name_plural = "年度考评"
        ordering = ["-scheme__year", "scheme__key"]

    def __str__(self) -> str:
        return str(self.scheme)

    @property
    def is_published(self) -> bool:
        """Published to the societies: from the start of 公示 on."""
        return self.stage in (Stage.PUBLICITY, Stage.CONFIRMED)


class ExpertScore(models.Model):
    """One expert's score of one indicator for one society: a percentage of its points
    (专家打分), and/or a flag that the society's answer is false (虚假)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="年度考评", on_delete=models.CASCADE, related_name="expert_scores"
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField("指标编号", max_length=40)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="专家", on_delete=models.PROTECT, related_name="+"
    )
    percent = models.DecimalField(
        "得分率（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    false_answer = models.BooleanField("认定虚假", default=False)
    comment = models.CharField("评语", max_length=500, blank=True)
    at = models.DateTimeField("评分时间", default=timezone.now)

    class Meta:
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        ordering = ["evaluation", "society", "indicator", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "society", "indicator", "expert"],
                name="expert_score_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.percent}"


class EvaluationResult(models.Model):
    """One society's result of a year's evaluation: the total, the breakdown that explains each
    point, the rank, the class (computed, and the 科协's override with its reason), the vetoes
    that kept it from a class, and the stars."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="年度考评", on_delete=models.CASCADE, related_name="results"
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="evaluation_results",
    )
    score = models.DecimalField("总分", max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    computed_tier = models.CharField("计算分类", max_length=16, choices=Tier.choices, blank=True)
    tier = models.CharField("分类", max_length=16, choices=Tier.choices, blank=True)
    override_reason = models.CharField("调整理由", max_length=500, blank=True)
    overridden_by = actor_field("调整人")
    overridden_at = models.DateTimeField("调整时间", null=True, blank=True)
    restructure_candidate = models.BooleanField("重组淘汰审查对象", default=False)
    vetoes = models.JSONField("否决事项", default=list, blank=True)
    stars = models.PositiveSmallIntegerField("星级", null=True, blank=True)
    star_note = models.CharField("星级说明", max_length=300, blank=True)
    breakdown = models.JSONField("得分明细", default=list)
    computed_at = models.DateTimeField("计算时间", default=timezone.now)

    class Meta:
        verbose_name = "考评结果"
        verbose_name_plural = "考评结果"
        ordering = ["evaluation", "rank", "society__uscc"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "society"], name="evaluation_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.society} {self.score}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)


class ResultObjection(models.Model):
    """公示期异议: a society's objection to a result (its own, or where the scheme allows it,
    another society's), on one indicator or the whole, and the 科协's answer (复核)."""

    result = models.ForeignKey(
        EvaluationResult,
        verbose_name="考评结果",
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_by_society = models.ForeignKey(
        "societies.Society",
        verbose_name="提出异议的学会",
        on_delete=models.CASCADE,
        related_name="+",
    )
    raised_by = actor_field("提出人")
    indicator = models.CharField("所涉指标", max_length=40, blank=True)
    reasons = models.TextField("异议理由")
    attachment = models.ForeignKey(
        "files.StoredFile",
        verbose_name="附件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField("提出时间", default=timezone.now)
    due_on = models.DateField("答复期限")
    outcome = models.CharField(
        "复核结论", max_length=16, choices=ObjectionOutcome.choices, blank=True
    )
    answer = models.TextField("答复", blank=True)
    answered_by = actor_field("答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "考评结果异议"
        verbose_name_plural = "考评结果异议"
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return self.reasons[:40]

    @property
    def is_open(self) -> bool:
        return not self.outcome


class StarApplication(models.Model):
    """星级学会评估申请 (003 4、（1）): a society asks to be rated in a year's evaluation."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name="年度考评",
        on_delete=models.CASCADE,
        related_name="star_applications",
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="+"
    )
    statement = models.TextField("申请说明", blank=True)
    applied_by = actor_field("申请人")
    applied_at = models.DateTimeField("申请时间", default=timezone.now)

    class Meta:
        verbose_name = "星级评估申请"
        verbose_name_plural = "星级评估申请"
        ordering = ["applied_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "society"], name="star_application_once")
        ]

    def __str__(self) -> str:
        return f"{self.society}（{self.evaluation.scheme.year}年度）"


class StarRating(models.Model):
    """星级学会: the stars a confirmed evaluation gave a society, valid for a period."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="star_ratings",
    )
    evaluation = models.ForeignKey(
        Evaluation, verbose_name="年度考评", on_delete=models.PROTECT, related_name="star_ratings"
    )
    stars = models.PositiveSmallIntegerField(
        "星级", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    granted_at = models.DateTimeField("授予时间", default=timezone.now)

    class Meta:
        verbose_name = "星级学会"
        verbose_name_plural = "星级学会"
        ordering = ["society", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["society", "evaluation"], name="star_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.society} {self.stars}星"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until


class ScoreAdjustment(models.Model):
    """复核调整: the 科协's correction of one indicator's score for one society after reviewing
    an objection (or the evidence), with its reason; it stands through recomputation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="年度考评", on_delete=models.CASCADE, related_name="adjustments"
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField("指标编号", max_length=40)
    score = models.DecimalField(
        "调整后得分", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    reason = models.CharField("调整理由", max_length=500)
    objection = models.ForeignKey(
        ResultObjection,
        verbose_name="所涉异议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
    )
    adjusted_by = actor_field("调整人")
    adjusted_at = models.DateTimeField("调整时间", default=timezone.now)

    class Meta:
        verbose_name = "复核调整"
        verbose_name_plural = "复核调整"
        ordering = ["evaluation", "society", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "society", "indicator"], name="score_adjustment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.score}"
