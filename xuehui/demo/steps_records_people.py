"""Step 会员、秘书处、党组织与分支机构: members, staff, offices, party organisations, branches.

Every demo society gets hand-entered member statistics from the 2016 baseline on; a few
keep a register of a few hundred individual and some institutional members (from 2022),
whose counts then come from the register (their hand-entered figures for 2016–2021 are
what the register gives for those years). Staff contracts run three years and are renewed,
except about one in eight that lapsed. The gaps below are deliberate, for the rule checks to find:

  fewer than 300 individual members ... 湖北省科学技术期刊编辑学会, 湖北省系统工程学会,
                                        湖北省科普作家协会, 湖北省水产学会, 武汉市土木建筑学会,
                                        宜昌市茶叶学会, 宜昌市化学化工学会, 湖北省电子学会 (register),
                                        湖北省风景园林学会 (register)
  members fewer than in 2016 .......... 湖北省气象学会
  over 300 but a 会员大会 ............... 湖北省地质学会
  no congress form recorded ........... 宜昌市化学化工学会
  no full-time staff .................. 湖北省水产学会, 宜昌市茶叶学会
  a pilot with only 2 staff ........... 湖北省临床肿瘤学会
  no office recorded .................. 湖北省科普作家协会, 宜昌市茶叶学会
  office under 25 m² .................. 湖北省数学学会, 武汉市预防医学会, 宜昌市化学化工学会
  no own bank account ................. 湖北省水产学会, 宜昌市茶叶学会 (宜昌市护理学会: not recorded)
  no party organisation ............... 湖北省水产学会, 宜昌市茶叶学会, 湖北省系统工程学会,
                                        武汉市土木建筑学会
  only a 党建工作联络员 ................ 湖北省科普作家协会, 宜昌市化学化工学会
  branches not filed / not reported ... drawn at random (about one in six / one in five)

Everything is drawn from `ctx.rng_for("records", <society>, <kind>)`, keyed by stable fields
and written with bulk_create only where missing, so a second run writes nothing.
"""

import datetime as dt
from decimal import Decimal

from xuehui.audit.services import audit_record
from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.governance.choices import Gender
from xuehui.lib.identifiers import uscc_check_char
from xuehui.members.choices import CongressForm, MemberStatus
from xuehui.members.models import (
    IndividualMember,
    InstitutionalMember,
    MembershipProfile,
    MemberYearStat,
)
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember

from . import identities, pools
from .context import DemoContext

BASELINE = 2016
REGISTER_SINCE = 2022
REGISTERS = {  # society → individual members on its register on the demo date
    "湖北省环境科学学会": 420,
    "湖北省化学化工学会": 360,
    "宜昌市护理学会": 310,
    "湖北省电子学会": 240,
    "湖北省风景园林学会": 150,
}
SMALL = {  # society → individual members in 2016 (stays under 300)
    "湖北省科学技术期刊编辑学会": 120,
    "湖北省系统工程学会": 160,
    "湖北省科普作家协会": 210,
    "湖北省水产学会": 90,
    "武汉市土木建筑学会": 230,
    "宜昌市茶叶学会": 70,
    "宜昌市化学化工学会": 140,
}
DECLINING = {"湖北省气象学会"}
GENERAL_ASSEMBLY_ABOVE_300 = {"湖北省地质学会"}
NO_CONGRESS_FORM = {"宜昌市化学化工学会"}
NO_STAFF = {"湖北省水产学会", "宜昌市茶叶学会"}
FEW_STAFF_PILOT = {"湖北省临床肿瘤学会"}
NO_OFFICE = {"湖北省科普作家协会", "宜昌市茶叶学会"}
SMALL_OFFICE = {"湖北省数学学会": "18", "武汉市预防医学会": "20", "宜昌市化学化工学会": "15"}
NO_BANK_ACCOUNT = {"湖北省水产学会", "宜昌市茶叶学会"}
BANK_ACCOUNT_UNKNOWN = {"宜昌市护理学会"}
NO_PARTY = {"湖北省水产学会", "宜昌市茶叶学会", "湖北省系统工程学会", "武汉市土木建筑学会"}
LIAISON_ONLY = {"湖北省科普作家协会", "宜昌市化学化工学会"}

STAFF_POSTS = ("秘书长助理", "办公室主任", "会员服务部主任", "学术部干事", "科普部干事", "会计")
BRANCH_FIELDS = (
    "青年工作委员会",
    "科普工作委员会",
    "学术工作委员会",
    "标准化工作委员会",
    "继续教育工作委员会",
    "国际交流工作委员会",
)
SPECIALITIES = ("基础理论", "应用技术", "检测与评价", "信息化", "产业发展", "区域发展", "教育")


def load_records_people(ctx: DemoContext) -> str:
    names = sorted(ctx.societies)
    written = {
        "会员统计": _load_member_stats(ctx, names),
        "会员名册": _load_registers(ctx),
        "专职工作人员": _load_staff(ctx, names),
        "办公场所": _load_offices(ctx, names),
        "党组织": _load_party(ctx, names),
        "分支机构": _load_branches(ctx, names),
    }
    written["会员大会与秘书处概况"] = _load_profiles(ctx, names)
    parts = [f"{label}{count}" for label, count in written.items()]
    return "新增 " + "、".join(parts)


def _save_missing(ctx, model, objects, key, *, action: str, what: str) -> int:
    """bulk_create the objects whose key is not in the database yet; one audit record."""
    fields = key if isinstance(key, tuple) else (key,)
    existing = (
        set(model.objects.values_list(*fields))
        if len(fields) > 1
        else {(value,) for value in model.objects.values_list(fields[0], flat=True)}
    )
    missing = [o for o in objects if tuple(getattr(o, f) for f in fields) not in existing]
    for obj in missing:
        if hasattr(obj, "set_name_keys"):
            obj.set_name_keys()  # bulk_create calls no save()
    if missing:
        model.objects.bulk_create(missing, batch_size=1000)
        audit_record(
            actor=ctx.actor, action=action, summary=f"演示数据：新增{what} {len(missing)} 条"
        )
    return len(missing)


# ------------------------------------------------------------------ members


def _baseline(ctx, name: str) -> int:
    if name in SMALL:
        return SMALL[name]
    if name in REGISTERS:
        return max(60, round(REGISTERS[name] * 0.75))
    return ctx.rng_for("records", name, "baseline").randrange(320, 1400, 10)


def _stat_series(ctx, name: str) -> list[tuple[int, int, int]]:
    """(year, individual, institutional) from 2016 to the year before the register (or the
    last full year)."""
    rng = ctx.rng_for("records", name, "stats")
    if name in REGISTERS:
        return _register_history(ctx, name)
    last = ctx.today.year - 1
    individual, institutional = _baseline(ctx, name), rng.randrange(0, 40)
    series = []
    for year in range(BASELINE, last + 1):
        series.append((year, individual, institutional))
        if name in DECLINING:
            individual = round(individual * rng.uniform(0.9, 0.97))
        elif name in SMALL:
            individual = min(295, round(individual * rng.uniform(1.0, 1.06)))
        else:
            individual = round(individual * rng.uniform(1.0, 1.08))
        institutional += rng.randrange(0, 4)
    return series


def _register_history(ctx, name: str) -> list[tuple[int, int, int]]:
    """What the secretariat counted by hand before the register: the register's own figures
    for those years, as a society that digitised its paper register would report them."""
    individual = _register(ctx, name, None)
    institutional = _institutions(ctx, name, None)
    series = []
    for year in range(BASELINE, REGISTER_SINCE):
        end = dt.date(year, 12, 31)
        series.append(
            (
                year,
                sum(m.is_member_on(end) for m in individual),
                sum(m.is_member_on(end) for m in institutional),
            )
        )
    return series


def _member_stats(ctx, name: str, society) -> list[MemberYearStat]:
    return [
        MemberYearStat(
            society=society,
            year=year,
            individual_count=individual,
            institutional_count=institutional,
            note="2016年基准（按当年年报）" if year == BASELINE else "",
        )
        for year, individual, institutional in _stat_series(ctx, name)
    ]


def _load_member_stats(ctx, names) -> int:
    stats = [s for n in names for s in _member_stats(ctx, n, ctx.societies[n])]
    return _save_missing(
        ctx,
        MemberYearStat,
        stats,
        ("society_id", "year"),
        action="demo_member_stats_load",
        what="年度会员统计",
    )


def _register(ctx, name: str, society) -> list[IndividualMember]:
    rng = ctx.rng_for("records", name, "register")
    spec = ctx.profiles[name]
    employers = pools.EMPLOYERS[spec.category]
    titles = pools.FRONTLINE_TITLES[spec.category] + pools.YOUNG_TITLES
    taken: set[str] = set()
    current, members = REGISTERS[name], []
    leavers = round(current * 0.08)
    for i in range(1, current + leavers + 1):
        male = rng.random() < 0.58
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
        joined = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 18))
        joined = min(joined, ctx.today - dt.timedelta(days=30))
        member = IndividualMember(
            society=society,
            member_number=f"{spec.federation.upper()}-{i:05d}",
            name=identities.person_name(rng, male=male),
            gender=Gender.MALE if male else Gender.FEMALE,
            birth_date=birth,
            id_number=identities.id_number(rng, birth, male=male, taken=taken)
            if rng.random() < 0.7
            else "",
            employer=rng.choice(employers),
            title=rng.choice(titles),
            education=rng.choice(pools.EDUCATIONS_SENIOR),
            is_frontline=rng.random() < 0.8,
            join_date=joined,
            dues_paid_until=dt.date(
                ctx.today.year - 1 if rng.random() < 0.15 else ctx.today.year, 12, 31
            ),
        )
        if i > current:  # left between joining and the demo date
            member.status = rng.choice((MemberStatus.WITHDRAWN, MemberStatus.EXPELLED))
            member.left_on = joined + (ctx.today - joined) * rng.uniform(0.2, 0.9)
            member.dues_paid_until = None
        members.append(member)
    return members


def _institutions(ctx, name: str, society) -> list[InstitutionalMember]:
    rng = ctx.rng_for("records", name, "institutions")
    spec = ctx.profiles[name]
    employers = pools.EMPLOYERS[spec.category]
    region = society.uscc[2:8] if society is not None else "420000"
    members = []
    for i, employer in enumerate(rng.sample(employers, min(len(employers), rng.randint(12, 30)))):
        first17 = f"91{region}{rng.randrange(10**9, 10**10):010d}"[:17]
        members.append(
            InstitutionalMember(
                society=society,
                member_number=f"{spec.federation.upper()}-D{i + 1:03d}",
                name=employer,
                uscc=first17 + uscc_check_char(first17),
                contact_name=identities.person_name(rng, male=rng.random() < 0.5),
                contact_phone=identities.mobile(rng),
                join_date=dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 17)),
            )
        )
    return members


def _load_registers(ctx) -> int:
    members = [
        m
        for n in sorted(REGISTERS)
        if n in ctx.societies
        for m in _register(ctx, n, ctx.societies[n])
    ]
    institutions = [
        m
        for n in sorted(REGISTERS)
        if n in ctx.societies
        for m in _institutions(ctx, n, ctx.societies[n])
    ]
    created = _save_missing(
        ctx,
        InstitutionalMember,
        institutions,
        ("society_id", "member_number"),
        action="demo_institutional_members_load",
        what="单位会员",
    )
    return created + _save_missing(
        ctx,
        IndividualMember,
        members,
        ("society_id", "member_number"),
        action="demo_members_load",
        what="个人会员",
    )


def _congress(ctx, name: str) -> tuple[str, int | None]:
    if name in NO_CONGRESS_FORM:
        return "", None
    size = REGISTERS.get(name) or _stat_series(ctx, name)[-1][1]
    if size <= 300 or name in GENERAL_ASSEMBLY_ABOVE_300:
        return CongressForm.GENERAL, None
    rng = ctx.rng_for("records", name, "congress")
    return CongressForm.REPRESENTATIVE, max(80, round(size * rng.uniform(0.2, 0.35)))


# ------------------------------------------------------------------ secretariat


def _staff(ctx, name: str, society) -> list[StaffMember]:
    if name in NO_STAFF:
        return []
    rng = ctx.rng_for("records", name, "staff")
    spec = ctx.profiles[name]
    count = 2 if name in FEW_STAFF_PILOT else rng.randint(3, 5) if spec.pilot else rng.randint(1, 3)
    staff = []
    for i in range(count):
        start = ctx.today - dt.timedelta(days=rng.randrange(200, 365 * 8))
        open_ended = rng.random() < 0.4
        end = start + dt.timedelta(days=365 * 3 - 1)
        lapsed = rng.random() < 0.12  # a contract that ran out and was not renewed
        while not lapsed and end < ctx.today + dt.timedelta(days=30):
            end += dt.timedelta(days=365 * 3)
        finance = i == count - 1 and count >= 2
        staff.append(
            StaffMember(
                society=society,
                name=identities.person_name(rng, male=rng.random() < 0.45),
                post="会计" if finance else STAFF_POSTS[i % (len(STAFF_POSTS) - 1)],
                contract_start=start,
                contract_end=None if open_ended and not lapsed else end,
                monthly_pay=None
                if rng.random() < 0.2
                else Decimal(rng.randrange(4200, 11000, 100)),
                has_social_insurance=rng.random() < 0.8,
                is_party_member=rng.random() < 0.4,
                is_finance_staff=finance,
                has_finance_certificate=finance and rng.random() < 0.7,
            )
        )
    # About one society in three also has a part-time worker (兼职, 天津 T10.1.b counts 专兼职).
    extra = ctx.rng_for("records", name, "part-time staff")
    if extra.random() < 0.35:
        staff.append(
            StaffMember(
                society=society,
                name=identities.person_name(extra, male=extra.random() < 0.45),
                post=extra.choice(("兼职会计", "兼职秘书", "兼职宣传员")),
                contract_start=ctx.today - dt.timedelta(days=extra.randrange(200, 365 * 4)),
                is_full_time=False,
                is_finance_staff=False,
            )
        )
    return staff


def _load_staff(ctx, names) -> int:
    staff = [s for n in names for s in _staff(ctx, n, ctx.societies[n])]
    return _save_missing(
        ctx,
        StaffMember,
        staff,
        ("society_id", "name", "contract_start"),
        action="demo_staff_load",
        what="专职工作人员",
    )


def _office(ctx, name: str, society) -> list[Office]:
    if name in NO_OFFICE:
        return []
    rng = ctx.rng_for("records", name, "office")
    spec = ctx.profiles[name]
    street = rng.choice(pools.STREETS[spec.federation])
    if name in SMALL_OFFICE:
        area = Decimal(SMALL_OFFICE[name])
    else:
        area = Decimal(rng.randrange(26, 180))
    source = (
        rng.choice((OfficeSource.OWNED, OfficeSource.RENTED))
        if spec.pilot
        else rng.choice(list(OfficeSource))
    )
    return [
        Office(
            society=society,
            address=f"{street}{rng.randrange(1, 300)}号{rng.randrange(2, 20)}楼",
            area_m2=area,
            source=source,
            facilities_owned=spec.pilot or rng.random() < 0.5,
        )
    ]


def _load_offices(ctx, names) -> int:
    offices = [o for n in names for o in _office(ctx, n, ctx.societies[n])]
    return _save_missing(
        ctx, Office, offices, ("society_id", "address"), action="demo_offices_load", what="办公场所"
    )


def _load_profiles(ctx, names) -> int:
    memberships, secretariats = [], []
    for name in names:
        society, spec = ctx.societies[name], ctx.profiles[name]
        rng = ctx.rng_for("records", name, "profile")
        form, representatives = _congress(ctx, name)
        memberships.append(
            MembershipProfile(
                society=society,
                congress_form=form,
                representative_count=representatives,
                register_since=REGISTER_SINCE if name in REGISTERS else None,
            )
        )
        bank = None if name in BANK_ACCOUNT_UNKNOWN else name not in NO_BANK_ACCOUNT
        slug = society.uscc[-6:].lower()
        secretariats.append(
            SecretariatProfile(
                society=society,
                has_own_bank_account=bank,
                website=f"https://www.s{slug}.org.cn" if spec.pilot or rng.random() < 0.5 else "",
                wechat_account=f"{name}" if rng.random() < 0.7 else "",
            )
        )
    created = _save_missing(
        ctx,
        MembershipProfile,
        memberships,
        "society_id",
        action="demo_membership_profiles_load",
        what="会员大会设置",
    )
    return created + _save_missing(
        ctx,
        SecretariatProfile,
        secretariats,
        "society_id",
        action="demo_secretariat_profiles_load",
        what="秘书处概况",
    )


# ------------------------------------------------------------------ party, branches


def _party(ctx, name: str, society) -> list[PartyOrganisation]:
    if name in NO_PARTY:
        return []
    rng = ctx.rng_for("records", name, "party")
    spec = ctx.profiles[name]
    established = dt.date(rng.randint(2016, 2022), rng.randint(1, 12), 1)
    if name in LIAISON_ONLY:
        form, members = PartyOrganisationForm.LIAISON, None
    elif spec.council >= 70:
        form, members = PartyOrganisationForm.GENERAL_BRANCH, rng.randint(25, 60)
    else:
        form = rng.choice((PartyOrganisationForm.BRANCH, PartyOrganisationForm.JOINT_BRANCH))
        members = rng.randint(3, 15)
    organisations = []
    if spec.pilot and form != PartyOrganisationForm.LIAISON:  # a liaison before the branch
        organisations.append(
            PartyOrganisation(
                society=society,
                form=PartyOrganisationForm.LIAISON,
                established_on=dt.date(2016, 6, 1),
                secretary_name=identities.person_name(rng, male=True),
                dissolved_on=established,
                note="成立党支部后撤销",
            )
        )
    organisations.append(
        PartyOrganisation(
            society=society,
            form=form,
            established_on=established,
            secretary_name=identities.person_name(rng, male=rng.random() < 0.6),
            party_member_count=members,
            of_secretariat=_of_secretariat(ctx, name, form),
        )
    )
    return organisations


def _of_secretariat(ctx, name: str, form: str) -> bool | None:
    """Whether the branch is made of the secretariat's staff (江西 实体党支部): a joint branch
    never is; an own branch mostly is; one society in five has not answered."""
    rng = ctx.rng_for("records", name, "party of secretariat")
    if form == PartyOrganisationForm.LIAISON:
        return None  # no branch at all
    if form == PartyOrganisationForm.JOINT_BRANCH:
        return False
    if rng.random() < 0.2:
        return None
    return rng.random() < 0.7


def _load_party(ctx, names) -> int:
    organisations = [o for n in names for o in _party(ctx, n, ctx.societies[n])]
    return _save_missing(
        ctx,
        PartyOrganisation,
        organisations,
        ("society_id", "form", "established_on"),
        action="demo_party_load",
        what="党组织",
    )


def _branches(ctx, name: str, society) -> list[tuple[Branch, list[int]]]:
    """Branches with the years their heads reported."""
    if name in SMALL and SMALL[name] < 150:
        return []
    rng = ctx.rng_for("records", name, "branches")
    count = rng.randint(2, 8)
    committees = rng.sample(BRANCH_FIELDS, min(count, 3))
    specialities = rng.sample(SPECIALITIES, count - len(committees))
    last_year = ctx.today.year - 1
    planned = []
    for label in committees + specialities:
        kind = (
            BranchKind.WORKING_COMMITTEE
            if label in BRANCH_FIELDS
            else BranchKind.SPECIALIST_COMMITTEE
        )
        branch_name = label if kind == BranchKind.WORKING_COMMITTEE else f"{label}专业委员会"
        draw = rng.random()
        status = (
            BranchStatus.REVOKED
            if draw < 0.05
            else BranchStatus.DORMANT
            if draw < 0.15
            else BranchStatus.ACTIVE
        )
        filed = (
            None if rng.random() < 0.17 else dt.date(rng.randint(2010, 2023), rng.randint(1, 12), 1)
        )
        reported = [] if status != BranchStatus.ACTIVE or rng.random() < 0.2 else [last_year]
        if reported and rng.random() < 0.7:
            reported.append(last_year - 1)
        planned.append(
            (
                Branch(
                    society=society,
                    name=branch_name,
                    kind=kind,
                    filed_on=filed,
                    head_name=identities.person_name(rng, male=rng.random() < 0.7),
                    status=status,
                ),
                reported,
            )
        )
    return planned


def _load_branches(ctx, names) -> int:
    planned = [p for n in names for p in _branches(ctx, n, ctx.societies[n])]
    created = _save_missing(
        ctx,
        Branch,
        [branch for branch, _ in planned],
        ("society_id", "name"),
        action="demo_branches_load",
        what="分支机构",
    )
    ids = {
        (society_id, name): pk
        for pk, society_id, name in Branch.objects.values_list("pk", "society_id", "name")
    }
    reports = [
        BranchReport(
            branch_id=ids[(branch.society_id, branch.name)],
            year=year,
            reported_on=dt.date(year + 1, 1, 10 + year % 15),
        )
        for branch, years in planned
        for year in years
    ]
    _save_missing(
        ctx,
        BranchReport,
        reports,
        ("branch_id", "year"),
        action="demo_branch_reports_load",
        what="负责人述职",
    )
    return created
