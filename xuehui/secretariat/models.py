import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import OfficeSource


class SecretariatProfile(models.Model):
    """秘书处概况: one row per society — its own bank account, website and WeChat account."""

    society = models.OneToOneField(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="secretariat_profile",
    )
    has_own_bank_account = models.BooleanField(
        "独立银行账户", null=True, blank=True, help_text="留空表示未填写"
    )
    website = models.URLField("网站", max_length=200, blank=True)
    wechat_account = models.CharField("微信公众号", max_length=60, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "秘书处概况"
        verbose_name_plural = "秘书处概况"

    def __str__(self) -> str:
        return f"{self.society} 秘书处概况"


class StaffMember(models.Model):
    """工作人员: an employee of a society's secretariat under a contract, full-time (专职) or part-time (兼职)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="staff_members",
    )
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("岗位", max_length=60, blank=True)
    contract_start = models.DateField("聘用开始")
    contract_end = models.DateField("聘用结束", null=True, blank=True, help_text="无固定期限则留空")
    monthly_pay = models.DecimalField(
        "月薪酬标准（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    is_full_time = models.BooleanField(
        "专职", default=True, help_text="兼职工作人员（如兼职会计、兼职秘书）不勾选"
    )
    has_social_insurance = models.BooleanField("缴纳五险一金", default=False)
    is_party_member = models.BooleanField("中共党员", default=False)
    is_finance_staff = models.BooleanField("财务人员", default=False)
    has_finance_certificate = models.BooleanField("财务人员持证", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["society", "contract_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="staff_contract_end_after_start",
                violation_error_message="聘用结束日期不能早于聘用开始日期",
            ),
            models.CheckConstraint(
                condition=Q(monthly_pay__isnull=True) | Q(monthly_pay__gte=0),
                name="staff_monthly_pay_not_negative",
                violation_error_message="月薪酬标准不能为负数",
            ),
        ]
        indexes = [models.Index(fields=["society", "contract_start"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValidationError({"contract_end": "聘用结束日期不能早于聘用开始日期"})
        if self.has_finance_certificate and not self.is_finance_staff:
            raise ValidationError({"has_finance_certificate": "只有财务人员才填写是否持证"})

    def is_under_contract_on(self, day: dt.date) -> bool:
        """Start ≤ day and (no end or day ≤ end): the contract's last day still counts."""
        return self.contract_start <= day and (
            self.contract_end is None or day <= self.contract_end
        )


class Office(models.Model):
    """办公场所: premises the secretariat works from, with its area and where it comes from."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="offices",
    )
    address = models.CharField("地址", max_length=200)
    area_m2 = models.DecimalField("面积（平方米）", max_digits=8, decimal_places=2)
    source = models.CharField("来源", max_length=16, choices=OfficeSource.choices)
    facilities_owned = models.BooleanField("办公设施归学会所有", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办公场所"
        verbose_name_plural = "办公场所"
        ordering = ["society", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__gt=0),
                name="office_area_positive",
                violation_error_message="面积应大于0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address}（{self.area_m2:g}㎡）"
