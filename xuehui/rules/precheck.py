"""换届预审: a proposed roster, read with the roster importer's parser, turned into the same
roster facts the engine reads, and checked against a framework's composition and eligibility
rules — in memory; nothing is saved."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from xuehui.governance.choices import PARTY_STATUSES, Office
from xuehui.governance.composition import FACT_TRAITS, Body, count_trait, counts_in
from xuehui.governance.importers import RosterImporter
from xuehui.governance.models import Term
from xuehui.lib.dates import add_years
from xuehui.lib.importing import ParseResult

from .engine import Result, evaluate_society
from .facts import gather
from .facts.base import Facts
from .facts.roster import BODIES, LEADER_OFFICES, OFFICER_FACTS, person_fact
from .spec import FrameworkSpec

ROSTER_FACTS = ("council", "standing_council", "supervisors", "leaders", "officers", "posts")


@dataclass
class Precheck:
    parsed: ParseResult
    results: list[Result] = field(default_factory=list)
    facts: Facts | None = None

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def council_size(self) -> int:
        return self.facts["council.size"] if self.facts else 0

    @property
    def standing_size(self) -> int:
        return self.facts["standing_council.size"] if self.facts else 0


def is_roster_rule(result: Result) -> bool:
    decision = result.requirement.decision
    return decision is not None and decision.fact.split(".")[0] in ROSTER_FACTS


def precheck_run(*, society, spec: FrameworkSpec, upload, election_on: dt.date) -> Precheck:
    """Parse the proposed roster and apply the framework's roster rules as of the election day."""
    number = (Term.objects.filter(society=society).aggregate(n=Max("number"))["n"] or 0) + 1
    importer = RosterImporter(society=society, term_number=number, term_start=election_on)
    try:
        parsed = importer.parse_file(upload, filename=getattr(upload, "name", ""))
    except ValueError as error:
        parsed = ParseResult(columns=importer.columns)
        parsed.add_file_error(str(error) or "无法读取该文件，请上传 Excel 文件（.xlsx/.xls）")
    outcome = Precheck(parsed=parsed)
    if not parsed.ok:
        return outcome
    facts = gather([society.pk], election_on, young_age=spec.young_age)[society.pk]
    facts.update(roster_facts(importer.plans, number, election_on, spec.young_age))
    # The proposed roster is itself the re-election's figures: no recorded term's replace it.
    facts.pop("reelection.facts", None)
    facts.pop("reelection.sources", None)
    outcome.facts = facts
    outcome.results = [r for r in evaluate_society(spec, facts, election_on) if is_roster_rule(r)]
    return outcome


def roster_facts(plans, number: int, on: dt.date, young_age: int) -> dict:
    """The roster facts of a proposed term (every post starts on the election day)."""
    posts = [
        (index, plan.person, position)
        for index, plan in enumerate(plans)
        for position in plan.positions
    ]
    facts: dict[str, Any] = {
        "term.current": {
            "number": number,
            "start_on": on.isoformat(),
            "planned_end_on": add_years(on, 5).isoformat(),
        },
        "term.overdue_days": 0,
        "term.latest_reelection_on": on,
    }
    for prefix, body in {**BODIES, "supervisors": Body.SUPERVISORS}.items():
        people = {i: p for i, p, post in posts if counts_in(body, post.office, post.selection)}
        facts.update(_body(prefix, list(people.values()), on, young_age))
    leaders = {i: p for i, p, post in posts if post.office in LEADER_OFFICES}
    facts["leaders.size"] = len(leaders)
    facts["leaders.party_members"] = sum(
        p.political_status in PARTY_STATUSES for p in leaders.values()
    )
    facts.update({name: [] for name in OFFICER_FACTS.values()})
    facts["officers.leaders"], facts["posts.officials"] = [], []
    for index, person, post in posts:
        row = _row(index, person, post, on)
        if post.office in OFFICER_FACTS:
            facts[OFFICER_FACTS[post.office]].append(person_fact(row, on))
        if post.office in (Office.PRESIDENT, Office.VICE_PRESIDENT):
            facts["officers.leaders"].append(person_fact(row, on))
        if person.is_retired_official or person.is_serving_official:  # None (未填) is not 是
            facts["posts.officials"].append(person_fact(row, on))
    return facts


def _body(prefix: str, people: list, on: dt.date, young_age: int) -> dict:
    """The same counts as the SQL roster facts, from the same trait table."""
    return {
        f"{prefix}.{name}": count_trait(name, people, on=on, young_age=young_age)
        for name in FACT_TRAITS
    }


def _row(index: int, person, post, on: dt.date) -> dict:
    return {
        "person_id": person.pk or f"new-{index}",
        "person__name": person.name,
        "office": post.office,
        "start_on": post.start_on or on,
        "selection": post.selection,
        "is_full_time": post.is_full_time,
        "is_paid": post.is_paid,
        "approval_ref": post.approval_ref,
        "consecutive_terms": post.consecutive_terms,
        "person__birth_date": person.birth_date,
        "person__is_retired_official": person.is_retired_official,
        "person__is_retired_cadre": getattr(person, "is_retired_cadre", None),
        "person__is_serving_official": person.is_serving_official,
        "person__is_public_servant": getattr(person, "is_public_servant", None),
        "person__political_status": person.political_status,
    }
