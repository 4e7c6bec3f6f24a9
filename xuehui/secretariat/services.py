"""Writes to the secretariat: its profile, full-time staff and offices."""

from django.db import transaction

from xuehui.audit.services import audited_delete, audited_save

from .models import Office, SecretariatProfile, StaffMember

PROFILE_FIELDS = ("has_own_bank_account", "website", "wechat_account")


def secretariat_profile_get(society) -> SecretariatProfile:
    """The society's profile, unsaved and empty if it has none yet."""
    try:
        return SecretariatProfile.objects.get(society=society)
    except SecretariatProfile.DoesNotExist:
        return SecretariatProfile(society=society)


@transaction.atomic
def secretariat_profile_save(*, society, actor=None, **fields) -> SecretariatProfile:
    profile = secretariat_profile_get(society)
    for name, value in fields.items():
        setattr(profile, name, value)
    return audited_save(
        profile,
        actor=actor,
        action="secretariat_profile_save",
        society=society,
        summary="修改秘书处概况（银行账户、网站、微信公众号）",
    )


@transaction.atomic
def staff_member_create(*, society, actor=None, **fields) -> StaffMember:
    staff = StaffMember(society=society, **fields)
    return audited_save(
        staff,
        actor=actor,
        action="staff_member_create",
        society=society,
        summary=f"新增工作人员 {staff.name}",
    )


@transaction.atomic
def staff_member_update(*, staff: StaffMember, actor=None, **fields) -> StaffMember:
    for name, value in fields.items():
        setattr(staff, name, value)
    return audited_save(
        staff,
        actor=actor,
        action="staff_member_update",
        society=staff.society,
        summary=f"修改工作人员 {staff.name}",
    )


@transaction.atomic
def staff_member_delete(*, staff: StaffMember, actor=None) -> None:
    audited_delete(
        staff,
        actor=actor,
        action="staff_member_delete",
        society=staff.society,
        summary=f"删除工作人员 {staff.name}",
    )


@transaction.atomic
def office_create(*, society, actor=None, **fields) -> Office:
    office = Office(society=society, **fields)
    return audited_save(
        office,
        actor=actor,
        action="office_create",
        society=society,
        summary=f"新增办公场所 {office.address}",
    )


@transaction.atomic
def office_update(*, office: Office, actor=None, **fields) -> Office:
    for name, value in fields.items():
        setattr(office, name, value)
    return audited_save(
        office,
        actor=actor,
        action="office_update",
        society=office.society,
        summary=f"修改办公场所 {office.address}",
    )


@transaction.atomic
def office_delete(*, office: Office, actor=None) -> None:
    audited_delete(
        office,
        actor=actor,
        action="office_delete",
        society=office.society,
        summary=f"删除办公场所 {office.address}",
    )
