"""The audit log as the administrator searched it, as an xlsx (write-only, streamed)."""

from django.utils import timezone

from xuehui.lib.export import Exporter

from .labels import action_label, detail_text, kind_label
from .models import AuditEntry


class AuditLogExporter(Exporter):
    """审计记录: one row per entry, with the Chinese action and record names."""

    sheet_title = "审计记录"
    header = (
        "时间",
        "操作",
        "记录类型",
        "对象ID",
        "学会",
        "操作人",
        "来源地址",
        "摘要",
        "详情",
        "本条哈希",
    )

    def row(self, entry: AuditEntry):
        """`entry` comes with its actor and society loaded (accounts.selectors.audit_log)."""
        actor = entry.actor
        return (
            timezone.localtime(entry.created_at).replace(tzinfo=None),
            action_label(entry.action, entry.target_type),
            kind_label(entry.target_type),
            entry.target_id,
            entry.society.name if entry.society else "",
            f"{actor.username}（{actor.full_name}）"
            if actor and actor.full_name
            else (actor.username if actor else "系统或命令行"),
            entry.address or entry.detail.get("ip", ""),
            entry.summary,
            detail_text(entry.detail) if entry.detail else "",
            entry.entry_hash,
        )
