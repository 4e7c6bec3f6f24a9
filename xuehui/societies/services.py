"""Writes to the registry: federations and societies."""

from django.db import transaction

from xuehui.audit.services import audit_record

from .models import Federation, Society

SOCIETY_FIELDS = (
    "name",
    "uscc",
    "category",
    "supervising_authority",
    "host_institution",
    "founded_on",
    "address",
    "phone",
    "legal_representative",
    "federation",
    "status",
)


@transaction.atomic
def federation_create(
    *, name: str, code: str, level: str, parent: Federation | None = None, actor=None
) -> Federation:
    federation = Federation(name=name, code=code, level=level, parent=parent)
    federation.full_clean()
    federation.save()
    audit_record(actor=actor, action="federation_create", target=federation, summary=name)
    return federation


@transaction.atomic
def society_register(*, actor=None, **fields) -> Society:
    """Register a new society; `fields` are Society fields by name."""
    society = Society(**fields)
    society.full_clean()
    society.save()
    audit_record(
        actor=actor,
        action="society_register",
        target=society,
        society=society,
        summary=f"登记学会 {society.name}",
    )
    return society


@transaction.atomic
def society_update(*, society: Society, actor=None, **fields) -> list[str]:
    """Change the given fields of a society; returns the names of the fields that changed."""
    changed = [name for name, value in fields.items() if getattr(society, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(society, name, fields[name])
    society.full_clean()
    society.save()
    audit_record(
        actor=actor,
        action="society_update",
        target=society,
        society=society,
        summary=f"修改学会信息：{'、'.join(Society._meta.get_field(n).verbose_name for n in changed)}",
    )
    return changed
