import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import ReportStatus, ReviewAction

DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY = 5, 31  # 民政年报: the year's report by 31 May of the next


class ReportSetting(models.Model):
    """年报设置: a 科协's deadline for its societies' annual reports and the 章程 requirements
    the meetings are measured against (the model charter's, unless the 科协 sets others)."""

    federation = models.OneToOneField(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.CASCADE,
        related_name="report_setting",
    )
    due_month = models.PositiveSmallIntegerField("报送截止月份", default=DEFAULT_DUE_MONTH)
    due_day = models.PositiveSmallIntegerField("报送截止日", default=DEFAULT_DUE_DAY)
    council_meetings = models.PositiveSmallIntegerField(
        "理事会每年至少召开（次）", default=1, help_text="章程示范文本：理事会每年至少召开1次会议"
    )
    standing_council_meetings = models.PositiveSmallIntegerField(
        "常务理事会每年至少召开（次）",
        default=2,
        help_text="章程示范文本：常务理事会至少半年召开1次会议；未设常务理事会的学会不计",
    )
    correction_days = models.PositiveSmallIntegerField("退回修改默认期限（工作日）", default=10)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年报设置"
        verbose_name_plural = "年报设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(due_month__gte=1, due_month__lte=12, due_day__gte=1, due_day__lte=31),
                name="report_setting_due_date_sane",
                violation_error_message="截止日期无效",
            ),
            models.CheckConstraint(
                condition=Q(correction_days__gte=1, correction_days__lte=60),
                name="report_setting_correction_days_sane",
                violation_error_message="退回修改期限应在1至60个工作日之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.federation} 年报设置"

    def clean(self) -> None:
        try:
            self.due_for(2024)  # a leap year: 2月29日 is allowed
        except ValueError:
            raise ValidationError({"due_day": "该月没有这一天"}) from None

    def due_for(self, year: int) -> dt.date:
        """The report for `year` is due on this day of the following year (2月29日 → 2月28日)."""
        try:
            return dt.date(year + 1, self.due_month, self.due_day)
        except ValueError:
            if self.due_month == 2 and self.due_day == 29:
                return dt.date(year + 1, 2, 28)
            raise


class AnnualReport(models.Model):
    """学会年报: a society's 年度工作报告 for one year — the narrative it writes, the signed cover,
    the status of the 科协's review, and the figures frozen when the report is accepted."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    work_summary = models.TextField(
        "年度工作总结", blank=True, help_text="本年度开展的主要工作、取得的成效"
    )
    governance_note = models.TextField(
        "内部治理情况说明",
        blank=True,
        help_text="会议未达到章程要求的，说明原因；负责人、章程变更等其他需要说明的事项",
    )
    finance_note = models.TextField("财务情况说明", blank=True)
    next_year_plan = models.TextField("下一年度工作计划", blank=True)
    cover = models.ForeignKey(
        "files.StoredFile",
        verbose_name="签章封面",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="法定代表人签字并加盖学会印章的封面（PDF 或图片）",
    )
    first_submitted_on = models.DateField("首次报送日期", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_on = models.DateField("最近报送日期", null=True, blank=True)
    correction_due_on = models.DateField("改正期限", null=True, blank=True)
    accepted_at = models.DateTimeField("通过时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen_figures = models.JSONField(
        "通过时的数据", null=True, blank=True, help_text="通过审核时保存，此后不再重新计算"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "学会年报"
        verbose_name_plural = "学会年报"
        ordering = ["society", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="annual_report_once_per_year",
                violation_error_message="该学会已有这一年度的年报",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="annual_report_year_sane",
                violation_error_message="年度应在2000至2100之间",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(frozen_figures__isnull=False),
                name="annual_report_accepted_is_frozen",
                violation_error_message="通过审核的年报须保存当时的数据",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} {self.year}年度工作报告"

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def editable(self) -> bool:
        """The society writes while drafting or after a return, not while it waits or after."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportReview(models.Model):
    """年报审核记录: one step of the 科协's 初审 — a return with its reason and correction
    period in working days, or the acceptance."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年报", on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.CharField("审核结果", max_length=16, choices=ReviewAction.choices)
    reason = models.TextField("意见", blank=True)
    working_days = models.PositiveSmallIntegerField("改正期限（工作日）", null=True, blank=True)
    due_on = models.DateField("改正截止日期", null=True, blank=True)
    reviewed_on = models.DateField("审核日期")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "年报审核记录"
        verbose_name_plural = "年报审核记录"
        ordering = ["report", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned")
                | (Q(working_days__gte=1) & Q(due_on__isnull=False) & ~Q(reason="")),
                name="report_review_return_complete",
                violation_error_message="退回修改须写明理由和改正期限",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_action_display()}"
