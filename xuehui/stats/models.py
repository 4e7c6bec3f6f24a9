from django.conf import settings
from django.db import models
from django.db.models import Q


class StatisticsReturn(models.Model):
    """统计报表: a 科协's yearly statistics return — its 报表说明 and the 变动说明 of figures
    that moved more than the threshold from the year before (the figures are computed)."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.CASCADE,
        related_name="statistics_returns",
    )
    year = models.PositiveSmallIntegerField("年度")
    explanation = models.TextField("报表说明", blank=True)
    # Flag key (`<row>|<table>.<field>`, selectors.Flag.key) → the 科协's explanation.
    notes = models.JSONField("变动说明", default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填写人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "统计报表"
        verbose_name_plural = "统计报表"
        ordering = ["federation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year"],
                name="statistics_return_unique",
                violation_error_message="该科协已有该年度的统计报表",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100),
                name="statistics_return_year_sane",
                violation_error_message="年度应在1950至2100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.federation} {self.year}年统计报表"
