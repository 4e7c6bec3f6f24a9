from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import FollowUp, MeetingKind


class Meeting(models.Model):
    """会议: a meeting of one of a society's organs, with its attendance and minutes."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField("会议类型", max_length=32, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("会议名称", max_length=200, blank=True, help_text="如：五届三次理事会")
    expected_attendance = models.PositiveIntegerField("应到人数", null=True, blank=True)
    actual_attendance = models.PositiveIntegerField("实到人数", null=True, blank=True)
    supervisors_attended = models.BooleanField("监事列席", default=False)
    has_minutes = models.BooleanField("有会议纪要", default=False)
    minutes_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name="会议纪要文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["society", "-held_on", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "kind", "held_on"],
                name="meeting_kind_date_unique",
                violation_error_message="该学会同一天已有同类型的会议",
            ),
            models.CheckConstraint(
                condition=Q(actual_attendance__isnull=True)
                | Q(expected_attendance__isnull=True)
                | Q(actual_attendance__lte=models.F("expected_attendance")),
                name="meeting_actual_not_above_expected",
                violation_error_message="实到人数不能多于应到人数",
            ),
        ]
        indexes = [models.Index(fields=["society", "held_on"])]

    def __str__(self) -> str:
        return self.title or f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.minutes_file_id:
            self.has_minutes = True
        if (
            self.expected_attendance is not None
            and self.actual_attendance is not None
            and self.actual_attendance > self.expected_attendance
        ):
            raise ValidationError({"actual_attendance": "实到人数不能多于应到人数"})

    @property
    def attendance_short(self) -> bool:
        """Fewer than two-thirds of those expected attended (实到不足应到的三分之二)."""
        if not self.expected_attendance or self.actual_attendance is None:
            return False
        return self.actual_attendance * 3 < self.expected_attendance * 2

    @property
    def attendance_rate(self) -> float | None:
        if not self.expected_attendance or self.actual_attendance is None:
            return None
        return self.actual_attendance / self.expected_attendance


class Resolution(models.Model):
    """决议: a decision taken at a meeting and how far it has been carried out."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name="会议",
        on_delete=models.CASCADE,
        related_name="resolutions",
    )
    text = models.TextField("决议内容")
    status = models.CharField(
        "落实情况", max_length=16, choices=FollowUp.choices, default=FollowUp.PENDING
    )
    note = models.CharField("落实说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "决议"
        verbose_name_plural = "决议"
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:40]
