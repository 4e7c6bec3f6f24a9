"""Writes to the member register, the congress settings and the yearly member statistics."""

from django.db import transaction
from django.utils import timezone

from xuehui.audit.services import audit_export, audited_delete, audited_save

from .choices import MemberKind
from .models import IndividualMember, InstitutionalMember, MembershipProfile, MemberYearStat

PROFILE_FIELDS = ("congress_form", "representative_count", "register_since")


def membership_profile_get(society) -> MembershipProfile:
    """The society's profile, unsaved and empty if it has none yet."""
    try:
        return MembershipProfile.objects.get(society=society)
    except MembershipProfile.DoesNotExist:
        return MembershipProfile(society=society)


@transaction.atomic
def membership_profile_save(*, society, actor=None, **fields) -> MembershipProfile:
    """Set the congress form, the number of representatives and the register's first year."""
    profile = membership_profile_get(society)
    for name, value in fields.items():
        setattr(profile, name, value)
    return audited_save(
        profile,
        actor=actor,
        action="membership_profile_save",
        society=society,
        summary="修改会员大会形式与会员名册设置",
    )


def register_start(*, society, actor=None) -> None:
    """The register is kept from this year on, unless the society said otherwise already."""
    profile = membership_profile_get(society)
    if profile.register_since is None:
        membership_profile_save(
            society=society, actor=actor, register_since=timezone.localdate().year
        )


@transaction.atomic
def individual_member_create(*, society, actor=None, **fields) -> IndividualMember:
    member = IndividualMember(society=society, **fields)
    audited_save(
        member,
        actor=actor,
        action="individual_member_create",
        society=society,
        summary=f"新增个人会员 {member.name}",
    )
    register_start(society=society, actor=actor)
    return member


@transaction.atomic
def individual_member_update(*, member: IndividualMember, actor=None, **fields) -> IndividualMember:
    for name, value in fields.items():
        setattr(member, name, value)
    return audited_save(
        member,
        actor=actor,
        action="individual_member_update",
        society=member.society,
        summary=f"修改个人会员 {member.name}",
    )


@transaction.atomic
def individual_member_delete(*, member: IndividualMember, actor=None) -> None:
    """Remove a member entered by mistake; one who left keeps a row with status 退会/除名."""
    audited_delete(
        member,
        actor=actor,
        action="individual_member_delete",
        society=member.society,
        summary=f"删除个人会员 {member.name}",
    )


@transaction.atomic
def institutional_member_create(*, society, actor=None, **fields) -> InstitutionalMember:
    member = InstitutionalMember(society=society, **fields)
    audited_save(
        member,
        actor=actor,
        action="institutional_member_create",
        society=society,
        summary=f"新增单位会员 {member.name}",
    )
    register_start(society=society, actor=actor)
    return member


@transaction.atomic
def institutional_member_update(
    *, member: InstitutionalMember, actor=None, **fields
) -> InstitutionalMember:
    for name, value in fields.items():
        setattr(member, name, value)
    return audited_save(
        member,
        actor=actor,
        action="institutional_member_update",
        society=member.society,
        summary=f"修改单位会员 {member.name}",
    )


@transaction.atomic
def institutional_member_delete(*, member: InstitutionalMember, actor=None) -> None:
    audited_delete(
        member,
        actor=actor,
        action="institutional_member_delete",
        society=member.society,
        summary=f"删除单位会员 {member.name}",
    )


@transaction.atomic
def member_year_stat_create(*, society, actor=None, **fields) -> MemberYearStat:
    stat = MemberYearStat(society=society, **fields)
    return audited_save(
        stat,
        actor=actor,
        action="member_year_stat_create",
        society=society,
        summary=f"填报{stat.year}年会员统计：个人{stat.individual_count}、单位{stat.institutional_count}",
    )


@transaction.atomic
def member_year_stat_save(
    *,
    society,
    year: int,
    individual_count: int,
    institutional_count: int = 0,
    note: str = "",
    actor=None,
) -> MemberYearStat:
    """Enter or correct one year's counts, whether or not the year has a row (for imports)."""
    stat = MemberYearStat.objects.filter(society=society, year=year).first() or MemberYearStat(
        society=society, year=year
    )
    stat.individual_count, stat.institutional_count, stat.note = (
        individual_count,
        institutional_count,
        note,
    )
    return audited_save(
        stat,
        actor=actor,
        action="member_year_stat_save",
        society=society,
        summary=f"填报{year}年会员统计：个人{individual_count}、单位{institutional_count}",
    )


@transaction.atomic
def member_year_stat_update(*, stat: MemberYearStat, actor=None, **fields) -> MemberYearStat:
    for name, value in fields.items():
        setattr(stat, name, value)
    return audited_save(
        stat,
        actor=actor,
        action="member_year_stat_update",
        society=stat.society,
        summary=f"修改{stat.year}年会员统计",
    )


@transaction.atomic
def member_year_stat_delete(*, stat: MemberYearStat, actor=None) -> None:
    audited_delete(
        stat,
        actor=actor,
        action="member_year_stat_delete",
        society=stat.society,
        summary=f"删除{stat.year}年会员统计",
    )


def register_export_audit(*, actor, society, kind: str, masked: bool) -> None:
    """Audit a register export with full ID numbers and phones; a masked one owes none."""
    if masked:
        return
    model = IndividualMember if kind == MemberKind.INDIVIDUAL else InstitutionalMember
    audit_export(
        actor=actor,
        what=f"{society.name}{MemberKind(kind).label}名册",
        people=model.objects.filter(society=society).count(),
        society=society,
        fmt="xlsx",
        detail={"kind": kind},
    )
