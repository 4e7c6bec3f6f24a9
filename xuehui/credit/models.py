from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .choices import CommendationLevel, ListingCause, SanctionKind


class Commendation(models.Model):
    """表彰: an award or honour a society received, with who gave it and the document."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    title = models.CharField("表彰名称", max_length=200, help_text="如：全国科协系统先进集体")
    awarded_on = models.DateField("表彰日期")
    awarded_by = models.CharField("授予单位", max_length=100)
    level = models.CharField("级别", max_length=16, choices=CommendationLevel.choices)
    document_number = models.CharField("文号", max_length=100, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "表彰"
        verbose_name_plural = "表彰"
        ordering = ["society", "-awarded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.awarded_on:%Y-%m-%d}）"


class Sanction(models.Model):
    """处罚与警示: a penalty, warning, 通报批评, order to rectify or 约谈 a society received; lifted
    when it is rectified or its term ends."""

    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField("类型", max_length=16, choices=SanctionKind.choices)
    issued_on = models.DateField("作出日期")
    issued_by = models.CharField("作出单位", max_length=100)
    reason = models.CharField("事由", max_length=1000)
    document_number = models.CharField("文号", max_length=100, blank=True)
    lifted_on = models.DateField(
        "整改完成或解除日期",
        null=True,
        blank=True,
        help_text="整改完成、期满或撤销之日；未解除留空",
    )
    note = models.CharField("备注", max_length=500, blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "处罚与警示"
        verbose_name_plural = "处罚与警示"
        ordering = ["society", "-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("issued_on")),
                name="sanction_lifted_after_issued",
                violation_error_message="解除日期不能早于作出日期",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.issued_on:%Y-%m-%d}，{self.issued_by}）"


class Listing(models.Model):
    """活动异常名录: a society listed on a date for a reason and removed on a later date for
    another; a listing for a missed annual report names the report's year."""

    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="listings"
    )
    cause = models.CharField("列入事由", max_length=16, choices=ListingCause.choices)
    year = models.PositiveSmallIntegerField(
        "所涉年度", null=True, blank=True, help_text="未报送年度工作报告的，填写报告年度"
    )
    listed_on = models.DateField("列入日期")
    reason = models.CharField("列入说明", max_length=1000)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出说明", max_length=1000, blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动异常名录"
        verbose_name_plural = "活动异常名录"
        ordering = ["society", "-listed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("listed_on")),
                name="listing_removed_after_listed",
                violation_error_message="移出日期不能早于列入日期",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | ~Q(removal_reason=""),
                name="listing_removal_has_reason",
                violation_error_message="移出活动异常名录须写明理由",
            ),
            models.UniqueConstraint(
                fields=["society", "cause", "year"],
                condition=Q(removed_on__isnull=True),
                name="listing_one_open_per_cause",
                violation_error_message="该学会已因同一事由列入活动异常名录，尚未移出",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.get_cause_display()}（{self.listed_on:%Y-%m-%d}列入）"

    def is_listed_on(self, day) -> bool:
        return self.listed_on <= day and (self.removed_on is None or day < self.removed_on)
