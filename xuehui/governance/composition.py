"""统计口径: who counts as a member of the council and of the standing council.

The council (理事会) is everyone holding 理事长, 副理事长, 常务理事 or 理事, plus an elected
(选任) 秘书长; the standing council (常务理事会) is 理事长, 副理事长, 常务理事 and an elected
秘书长. Supervisors are not council members. A person counts once per body, however many
posts they hold. This module is the only place that rule is written.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

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


def compose(body: str, positions: Iterable, *, on: dt.date, young_age: int) -> Composition:
    """Figures of `body` from positions (with `person` loaded) that are current on `on`."""
    people = {}
    for position in positions:
        if counts_in(body, position.office, position.selection):
            people.setdefault(position.person_id, position.person)
    result = Composition(body=body, people=sorted(people.values(), key=lambda p: p.name))
    for person in result.people:
        result.size += 1
        result.frontline += person.is_frontline is True
        result.young += age_on(person.birth_date, on) <= young_age
        result.party_members += person.political_status in PARTY_STATUSES
        result.women += person.gender == Gender.FEMALE
        result.retired_officials += person.is_retired_official is True
        result.frontline_unknown += person.is_frontline is None
        result.retired_officials_unknown += person.is_retired_official is None
    return result
