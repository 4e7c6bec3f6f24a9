"""统计口径: who counts as a member of the council and of the standing council.

The council (理事会) is everyone holding 理事长, 副理事长, 常务理事 or 理事, plus an elected
(选任) 秘书长; the standing council (常务理事会) is 理事长, 副理事长, 常务理事 and an elected
秘书长. Supervisors are not council members. A person counts once per body, however many
posts they hold. This module is the only place that rule is written.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from xuehui.lib.dates import age_on

from .choices import PARTY_STATUSES, Gender, Office, Selection

STANDING_OFFICES = frozenset({Office.PRESIDENT, Office.VICE_PRESIDENT, Office.STANDING_DIRECTOR})
COUNCIL_OFFICES = STANDING_OFFICES | {Office.DIRECTOR}
SUPERVISOR_OFFICES = frozenset(
    {Office.CHIEF_SUPERVISOR, Office.DEPUTY_CHIEF_SUPERVISOR, Office.SUPERVISOR}
)

COUNTING_RULE_TEXT = (
    "理事会：担任理事长、副理事长、常务理事、理事的人员，以及选任制秘书长；"
    "常务理事会：理事长、副理事长、常务理事及选任制秘书长；"
    "监事不计入理事会；名誉理事长、荣誉理事、顾问等名誉职务不计入理事会和常务理事会；"
    "同一人在同一机构中兼任多个职务只计一次。"
)


class Body:
    COUNCIL = "council"
    STANDING_COUNCIL = "standing_council"
    SUPERVISORS = "supervisors"


BODY_LABELS = {
    Body.COUNCIL: "理事会",
    Body.STANDING_COUNCIL: "常务理事会",
    Body.SUPERVISORS: "监事",
    "leaders": "学会负责人",  # 理事长、副理事长、秘书长 (the rules' `leaders` facts)
}
# What the rules count in a body, as a reader of the documents names it.
PART_LABELS = {
    "frontline": "一线科技工作者",
    "frontline_or_unit_head": "一线科技工作者或会员单位负责人",
    "young": "中青年科技工作者",
    "party_members": "中共党员",
    "women": "女性",
}


@dataclass(frozen=True)
class Trait:
    """A trait of a person the rules count in a body, written once for both ways it is
    counted: `q(cutoff)` filters Position rows in SQL (the roster facts; `cutoff` is the
    birth date after which a person is young, a date or an expression), `test(person, on,
    young_age)` tests a Person in Python (the 换届预审 of a proposed roster, `compose`).
    A yes/no left 未填 (None) is neither yes nor no."""

    q: Callable[[Any], Q]
    test: Callable[[Any, dt.date, int], bool]


TRAITS: dict[str, Trait] = {
    "size": Trait(lambda cutoff: Q(), lambda p, on, young_age: True),
    "frontline": Trait(
        lambda cutoff: Q(person__is_frontline=True), lambda p, on, young_age: p.is_frontline is True
    ),
    # 未填 (null): the checks ask for it when it could change the result.
    "frontline_unknown": Trait(
        lambda cutoff: Q(person__is_frontline__isnull=True),
        lambda p, on, young_age: p.is_frontline is None,
    ),
    # Fengxian 2、（4）: 一线科技工作者和会员单位负责人, two traits that are never folded together.
    "frontline_or_unit_head": Trait(
        lambda cutoff: Q(person__is_frontline=True) | Q(person__member_unit_head=True),
        lambda p, on, young_age: p.is_frontline is True or p.member_unit_head is True,
    ),
    "frontline_or_unit_head_unknown": Trait(
        lambda cutoff: (
            ~Q(person__is_frontline=True)
            & ~Q(person__member_unit_head=True)
            & (Q(person__is_frontline__isnull=True) | Q(person__member_unit_head__isnull=True))
        ),
        lambda p, on, young_age: (
            p.is_frontline is not True
            and p.member_unit_head is not True
            and (p.is_frontline is None or p.member_unit_head is None)
        ),
    ),
    "young": Trait(
        lambda cutoff: Q(person__birth_date__gt=cutoff),
        lambda p, on, young_age: p.birth_date is not None and age_on(p.birth_date, on) <= young_age,
    ),
    "party_members": Trait(
        lambda cutoff: Q(person__political_status__in=list(PARTY_STATUSES)),
        lambda p, on, young_age: p.political_status in PARTY_STATUSES,
    ),
    "women": Trait(
        lambda cutoff: Q(person__gender=Gender.FEMALE),
        lambda p, on, young_age: p.gender == Gender.FEMALE,
    ),
    "retired_officials": Trait(
        lambda cutoff: Q(person__is_retired_official=True),
        lambda p, on, young_age: p.is_retired_official is True,
    ),
    "retired_officials_unknown": Trait(
        lambda cutoff: Q(person__is_retired_official__isnull=True),
        lambda p, on, young_age: p.is_retired_official is None,
    ),
    # 资料不全: without an ID number, an employer or a political status.
    "incomplete": Trait(
        lambda cutoff: (
            Q(person__id_number="") | Q(person__employer="") | Q(person__political_status="")
        ),
        lambda p, on, young_age: not (p.id_number and p.employer and p.political_status),
    ),
}
_BODY_OFFICES = {
    Body.COUNCIL: COUNCIL_OFFICES,
    Body.STANDING_COUNCIL: STANDING_OFFICES,
    Body.SUPERVISORS: SUPERVISOR_OFFICES,
}


def counts_in(body: str, office: str, selection: str = "") -> bool:
    """Whether one post puts its holder in `body`."""
    if office in _BODY_OFFICES[body]:
        return True
    return (
        body != Body.SUPERVISORS
        and office == Office.SECRETARY_GENERAL
        and selection == Selection.ELECTED
    )


def body_q(body: str, prefix: str = "") -> Q:
    """The same rule as a filter on Position rows (`prefix` reaches Position from elsewhere)."""
    q = Q(**{f"{prefix}office__in": list(_BODY_OFFICES[body])})
    if body != Body.SUPERVISORS:
        q |= Q(
            **{f"{prefix}office": Office.SECRETARY_GENERAL, f"{prefix}selection": Selection.ELECTED}
        )
    return q


@dataclass
class Composition:
    """The figures of one body on one day; shares are None for an empty body."""

    body: str
    size: int = 0
    frontline: int = 0
    young: int = 0
    party_members: int = 0
    women: int = 0
    retired_officials: int = 0
    frontline_unknown: int = 0  # 未填: counted neither as frontline nor as not
    retired_officials_unknown: int = 0
    people: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return BODY_LABELS[self.body]

    def share(self, count: int) -> float | None:
        return count / self.size if self.size else None

    @property
    def frontline_share(self) -> float | None:
        return self.share(self.frontline)

    @property
    def young_share(self) -> float | None:
        return self.share(self.young)


# The traits the rules' roster facts count in every body (`council.frontline`…).
FACT_TRAITS = (
    "size",
    "frontline",
    "frontline_unknown",
    "frontline_or_unit_head",
    "frontline_or_unit_head_unknown",
    "young",
    "party_members",
    "women",
    "retired_officials",
    "incomplete",
)


def compose(body: str, positions: Iterable, *, on: dt.date, young_age: int) -> Composition:
    """Figures of `body` from positions (with `person` loaded) that are current on `on`."""
    people = {}
    for position in positions:
        if counts_in(body, position.office, position.selection):
            people.setdefault(position.person_id, position.person)
    result = Composition(body=body, people=sorted(people.values(), key=lambda p: p.name))
    for name in COMPOSITION_TRAITS:
        setattr(result, name, count_trait(name, result.people, on=on, young_age=young_age))
    return result


COMPOSITION_TRAITS = (
    "size",
    "frontline",
    "young",
    "party_members",
    "women",
    "retired_officials",
    "frontline_unknown",
    "retired_officials_unknown",
)


def count_trait(name: str, people: Iterable, *, on: dt.date, young_age: int) -> int:
    """How many of `people` have the trait (TRAITS[name]) on `on`."""
    test = TRAITS[name].test
    return sum(bool(test(person, on, young_age)) for person in people)
