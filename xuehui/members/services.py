"""Writes to the member register, the congress settings and the yearly member statistics."""

from django.db import transaction
from django.utils import timezone

from xuehui.access import require_edit
from xuehui.audit.services import (
    audit_export,
    audited_bulk_create,
    audited_delete,
    audited_record_save,
    audited_save,
)
from xuehui.core.personal import (
    ANONYMOUS_NAME,
    generalised_birth_date,
    is_anonymised,
    numbers_unmask,
    record_anonymise,
)

from . import selectors
from .choices import MemberKind
from .models import IndividualMember, InstitutionalMember, MembershipProfile, MemberYearStat


@transaction.atomic
def membership_profile_save(*, profile: MembershipProfile, actor) -> MembershipProfile:
    """Save the congress form, the number of representatives and the register's first year
    (the profile from `membership_profile_get`, its fields set by the caller)."""
    require_edit(actor, profile.society)
    return audited_save(
        profile,
        actor=actor,
        action="membership_profile_save",
        society=profile.society,
        summary="修改会员大会形式与会员名册设置",
    )


def register_start(*, society, actor) -> None:
    """The register is kept from this year on, unless the society said otherwise already."""
    profile = selectors.membership_profile_get(society)
    if profile.register_since is None:
        profile.register_since = timezone.localdate().year
        membership_profile_save(profile=profile, actor=actor)


@transaction.atomic
def individual_member_save(*, member: IndividualMember, actor) -> IndividualMember:
    """Add or change an individual member (fields set by the form); the first one starts the
    register."""
    require_edit(actor, member.society)
    adding = member._state.adding
    audited_record_save(
        member, actor=actor, action="individual_member", what=f"个人会员 {member.name}"
    )
    if adding:
        register_start(society=member.society, actor=actor)
    return member


@transaction.atomic
def individual_member_delete(*, member: IndividualMember, actor) -> None:
    """Remove a member entered by mistake; one who left keeps a row with status 退会/除名."""
    require_edit(actor, member.society)
    audited_delete(
        member,
        actor=actor,
        action="individual_member_delete",
        society=member.society,
        summary=f"删除个人会员 {member.name}",
    )


@transaction.atomic
def institutional_member_save(*, member: InstitutionalMember, actor) -> InstitutionalMember:
    """Add or change an institutional member (fields set by the form); the first one starts
    the register."""
    require_edit(actor, member.society)
    adding = member._state.adding
    audited_record_save(
        member, actor=actor, action="institutional_member", what=f"单位会员 {member.name}"
    )
    if adding:
        register_start(society=member.society, actor=actor)
    return member


@transaction.atomic
def institutional_member_delete(*, member: InstitutionalMember, actor) -> None:
    require_edit(actor, member.society)
    audited_delete(
        member,
        actor=actor,
        action="institutional_member_delete",
        society=member.society,
        summary=f"删除单位会员 {member.name}",
    )


@transaction.atomic
def member_year_stat_save(*, stat: MemberYearStat, actor) -> MemberYearStat:
    """Add or change one year's member counts (fields set by the form)."""
    require_edit(actor, stat.society)
    return audited_record_save(
        stat,
        actor=actor,
        action="member_year_stat",
        what=_stat_what(stat),
    )


@transaction.atomic
def member_year_stats_create(*, society, stats: list[MemberYearStat], actor) -> list:
    """Add several validated years of member counts of one society in one insert (the yearly
    workbook), each audited as `member_year_stat_save` audits an addition."""
    require_edit(actor, society)
    return audited_bulk_create(
        stats, actor=actor, action="member_year_stat", what=_stat_what, society=society
    )


def _stat_what(stat: MemberYearStat) -> str:
    return f"{stat.year}年会员统计：个人{stat.individual_count}、单位{stat.institutional_count}"


@transaction.atomic
def member_year_stat_delete(*, stat: MemberYearStat, actor) -> None:
    require_edit(actor, stat.society)
    audited_delete(
        stat,
        actor=actor,
        action="member_year_stat_delete",
        society=stat.society,
        summary=f"删除{stat.year}年会员统计",
    )


# What 「显示完整号码」 shows of each register, masked everywhere else.
PERSONAL_FIELDS = {
    IndividualMember: ("id_number", "phone"),
    InstitutionalMember: ("contact_phone",),
}


def member_unmask(*, member: IndividualMember | InstitutionalMember, actor, reason: str) -> dict:
    """The full ID number and phone of an individual member (an institutional member's
    contact phone), for a user who may edit the society, with the reason audited."""
    return numbers_unmask(
        record=member,
        actor=actor,
        society=member.society,
        what=_member_what(member),
        reason=reason,
        fields=PERSONAL_FIELDS[type(member)],
    )


def _member_what(member) -> str:
    noun = "个人会员" if isinstance(member, IndividualMember) else "单位会员"
    return f"{noun} {member.name}"


def anonymous_values(member: IndividualMember | InstitutionalMember) -> dict:
    """What a member's personal fields hold once anonymised."""
    if isinstance(member, InstitutionalMember):
        return {"contact_name": "", "contact_phone": ""}
    return {
        "name": ANONYMOUS_NAME,
        "id_number": "",
        "phone": "",
        "note": "",
        "birth_date": generalised_birth_date(member.birth_date),
    }


def member_is_anonymised(member: IndividualMember | InstitutionalMember) -> bool:
    return is_anonymised(member, anonymous_values(member))


def individual_member_anonymise(*, member: IndividualMember, actor, reason: str) -> bool:
    """Anonymise an individual member on request, by an administrator of the society's 科协,
    with a reason (False when done already): the name becomes «匿名人员», the ID number,
    phone and note are cleared, the birth date keeps its year and month; gender, employer,
    title, education, the frontline trait, the dates and status stay, so the member counts,
    age bands and the compliance facts are unchanged."""
    return record_anonymise(
        record=member,
        actor=actor,
        society=member.society,
        reason=reason,
        values=anonymous_values(member),
        what=f"个人会员{member.pk}",
    )


def institutional_member_anonymise(*, member: InstitutionalMember, actor, reason: str) -> bool:
    """Remove an institutional member's contact person (name and phone) on that person's
    request; the unit, its code, dates and status stay."""
    return record_anonymise(
        record=member,
        actor=actor,
        society=member.society,
        reason=reason,
        values=anonymous_values(member),
        what=f"单位会员{member.pk}的联系人",
    )


def register_export_audit(*, actor, society, kind: str, reason: str | None = None) -> None:
    """Audit a register export: masked (`reason` None), or with full ID numbers and phones for
    the reason given (ValidationError without one)."""
    model = IndividualMember if kind == MemberKind.INDIVIDUAL else InstitutionalMember
    audit_export(
        actor=actor,
        what=f"{society.name}{MemberKind(kind).label}名册",
        rows=model.objects.filter(society=society).count(),
        society=society,
        fmt="xlsx",
        reason=reason,
        detail={"kind": kind},
    )
