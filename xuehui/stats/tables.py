"""科协统计: the tables of the yearly statistics return that concern societies, as data.

Each `Table` names its figures (`Figure`: an English key, the Chinese label, the unit and the
records it is computed from) and the function that computes them for many societies at once,
with aggregate queries (a constant number whatever the number of societies). The pages, the
xlsx, the JSON, `docs/statistics.md` and the tests all read these definitions.

Counting rules shared by every table: a year is 1 January to 31 December; a state (members,
posts, staff, branches, party organisations) is taken on 31 December; a blank (no record, or a
figure left empty) counts as 0; a branch (分支机构) has no records of its own, so what it does
is recorded, and counted, under its society (an activity may name the branch that ran it).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.branches.choices import BranchStatus
from xuehui.branches.models import Branch
from xuehui.finances.choices import IncomeSource
from xuehui.finances.models import FinanceYear
from xuehui.governance.composition import Body, body_q
from xuehui.governance.models import Position
from xuehui.members.selectors import member_counts_for
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.rules.facts.roster import current_positions_q
from xuehui.secretariat.models import StaffMember
from xuehui.societies.models import Society

Number = int | Decimal
Values = dict[int, dict[str, Number]]  # society id → figure key → value
ZERO_MONEY = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    """指标: one figure of a table."""

    key: str
    label: str
    unit: str
    source: str  # the records it is computed from, in Chinese (docs and the 指标说明 sheet)
    money: bool = False

    @property
    def zero(self) -> Number:
        return ZERO_MONEY if self.money else 0


@dataclass(frozen=True)
class Table:
    """统计表: a numbered table of the return and how its figures are computed."""

    code: str
    number: int
    name: str
    figures: tuple[Figure, ...]
    compute: Callable[[list[int], int], Values]

    @property
    def title(self) -> str:
        return f"表{self.number} {self.name}"

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def values(self, society_ids: list[int], year: int) -> Values:
        """Every figure of every society, blanks as 0."""
        computed = self.compute(society_ids, year) if society_ids else {}
        return {
            pk: {f.key: computed.get(pk, {}).get(f.key) or f.zero for f in self.figures}
            for pk in society_ids
        }


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _grouped(queryset, **aggregates) -> Values:
    """One aggregate query, grouped by society."""
    rows = queryset.values("society_id").annotate(**aggregates).order_by()
    return {row.pop("society_id"): row for row in rows}


def _merge(*parts: Values) -> Values:
    merged: Values = defaultdict(dict)
    for part in parts:
        for pk, values in part.items():
            merged[pk].update(values)
    return merged


# ---------------------------------------------------------------- 表1 组织建设

PARTY_FORMAL = (
    PartyOrganisationForm.COMMITTEE,
    PartyOrganisationForm.GENERAL_BRANCH,
    PartyOrganisationForm.BRANCH,
    PartyOrganisationForm.JOINT_BRANCH,
)


def _members(ids: list[int], year: int) -> Values:
    counts = member_counts_for(ids, year)
    return {
        pk: {
            "individual_members": count.individual or 0,
            "institutional_members": count.institutional or 0,
        }
        for pk, count in counts.items()
    }


def _bodies(ids: list[int], year: int) -> Values:
    def people(body: str) -> Count:
        return Count("person", distinct=True, filter=body_q(body))

    posts = Position.objects.filter(society_id__in=ids).filter(current_positions_q(year_end(year)))
    return _grouped(
        posts,
        council=people(Body.COUNCIL),
        standing_council=people(Body.STANDING_COUNCIL),
        supervisors=people(Body.SUPERVISORS),
    )


def _branches(ids: list[int], year: int) -> Values:
    day = year_end(year)
    existing = Branch.objects.filter(society_id__in=ids).exclude(status=BranchStatus.REVOKED)
    existing = existing.filter(Q(filed_on__isnull=True) | Q(filed_on__lte=day))
    return _grouped(
        existing, branches=Count("pk"), branches_filed=Count("pk", filter=Q(filed_on__lte=day))
    )


def _staff(ids: list[int], year: int) -> Values:
    day = year_end(year)
    staff = StaffMember.objects.filter(society_id__in=ids, contract_start__lte=day).filter(
        Q(contract_end__isnull=True) | Q(contract_end__gte=day)
    )
    return _grouped(
        staff,
        staff_full_time=Count("pk", filter=Q(is_full_time=True)),
        staff_part_time=Count("pk", filter=Q(is_full_time=False)),
    )


def _party(ids: list[int], year: int) -> Values:
    day = year_end(year)
    active = PartyOrganisation.objects.filter(society_id__in=ids, established_on__lte=day).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
    )
    formal = Q(form__in=PARTY_FORMAL)
    return _grouped(
        active,
        party_organisations=Count("pk", filter=formal),
        party_liaisons=Count("pk", filter=~formal),
        party_members=Sum("party_member_count"),
    )


def _societies(ids: list[int], year: int) -> Values:
    """A society counts from its founding (an unknown founding date: always)."""
    founded = Society.objects.filter(pk__in=ids).values_list("pk", "founded_on")
    return {pk: {"societies": int(on is None or on <= year_end(year))} for pk, on in founded}


def organisation(ids: list[int], year: int) -> Values:
    societies = _societies(ids, year)
    return _merge(
        societies,
        _members(ids, year),
        _bodies(ids, year),
        _branches(ids, year),
        _staff(ids, year),
        _party(ids, year),
    )


ON_DEC_31 = "12月31日"
ORGANISATION = Table(
    code="organisation",
    number=1,
    name="组织建设情况",
    figures=(
        Figure(
            "societies",
            "学会数",
            "个",
            f"学会：未注销（含停止活动的），成立日期为空或不晚于{ON_DEC_31}",
        ),
        Figure(
            "individual_members",
            "个人会员数",
            "人",
            f"个人会员：自会员名册起始年度起为{ON_DEC_31}在册的个人会员（入会日期为空或不晚于当日，"
            "且未离会）；之前的年度为该年度的年度会员统计",
        ),
        Figure(
            "institutional_members",
            "单位会员数",
            "个",
            "单位会员，口径同个人会员（年度会员统计中的单位会员数）",
        ),
        Figure(
            "council",
            "理事会人数",
            "人",
            f"职务：{ON_DEC_31}在任的理事长、副理事长、常务理事、理事和选任制秘书长，一人只计一次"
            "（名誉职务不计入）",
        ),
        Figure(
            "standing_council",
            "常务理事会人数",
            "人",
            f"职务：{ON_DEC_31}在任的理事长、副理事长、常务理事和选任制秘书长",
        ),
        Figure("supervisors", "监事人数", "人", f"职务：{ON_DEC_31}在任的监事长、副监事长和监事"),
        Figure(
            "branches",
            "分支机构数",
            "个",
            f"分支机构（含代表机构、专业委员会、工作委员会）：状态不是“已撤销”，且未备案或备案日期不晚于{ON_DEC_31}",
        ),
        Figure(
            "branches_filed", "其中：已备案的分支机构", "个", f"分支机构：备案日期不晚于{ON_DEC_31}"
        ),
        Figure(
            "staff_full_time",
            "专职工作人员数",
            "人",
            f"工作人员：勾选“专职”，聘用开始不晚于且聘用结束不早于{ON_DEC_31}（无结束日期视为在聘）",
        ),
        Figure("staff_part_time", "兼职工作人员数", "人", "工作人员：未勾选“专职”，在聘口径同上"),
        Figure(
            "party_organisations",
            "党组织数",
            "个",
            f"党组织：形式为党委、党总支、党支部或联合党支部，成立日期不晚于{ON_DEC_31}且当日未撤销",
        ),
        Figure(
            "party_liaisons",
            "党小组和党建工作联络员数",
            "个",
            "党组织：形式为党小组或党建工作联络员，存续口径同上",
        ),
        Figure("party_members", "党员人数", "人", "党组织：存续的党组织填写的党员人数之和"),
    ),
    compute=organisation,
)


# ---------------------------------------------------------------- activities


def _activities(ids: list[int], year: int, kind: str):
    return Activity.objects.filter(society_id__in=ids, kind=kind, start_on__year=year)


def _count(**conditions) -> Count:
    return Count("pk", filter=Q(**conditions))


def _total(field: str) -> Coalesce:
    return Coalesce(Sum(field), Value(0))


LEVEL_KEYS = {
    ActivityLevel.INTERNATIONAL: "international",
    ActivityLevel.NATIONAL: "national",
    ActivityLevel.PROVINCIAL: "provincial",
    ActivityLevel.MUNICIPAL: "municipal",
    ActivityLevel.DISTRICT: "district",
}
HOSTED = (ActivityRole.HOST, ActivityRole.ORGANIZER)


def academic(ids: list[int], year: int) -> Values:
    return _grouped(
        _activities(ids, year, ActivityKind.ACADEMIC_EXCHANGE),
        meetings=Count("pk"),
        **{f"level_{key}": _count(level=level) for level, key in LEVEL_KEYS.items()},
        hosted=_count(role__in=HOSTED),
        by_branches=_count(branch__isnull=False),
        attendance=_total("participants"),
        papers=_total("papers"),
    )


ACADEMIC_SOURCE = "活动：活动类型为“学术交流”、开始日期在本年度的活动（主办、承办、协办均计）"
ACADEMIC = Table(
    code="academic",
    number=2,
    name="学术交流情况",
    figures=(
        Figure("meetings", "举办学术会议（交流活动）次数", "次", ACADEMIC_SOURCE),
        *(
            Figure(f"level_{key}", f"其中：{level.label}", "次", f"同上，级别为“{level.label}”")
            for level, key in LEVEL_KEYS.items()
        ),
        Figure("hosted", "其中：主办或承办", "次", "同上，主办方式为“主办”或“承办”"),
        Figure("by_branches", "其中：分支机构开展", "次", "同上，填写了开展的分支机构"),
        Figure("attendance", "参加人次", "人次", "同上的活动的“参加人数”之和"),
        Figure("papers", "交流论文数", "篇", "同上的活动的“交流论文数”之和"),
    ),
    compute=academic,
)


def popularization(ids: list[int], year: int) -> Values:
    four_into = Q(into_villages=True) | Q(into_communities=True)
    four_into |= Q(into_schools=True) | Q(into_enterprises=True)
    return _grouped(
        _activities(ids, year, ActivityKind.SCIENCE_POPULARIZATION),
        activities=Count("pk"),
        science_week=_count(in_science_week=True),
        four_into=Count("pk", filter=four_into),
        by_branches=_count(branch__isnull=False),
        audience=_total("participants"),
    )


POPULARIZATION_SOURCE = "活动：活动类型为“科普”、开始日期在本年度的活动"
POPULARIZATION = Table(
    code="popularization",
    number=3,
    name="科普工作情况",
    figures=(
        Figure("activities", "科普活动次数", "次", POPULARIZATION_SOURCE),
        Figure("science_week", "其中：科技周或科普日活动", "次", "同上，勾选“科技周或科普日”"),
        Figure(
            "four_into", "其中：“四进”活动", "次", "同上，勾选进农村、进社区、进学校、进企业之一"
        ),
        Figure("by_branches", "其中：分支机构开展", "次", "同上，填写了开展的分支机构"),
        Figure("audience", "受众人次", "人次", "同上的活动的“参加人数”之和"),
    ),
    compute=popularization,
)


def talent(ids: list[int], year: int) -> Values:
    kinds = (ActivityKind.TALENT_RECOMMENDATION, ActivityKind.SCIENCE_AWARD)
    activities = Activity.objects.filter(society_id__in=ids, kind__in=kinds, start_on__year=year)
    recommendation = Q(kind=ActivityKind.TALENT_RECOMMENDATION)
    award = Q(kind=ActivityKind.SCIENCE_AWARD)
    return _grouped(
        activities,
        recommendations=Count("pk", filter=recommendation),
        recommended=Coalesce(Sum("honoured", filter=recommendation), Value(0)),
        awards=Count("pk", filter=award),
        awarded=Coalesce(Sum("honoured", filter=award), Value(0)),
    )


TALENT = Table(
    code="talent",
    number=4,
    name="人才举荐和科技奖励情况",
    figures=(
        Figure(
            "recommendations",
            "人才举荐活动次数",
            "次",
            "活动：活动类型为“人才举荐”、开始日期在本年度的活动",
        ),
        Figure("recommended", "举荐人数", "人", "同上的活动的“举荐或获奖人数”之和"),
        Figure(
            "awards", "科技奖励活动次数", "次", "活动：活动类型为“科技奖励”、开始日期在本年度的活动"
        ),
        Figure("awarded", "获奖人数（项目）", "人", "同上的活动的“举荐或获奖人数”之和"),
    ),
    compute=talent,
)


# ---------------------------------------------------------------- 表5 经费


def finance(ids: list[int], year: int) -> Values:
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = FinanceYear.objects.filter(society_id__in=ids, year=year)
    values = _grouped(
        rows,
        **{source.value: Sum(source.value) for source in IncomeSource},
        expenditure=Coalesce(Sum("total_expenditure"), Value(ZERO_MONEY), output_field=money),
    )
    for figures in values.values():
        figures["income_total"] = sum(
            (Decimal(figures[source.value] or 0) for source in IncomeSource), ZERO_MONEY
        )
    return values


FINANCE_SOURCE = "年度财务：本年度的"
FINANCE = Table(
    code="finance",
    number=5,
    name="经费收支情况",
    figures=(
        Figure("income_total", "收入合计", "元", "年度财务：本年度六项收入之和", money=True),
        *(
            Figure(
                source.value,
                f"其中：{source.label}收入",
                "元",
                f"{FINANCE_SOURCE}“{source.label}收入”",
                money=True,
            )
            for source in IncomeSource
        ),
        Figure(
            "expenditure", "支出合计", "元", f"{FINANCE_SOURCE}“支出合计”（未填为0）", money=True
        ),
    ),
    compute=finance,
)

TABLES: tuple[Table, ...] = (ORGANISATION, ACADEMIC, POPULARIZATION, TALENT, FINANCE)
TABLES_BY_CODE = {table.code: table for table in TABLES}
