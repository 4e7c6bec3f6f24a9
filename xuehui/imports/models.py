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
