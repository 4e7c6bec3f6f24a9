"""Writes to the secretariat: its profile, full-time staff and offices."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import (
    audited_bulk_create,
    audited_delete,
    audited_record_save,
    audited_save,
)

from .models import Office, SecretariatProfile, StaffMember


@transaction.atomic
def secretariat_profile_save(*, profile: SecretariatProfile, actor) -> SecretariatProfile:
    """Save the profile (from `secretariat_profile_get`, its fields set by the caller)."""
    require_edit(actor, profile.society)
    return audited_save(
        profile,
        actor=actor,
        action="secretariat_profile_save",
        society=profile.society,
        summary="修改秘书处概况（银行账户、网站、微信公众号）",
    )


@transaction.atomic
def staff_member_save(*, staff: StaffMember, actor) -> StaffMember:
    """Add or change a member of the secretariat's staff (fields set by the form)."""
    require_edit(actor, staff.society)
    return audited_record_save(staff, actor=actor, action="staff_member", what=_staff_what(staff))


@transaction.atomic
def staff_members_create(*, society, staffs: list[StaffMember], actor) -> list:
    """Add several validated staff of one society in one insert (the yearly workbook), each
    audited as `staff_member_save` audits an addition."""
    require_edit(actor, society)
    return audited_bulk_create(
        staffs, actor=actor, action="staff_member", what=_staff_what, society=society
    )


def _staff_what(staff: StaffMember) -> str:
    return f"工作人员 {staff.name}"


@transaction.atomic
def staff_member_delete(*, staff: StaffMember, actor) -> None:
    require_edit(actor, staff.society)
    audited_delete(
        staff,
        actor=actor,
        action="staff_member_delete",
        society=staff.society,
        summary=f"删除工作人员 {staff.name}",
    )


@transaction.atomic
def office_save(*, office: Office, actor) -> Office:
    """Add or change an office (fields set by the form)."""
    require_edit(actor, office.society)
    return audited_record_save(
        office, actor=actor, action="office", what=f"办公场所 {office.address}"
    )


@transaction.atomic
def office_delete(*, office: Office, actor) -> None:
    require_edit(actor, office.society)
    audited_delete(
        office,
        actor=actor,
        action="office_delete",
        society=office.society,
        summary=f"删除办公场所 {office.address}",
    )
