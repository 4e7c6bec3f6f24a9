from django.conf import settings
from django.db import models
from django.utils import timezone

# The hash before the first entry of the chain (no entry was ever archived).
GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit record (they are append-only)."""


class AppendOnlyQuerySet(models.QuerySet):
    """Audit records are added, never changed or removed (等保 8.1.4.3): only the archive
    command (`audit.archive`) may remove entries, through `_archive_delete`."""

    def update(self, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计记录只能追加，不能删除")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("审计记录须经 audit.services（audit_record / AuditBatch）写入")

    def _archive_delete(self) -> int:
        """The one way out: rows already written to an archive file (audit.archive)."""
        return super().delete()[0]


class AppendOnly(models.Model):
    """A model whose rows are written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能删除")


class AuditEntry(AppendOnly):
    """审计记录: one write done through a service, by whom, from where and on what.

    Entries form a hash chain (audit.chain): `entry_hash` is the SHA-256 of the previous
    entry's hash and this entry's canonical content, so a changed, removed or reordered
    entry breaks every link after it (`xuehui audit-verify`). The actor and society are kept
    as the ids they had: deleting a user or a society must not rewrite the log."""

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Indexed in Meta: a plain index (db_index would add PostgreSQL's LIKE copy, which no
    # query uses and every entry written keeps up)
    action = models.CharField("操作", max_length=64)
    target_type = models.CharField("对象类型", max_length=64, blank=True)
    target_id = models.CharField("对象ID", max_length=64, blank=True)
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_entries",
    )
    address = models.CharField("来源地址", max_length=64, blank=True)
    summary = models.CharField("摘要", max_length=500, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("上一条哈希", max_length=64, editable=False)
    entry_hash = models.CharField("本条哈希", max_length=64, editable=False)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action"], name="audit_entry_action")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"


class AuditChainHead(models.Model):
    """审计链头: the one row every audit writer locks; it holds the hash of the last entry
    written, so two writers at once append one after the other (audit.chain)."""

    last_hash = models.CharField("最后一条哈希", max_length=64, default=GENESIS_HASH)
    last_id = models.BigIntegerField("最后一条ID", default=0)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return self.last_hash


class AuditArchive(AppendOnly):
    """审计归档: a file of audit entries older than the retention period, removed from the
    table after they were written; it records the chain's hashes at its two ends."""

    created_at = models.DateTimeField("归档时间", default=timezone.now)
    path = models.CharField("归档文件", max_length=500)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    first_id = models.BigIntegerField("首条ID")
    last_id = models.BigIntegerField("末条ID")
    count = models.PositiveIntegerField("条数")
    before = models.DateTimeField("归档截止时间")
    prev_hash = models.CharField("首条之前的哈希", max_length=64)
    last_hash = models.CharField("末条哈希", max_length=64)

    class Meta:
        verbose_name = "审计归档"
        verbose_name_plural = "审计归档"
        ordering = ["first_id"]

    def __str__(self) -> str:
        return self.path
