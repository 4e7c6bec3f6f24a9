from django.db import models
from django.db.models import Q

from .choices import BranchKind, BranchStatus


class Branch(models.Model):
    """分支机构: a branch, representative office or committee of a society, filed (备案)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="branches",
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=24, choices=BranchKind.choices)
    filed_on = models.DateField("备案日期", null=True, blank=True, help_text="未备案则留空")
    head_name = models.CharField("负责人", max_length=40, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=BranchStatus.choices, default=BranchStatus.ACTIVE
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "分支机构"
        verbose_name_plural = "分支机构"
        ordering = ["society", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "name"],
                name="branch_name_unique",
                violation_error_message="该学会已有同名的分支机构",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None


class BranchReport(models.Model):
    """负责人述职: the yearly report of a branch's head to the society's council."""

    branch = models.ForeignKey(
        Branch, verbose_name="分支机构", on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    reported_on = models.DateField("述职日期")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "负责人述职"
        verbose_name_plural = "负责人述职"
        ordering = ["branch", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"],
                name="branch_report_year_unique",
                violation_error_message="该分支机构已有该年度的述职记录",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100),
                name="branch_report_year_sane",
                violation_error_message="年度应在1950至2100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year}年述职"

    @property
    def society(self):
        return self.branch.society
