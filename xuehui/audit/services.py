from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    society=None,
    summary: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Leave the audit record every service write owes; `actor` None means the command line."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        society=society,
        summary=summary[:500],
        detail=detail or {},
    )


def audited_save(obj: models.Model, *, actor, action: str, society, summary: str):
    """Validate and save a record, then leave its audit record: the write of a plain service."""
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, society=society, summary=summary)
    return obj


def audited_delete(obj: models.Model, *, actor, action: str, society, summary: str) -> None:
    """Leave the audit record of a record (while it still has its key), then delete it."""
    audit_record(actor=actor, action=action, target=obj, society=society, summary=summary)
    obj.delete()
