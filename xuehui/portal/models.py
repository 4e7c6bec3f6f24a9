"""信息公开: what each 科协 publishes of its societies (the disclosure policy), and the 留言 /
投诉举报 the public sends about a society through the portal, with the 科协's replies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from xuehui.lib.fields import actor_field

from .choices import DEFAULT_PUBLIC, DisclosureItem, FeedbackKind, FeedbackStatus


def default_public_items() -> list[str]:
    return [item for item in DisclosureItem.values if item in DEFAULT_PUBLIC]


class DisclosurePolicy(models.Model):
    """公开规则: whether a 科协's societies are on the public portal, and which items are public."""

    federation = models.OneToOneField(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.CASCADE,
        related_name="disclosure_policy",
    )
    is_open = models.BooleanField(
        "开通公开门户",
        default=True,
        help_text="开通时，本科协的学会名录和公开信息对公众可见；关闭后公开页面不再显示本科协",
    )
    public_items = models.JSONField("公开的信息", default=default_public_items, blank=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "公开规则"
        verbose_name_plural = "公开规则"

    def __str__(self) -> str:
        return f"{self.federation}的公开规则"

    def clean(self) -> None:
        unknown = sorted(set(self.public_items or []) - set(DisclosureItem.values))
        if unknown:
            raise ValidationError({"public_items": "不能公开的信息项：" + "、".join(unknown)})

    def publishes(self, item: str) -> bool:
        return self.is_open and item in (self.public_items or [])


class Feedback(models.Model):
    """留言: a message or complaint (投诉举报) the public sent about a society through the portal."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    kind = models.CharField("类型", max_length=16, choices=FeedbackKind.choices)
    text = models.TextField("内容", help_text="长度上限见设置 XUEHUI_FEEDBACK_MAX_CHARS")
    # Personal data: only the 科协's administrators see it whole; never public.
    contact = models.CharField("联系方式", max_length=100, blank=True)
    address_hash = models.CharField("来源地址摘要", max_length=64, editable=False)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    status = models.CharField(
        "状态", max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["society", "status"])]

    def __str__(self) -> str:
        return f"{self.society}的{self.get_kind_display()}（{self.submitted_at:%Y-%m-%d}）"


class FeedbackReply(models.Model):
    """答复: the 科协's answer to a 留言, kept private or published on the society's public page."""

    feedback = models.ForeignKey(
        Feedback, verbose_name="留言", on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField("答复内容", validators=[MaxLengthValidator(5000)])
    is_public = models.BooleanField("公开答复", default=False)
    written_by = actor_field("答复人")
    written_at = models.DateTimeField("答复时间", default=timezone.now)

    class Meta:
        verbose_name = "留言答复"
        verbose_name_plural = "留言答复"
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"对{self.feedback}的答复"
