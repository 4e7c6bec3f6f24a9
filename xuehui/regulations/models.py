import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import RuleKind


class RuleDocument(models.Model):
    """制度: a rule document a society has adopted (charter, finance rules, disclosure rules…)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="rule_documents",
    )
    kind = models.CharField("制度类型", max_length=32, choices=RuleKind.choices)
    name = models.CharField("名称", max_length=200)
    adopted_on = models.DateField("通过日期")
    adopted_by = models.CharField(
        "通过会议", max_length=200, blank=True, help_text="如：第五届理事会第三次会议"
    )
    repealed_on = models.DateField("废止日期", null=True, blank=True, help_text="留空表示现行有效")
    note = models.CharField("备注", max_length=500, blank=True)
    file = models.ForeignKey(
        "files.StoredFile",
        verbose_name="制度文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "制度"
        verbose_name_plural = "制度"
        ordering = ["society", "kind", "-adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "kind", "name"],
                name="rule_document_kind_name_unique",
                violation_error_message="该学会已有同类型、同名称的制度",
            ),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gt=models.F("adopted_on")),
                name="rule_document_repealed_after_adopted",
                violation_error_message="废止日期应晚于通过日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.adopted_on and self.repealed_on and self.repealed_on <= self.adopted_on:
            raise ValidationError({"repealed_on": "废止日期应晚于通过日期"})

    def is_in_force_on(self, day: dt.date) -> bool:
        """In force from its adoption until the day it is repealed."""
        return self.adopted_on <= day and (self.repealed_on is None or day < self.repealed_on)
