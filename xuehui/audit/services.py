from django.db import models

from .diff import changed_values, record_values
from .models import AuditEntry


def acting_user(actor):
    """The user behind a write, or None for the command line and the system (`actor` may be an
    AnonymousUser or None)."""
    return actor if getattr(actor, "is_authenticated", False) else None


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
        actor=acting_user(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        society=society,
        summary=summary[:500],
        detail=detail or {},
    )


def audited_save(obj: models.Model, *, actor, action: str, society, summary: str):
    """Validate and save a record, then leave its audit record with the old and new value of
    every changed field (`detail["changes"]`, personal fields masked; see audit/diff.py)."""
    obj.full_clean()
    old = None
    if obj.pk is not None and not obj._state.adding:
        old = type(obj)._default_manager.filter(pk=obj.pk).first()
    obj.save()
    changes = changed_values(old, obj)
    detail = {"operation": "update" if old is not None else "create", "changes": changes}
    audit_record(
        actor=actor, action=action, target=obj, society=society, summary=summary, detail=detail
    )
    return obj


def audited_delete(obj: models.Model, *, actor, action: str, society, summary: str) -> None:
    """Leave the audit record of a record with its full old values (while it still has its
    key), then delete it."""
    detail = {"operation": "delete", "old": record_values(obj)}
    audit_record(
        actor=actor, action=action, target=obj, society=society, summary=summary, detail=detail
    )
    obj.delete()
