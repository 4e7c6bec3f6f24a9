"""Writes to party organisations."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audited_delete, audited_record_save

from .models import PartyOrganisation


@transaction.atomic
def party_organisation_save(*, organisation: PartyOrganisation, actor) -> PartyOrganisation:
    """Add or change a party organisation (its fields set by the form)."""
    require_edit(actor, organisation.society)
    return audited_record_save(
        organisation,
        actor=actor,
        action="party_organisation",
        what=f"党组织（{organisation.get_form_display()}）",
    )


@transaction.atomic
def party_organisation_delete(*, organisation: PartyOrganisation, actor) -> None:
    require_edit(actor, organisation.society)
    audited_delete(
        organisation,
        actor=actor,
        action="party_organisation_delete",
        society=organisation.society,
        summary=f"删除党组织（{organisation.get_form_display()}）",
    )
