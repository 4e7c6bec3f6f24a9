import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """接口令牌: a key another system sends as `Authorization: Token …` to act as one user.

    Only the key's first characters (`prefix`, to find the row and to show on the page) and
    the SHA-256 of the whole key are kept; the key itself is shown once, when it is issued.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="账号",
    )
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField("令牌前缀", max_length=16, unique=True)
    key_hash = models.CharField("令牌摘要", max_length=64)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}…（{self.user}）"

    @property
    def state(self) -> str:
        """有效, 已吊销 or 已过期 now, for the lists."""
        if self.revoked_at is not None:
            return "已吊销"
        return "有效" if self.is_live_at(timezone.now()) else "已过期"

    def is_live_at(self, moment: dt.datetime) -> bool:
        """Neither revoked nor expired at `moment`."""
        return self.revoked_at is None and moment < self.expires_at
