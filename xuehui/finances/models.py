from decimal import Decimal

from django.db import models
from django.db.models import Q

from .choices import IncomeSource


def _amount(label: str, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **options)


class FinanceYear(models.Model):
    """年度财务: a society's income by source, expenditure and net assets for one year."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="finance_years",
    )
    year = models.PositiveSmallIntegerField("年度")
    income_dues = _amount("会费收入（元）", default=Decimal("0"))
    income_government = _amount("政府购买服务收入（元）", default=Decimal("0"))
    income_technical = _amount("技术服务收入（元）", default=Decimal("0"))
    income_training = _amount("培训与会展收入（元）", default=Decimal("0"))
    income_donations = _amount("捐赠与赞助收入（元）", default=Decimal("0"))
    income_other = _amount("其他收入（元）", default=Decimal("0"))
    total_expenditure = _amount("支出合计（元）", null=True, blank=True)
    net_assets = _amount("净资产（元）", null=True, blank=True)
    is_audited = models.BooleanField("已审计", default=False)
    is_disclosed = models.BooleanField("已公开", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度财务"
        verbose_name_plural = "年度财务"
        ordering = ["society", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="finance_year_unique",
                violation_error_message="该学会已有这一年度的财务数据",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2200),
                name="finance_year_plausible",
                violation_error_message="年度应在1949至2200之间",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{source.value}__gte": 0}),
                    name=f"finance_{source.value}_not_negative",
                    violation_error_message=f"{source.label}收入不能为负数",
                )
                for source in IncomeSource
            ),
            models.CheckConstraint(
                condition=Q(total_expenditure__isnull=True) | Q(total_expenditure__gte=0),
                name="finance_expenditure_not_negative",
                violation_error_message="支出合计不能为负数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度财务"

    @property
    def total_income(self) -> Decimal:
        """收入合计: the sum of the income of every source."""
        return sum((getattr(self, source.value) for source in IncomeSource), Decimal("0"))

    def income_by_source(self) -> list[tuple[str, Decimal]]:
        return [(source.label, getattr(self, source.value)) for source in IncomeSource]
