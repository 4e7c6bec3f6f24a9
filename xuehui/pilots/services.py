"""Writes of pilot programmes: creating a programme, societies joining and leaving it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from xuehui.access import require_administers
from xuehui.audit.services import audit_record

from .models import PilotMembership, PilotProgramme


@transaction.atomic
def pilot_programme_save(
    *, key: str, name: str, federation, framework, description: str = "", actor
) -> PilotProgramme:
    """Create the programme `key`, or update its name, federation, framework and description
    (an administrator of the federation, or the platform itself)."""
    require_administers(actor, federation.pk)
    programme = PilotProgramme.objects.filter(key=key).first() or PilotProgramme(key=key)
    created = programme.pk is None
    programme.name, programme.federation, programme.framework = name, federation, framework
    programme.description = description
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        action="pilot_programme_create" if created else "pilot_programme_update",
        target=programme,
        summary=f"{'新建' if created else '修改'}试点项目：{programme.name}",
    )
    return programme


@transaction.atomic
def pilot_membership_add(
    *, programme: PilotProgramme, society, since: dt.date, note: str = "", actor
) -> PilotMembership:
    """A society joins a programme from `since`; joining twice for overlapping periods is refused.
    An administrator of the society's 科协 (or the platform itself) decides it."""
    require_administers(actor, society.federation_id)
    if society.federation_id != programme.federation_id and not _under(
        society.federation, programme.federation_id
    ):
        raise ValidationError(
            f"{society.name}不属于{programme.federation.name}及其下级科协，不能加入该试点"
        )
    membership = PilotMembership(programme=programme, society=society, since=since, note=note)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="pilot_membership_add",
        target=membership,
        society=society,
        summary=f"{society.name}自{since:%Y-%m-%d}加入{programme.name}",
    )
    return membership


def _under(federation, ancestor_id: int) -> bool:
    while federation is not None:
        if federation.pk == ancestor_id:
            return True
        federation = federation.parent
    return False


@transaction.atomic
def pilot_membership_end(*, membership: PilotMembership, until: dt.date, actor) -> PilotMembership:
    """A society leaves a programme on `until` (it is no longer a member from that day)."""
    require_administers(actor, membership.society.federation_id)
    membership.until = until
    membership.full_clean()
    membership.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="pilot_membership_end",
        target=membership,
        society=membership.society,
        summary=f"{membership.society.name}自{until:%Y-%m-%d}退出{membership.programme.name}",
    )
    return membership
