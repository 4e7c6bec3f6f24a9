"""Who is importing, or has imported, an uploaded file: one confirm writes, the others are told."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import ClaimStatus


class ImportClaim(models.Model):
    """The right to write one upload, taken by a confirm before it writes anything.

    `fingerprint` hashes the import's kind, its parameters and the file's bytes, so two
    sessions confirming the same file for the same target are one import; only one claim per
    fingerprint may be running. A finished claim stays so a used preview link, or the other
    session's confirm, can say when the file was imported.
    """

    token = models.CharField("导入编号", max_length=64, db_index=True)
    fingerprint = models.CharField("文件指纹", max_length=64, db_index=True)
    kind = models.CharField("导入类型", max_length=32)
    filename = models.CharField("文件名", max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="导入人"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.RUNNING
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # What the import wrote and where the done page leads (the page after the confirm's redirect).
    outcome = models.JSONField("导入结果", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(status=ClaimStatus.RUNNING),
                name="import_claim_one_running",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class PendingImport(models.Model):
    """An uploaded file waiting for its user to look at the preview and confirm the import.

    The file is in the default storage under `imports/` with a random name; the row says whose
    it is and for which import, so preview and confirm work on any app server and a worker can
    check or write it. Confirmed and cancelled uploads are deleted with their file; the
    clean-up (`cleanup_uploads`) deletes those left for longer than a day.
    """

    token = models.CharField("导入编号", max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="上传人"
    )
    kind = models.CharField("导入类型", max_length=32)
    key = models.CharField("存储位置", max_length=255)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    params = models.JSONField("参数", default=dict, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    check_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    write_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "待确认的导入"
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def created(self) -> str:
        """When it was uploaded, as the import claim compares it."""
        return self.created_at.isoformat() if self.created_at else ""
