import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import PartyOrganisationForm


class PartyOrganisation(models.Model):
    """党组织: a society's party committee, branch, group or liaison, from its founding date."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="party_organisations",
    )
    form = models.CharField("形式", max_length=20, choices=PartyOrganisationForm.choices)
    established_on = models.DateField("成立日期")
    secretary_name = models.CharField(
        "书记（联络员）", max_length=40, blank=True, help_text="党建工作联络员填写联络员姓名"
    )
    party_member_count = models.PositiveIntegerField("党员人数", null=True, blank=True)
    of_secretariat = models.BooleanField(
        "由秘书处工作人员组成",
        null=True,
        blank=True,
        help_text="党员是学会秘书处的工作人员（实体党支部）；不清楚的留空",
    )
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["society", "-established_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gt=models.F("established_on")),
                name="party_dissolved_after_established",
                violation_error_message="撤销日期应晚于成立日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} {self.get_form_display()}"

    def clean(self) -> None:
        if self.established_on and self.dissolved_on and self.dissolved_on <= self.established_on:
            raise ValidationError({"dissolved_on": "撤销日期应晚于成立日期"})

    def is_active_on(self, day: dt.date) -> bool:
        return self.established_on <= day and (self.dissolved_on is None or day < self.dissolved_on)
