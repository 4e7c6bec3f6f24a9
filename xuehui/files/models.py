import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from .validation import TYPES_BY_KEY, name_extension


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    """files/<society_id>/<yyyy>/<uuid4>.<ext>: the original name never reaches the storage."""
    day = instance.uploaded_at or timezone.now()
    extension = name_extension(filename) or "bin"
    return f"files/{instance.society_id}/{day:%Y}/{uuid.uuid4().hex}.{extension}"


class StoredFile(models.Model):
    """文件: an uploaded file, checked by content, kept under a generated name for one society."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.PROTECT,
        related_name="stored_files",
    )
    file = models.FileField("文件", upload_to=stored_file_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    content_type = models.CharField("内容类型", max_length=120)
    kind = models.CharField("检测到的格式", max_length=16)
    purpose = models.CharField("用途", max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["society", "purpose"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_display(self) -> str:
        return filesizeformat(self.size)

    @property
    def is_inline(self) -> bool:
        """PDF and raster images are shown in the browser; everything else is downloaded."""
        detected = TYPES_BY_KEY.get(self.kind)
        return bool(detected and detected.inline)

    @property
    def uploaded_on(self) -> dt.date:
        return timezone.localdate(self.uploaded_at)
