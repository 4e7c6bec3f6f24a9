"""Which form renders have already created their record: a double submit creates once."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """表单提交记录: a create form's token, written in the transaction that created the record.

    The token is issued when the form is rendered (a hidden field); its unique key lets only
    one submit of that render create anything. `redirect_url` is where the successful submit
    went, so a repeat is sent to the record it made.
    """

    token = models.CharField("表单令牌", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name="提交人",
    )
    path = models.CharField("表单地址", max_length=255)
    redirect_url = models.CharField("结果地址", max_length=500, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return f"{self.path}（{self.created_at:%Y-%m-%d %H:%M}）"
