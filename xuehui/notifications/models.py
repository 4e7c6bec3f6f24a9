from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import NotificationKind


class Notification(models.Model):
    """通知: a message to one user in the notification centre, mailed once if they have an address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=32, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    dedupe_key = models.CharField(
        "去重键",
        max_length=200,
        blank=True,
        help_text="同一接收人、同一事件只通知一次（例如某项任务某天的到期提醒）",
    )
    todo_key = models.CharField(
        "待办键",
        max_length=100,
        blank=True,
        help_text="通知所提醒的待办；待办完成后通知自动标为已读",
    )

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_event",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
