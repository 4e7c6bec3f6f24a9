"""Writes to party organisations."""

from django.db import transaction

from xuehui.audit.services import audit_record

from .models import PartyOrganisation


def _write(obj, *, actor, action: str, summary: str):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, society=obj.society, summary=summary)
    return obj


@transaction.atomic
def party_organisation_create(*, society, actor=None, **fields) -> PartyOrganisation:
    organisation = PartyOrganisation(society=society, **fields)
    return _write(
        organisation,
        actor=actor,
        action="party_organisation_create",
        summary=f"新增党组织（{organisation.get_form_display()}）",
    )


@transaction.atomic
def party_organisation_update(
    *, organisation: PartyOrganisation, actor=None, **fields
) -> PartyOrganisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    return _write(
        organisation,
        actor=actor,
        action="party_organisation_update",
        summary=f"修改党组织（{organisation.get_form_display()}）",
    )


@transaction.atomic
def party_organisation_delete(*, organisation: PartyOrganisation, actor=None) -> None:
    audit_record(
        actor=actor,
        action="party_organisation_delete",
        target=organisation,
        society=organisation.society,
        summary=f"删除党组织（{organisation.get_form_display()}）",
    )
    organisation.delete()
