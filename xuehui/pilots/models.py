import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class PilotProgramme(models.Model):
    """试点项目: a pilot a 科协 runs over some of its societies against one framework."""

    key = models.SlugField("项目代码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=100)
    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.PROTECT,
        related_name="pilot_programmes",
    )
    framework = models.ForeignKey(
        "rules.Framework",
        verbose_name="试点标准",
        on_delete=models.PROTECT,
        related_name="pilot_programmes",
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "试点项目"
        verbose_name_plural = "试点项目"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class PilotMembership(models.Model):
    """试点学会: a society's membership of a pilot programme, from `since` until `until`."""

    programme = models.ForeignKey(
        PilotProgramme,
        verbose_name="试点项目",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="pilot_memberships",
    )
    since = models.DateField("加入日期")
    until = models.DateField("退出日期", null=True, blank=True, help_text="留空表示仍在试点中")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "试点学会"
        verbose_name_plural = "试点学会"
        ordering = ["programme", "society__name", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "society", "since"], name="pilot_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=models.F("since")),
                name="pilot_membership_until_after_since",
                violation_error_message="退出日期应晚于加入日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.programme}"

    def clean(self) -> None:
        if self.since and self.until and self.until <= self.since:
            raise ValidationError({"until": "退出日期应晚于加入日期"})
        if self.programme_id and self.society_id and self.since:
            self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        others = PilotMembership.objects.filter(
            programme_id=self.programme_id, society_id=self.society_id
        )
        for other in others.exclude(pk=self.pk):
            other_end = other.until or dt.date.max
            if other.since < (self.until or dt.date.max) and self.since < other_end:
                raise ValidationError(
                    f"该学会在{other.since:%Y-%m-%d}起已是本试点的成员，试点期间不能重叠"
                )

    def is_active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)
