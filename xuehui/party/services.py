"""Writes to party organisations."""

from django.db import transaction

from xuehui.audit.services import audited_delete, audited_save

from .models import PartyOrganisation


@transaction.atomic
def party_organisation_create(*, society, actor=None, **fields) -> PartyOrganisation:
    organisation = PartyOrganisation(society=society, **fields)
    return audited_save(
        organisation,
        actor=actor,
        action="party_organisation_create",
        society=society,
        summary=f"新增党组织（{organisation.get_form_display()}）",
    )


@transaction.atomic
def party_organisation_update(
    *, organisation: PartyOrganisation, actor=None, **fields
) -> PartyOrganisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    return audited_save(
        organisation,
        actor=actor,
        action="party_organisation_update",
        society=organisation.society,
        summary=f"修改党组织（{organisation.get_form_display()}）",
    )


@transaction.atomic
def party_organisation_delete(*, organisation: PartyOrganisation, actor=None) -> None:
    audited_delete(
        organisation,
        actor=actor,
        action="party_organisation_delete",
        society=organisation.society,
        summary=f"删除党组织（{organisation.get_form_display()}）",
    )
