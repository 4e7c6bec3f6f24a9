"""Facts from the roster (xuehui.governance): terms, the council and standing council as the
counting rule defines them (composition.body_q), officers and officials holding posts."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, Q

from xuehui.governance.choices import PARTY_STATUSES, Gender, Office, Selection
from xuehui.governance.composition import Body, body_q, counts_in
from xuehui.governance.models import Position, Term
from xuehui.lib.dates import add_years, age_on
from xuehui.societies.models import Society

from .base import Facts

BODIES = {"council": Body.COUNCIL, "standing_council": Body.STANDING_COUNCIL}
LEADER_OFFICES = (Office.PRESIDENT, Office.VICE_PRESIDENT, Office.SECRETARY_GENERAL)
OFFICER_OFFICES = (*LEADER_OFFICES, Office.DEPUTY_SECRETARY_GENERAL)
OFFICER_FACTS = {
    Office.PRESIDENT: "officers.president",
    Office.VICE_PRESIDENT: "officers.vice_presidents",
    Office.SECRETARY_GENERAL: "officers.secretary_general",
    Office.DEPUTY_SECRETARY_GENERAL: "officers.deputy_secretary_generals",
}


def current_positions_q(on: dt.date, prefix: str = "") -> Q:
    """Posts current on `on`: the term runs that day and start ≤ on < end (Position.is_current_on)."""
    p = prefix
    term_runs = Q(**{f"{p}term__start_on__lte": on}) & (
        Q(**{f"{p}term__ended_on__isnull": True}) | Q(**{f"{p}term__ended_on__gt": on})
    )
    post_runs = Q(**{f"{p}start_on__lte": on}) & (
        Q(**{f"{p}end_on__isnull": True}) | Q(**{f"{p}end_on__gt": on})
    )
    return term_runs & post_runs


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    _society(ids, on, facts)
    _terms(ids, on, facts)
    _bodies(ids, on, facts, young_age)
    _officers(ids, on, facts)


def _society(ids, on, facts) -> None:
    for pk, host in Society.objects.filter(pk__in=ids).values_list("pk", "host_institution"):
        facts[pk]["society.unhosted"] = not host.strip()
        facts[pk]["society.legal_representative_office"] = None
    rows = (
        Position.objects.filter(society_id__in=ids)
        .filter(current_positions_q(on), person__name=F("society__legal_representative"))
        .values_list("society_id", "office", "selection")
        .order_by("society_id", "office")
    )
    for society_id, office, selection in rows:
        if (
            counts_in(Body.COUNCIL, office, selection)
            and not facts[society_id]["society.legal_representative_office"]
        ):
            facts[society_id]["society.legal_representative_office"] = Office(office).label


def _terms(ids, on, facts) -> None:
    terms = defaultdict(list)
    rows = Term.objects.filter(society_id__in=ids).order_by("society_id", "start_on")
    for row in rows.values("society_id", "number", "start_on", "planned_end_on", "ended_on"):
        terms[row["society_id"]].append(row)
    for society_id in ids:
        started = [t for t in terms[society_id] if t["start_on"] <= on]
        running = [t for t in started if t["ended_on"] is None or on < t["ended_on"]]
        current = running[-1] if running else None
        late = 0
        if current and current["ended_on"] is None and on >= current["planned_end_on"]:
            late = (on - current["planned_end_on"]).days + 1
        facts[society_id].update(
            {
                "term.current": _term_dict(current),
                "term.overdue_days": late,
                "term.count": len(started),
                "term.latest_reelection_on": started[-1]["start_on"] if len(started) > 1 else None,
            }
        )


def _term_dict(term: dict | None) -> dict | None:
    if term is None:
        return None
    return {
        "number": term["number"],
        "start_on": term["start_on"].isoformat(),
        "planned_end_on": term["planned_end_on"].isoformat(),
    }


def _bodies(ids, on, facts, young_age: int) -> None:
    cutoff = add_years(on, -(young_age + 1))  # born after it → at most young_age 周岁 on `on`
    traits = {
        "size": Q(),
        "frontline": Q(person__is_frontline=True),
        # 未填 (null) is neither yes nor no: the checks ask for it when it could change the result.
        "frontline_unknown": Q(person__is_frontline__isnull=True),
        # Fengxian 2、（4）: 一线科技工作者和会员单位负责人, two traits that are never folded together.
        "frontline_or_unit_head": Q(person__is_frontline=True) | Q(person__member_unit_head=True),
        "frontline_or_unit_head_unknown": ~Q(person__is_frontline=True)
        & ~Q(person__member_unit_head=True)
        & (Q(person__is_frontline__isnull=True) | Q(person__member_unit_head__isnull=True)),
        "young": Q(person__birth_date__gt=cutoff),
        "party_members": Q(person__political_status__in=list(PARTY_STATUSES)),
        "women": Q(person__gender=Gender.FEMALE),
        "retired_officials": Q(person__is_retired_official=True),
        "incomplete": Q(person__id_number="")
        | Q(person__employer="")
        | Q(person__political_status=""),
    }
    aggregates = {}
    for prefix, body in BODIES.items():
        for trait, q in traits.items():
            aggregates[f"{prefix}__{trait}"] = Count(
                "person", distinct=True, filter=body_q(body) & q
            )
    aggregates["supervisors__size"] = Count(
        "person", distinct=True, filter=body_q(Body.SUPERVISORS)
    )
    leaders = Q(office__in=list(LEADER_OFFICES))
    aggregates["leaders__size"] = Count("person", distinct=True, filter=leaders)
    aggregates["leaders__party_members"] = Count(
        "person", distinct=True, filter=leaders & traits["party_members"]
    )
    rows = (
        Position.objects.filter(society_id__in=ids)
        .filter(current_positions_q(on))
        .values("society_id")
        .annotate(**aggregates)
        .order_by()
    )
    found = {row.pop("society_id"): row for row in rows}
    for society_id in ids:
        row = found.get(society_id, {})
        for name in aggregates:
            facts[society_id][name.replace("__", ".")] = row.get(name, 0)


def _officers(ids, on, facts) -> None:
    for society_id in ids:
        facts[society_id].update({name: [] for name in OFFICER_FACTS.values()})
        facts[society_id]["officers.leaders"] = []
        facts[society_id]["posts.officials"] = []
    rows = (
        Position.objects.filter(society_id__in=ids)
        .filter(current_positions_q(on))
        .filter(
            Q(office__in=list(OFFICER_OFFICES))
            | Q(person__is_retired_official=True)
            | Q(person__is_serving_official=True)
        )
        .values(
            "society_id",
            "office",
            "start_on",
            "selection",
            "is_full_time",
            "is_paid",
            "approval_ref",
            "consecutive_terms",
            "person_id",
            "person__name",
            "person__birth_date",
            "person__is_retired_official",
            "person__is_retired_cadre",
            "person__is_serving_official",
            "person__political_status",
        )
        .order_by("society_id", "office", "person__name", "person_id")
    )
    for row in rows:
        person = _person(row, on)
        society_facts = facts[row["society_id"]]
        if row["office"] in OFFICER_FACTS:
            society_facts[OFFICER_FACTS[row["office"]]].append(person)
        if row["office"] in (Office.PRESIDENT, Office.VICE_PRESIDENT):
            society_facts["officers.leaders"].append(person)
        if person["is_retired_official"] or person["is_serving_official"]:
            society_facts["posts.officials"].append(person)


def _person(row: dict, on: dt.date) -> dict:
    birth = row["person__birth_date"]
    return {
        "person_id": row["person_id"],
        "name": row["person__name"],
        "office": row["office"],
        "office_label": Office(row["office"]).label,
        "start_on": row["start_on"].isoformat(),
        "age_at_start": age_on(birth, row["start_on"]),
        "age_on": age_on(birth, on),
        "consecutive_terms": row["consecutive_terms"],
        "is_full_time": row["is_full_time"],
        "is_paid": row["is_paid"],
        "selection": row["selection"],
        "selection_label": Selection(row["selection"]).label if row["selection"] else "",
        "approval_ref": row["approval_ref"],
        "is_retired_official": row["person__is_retired_official"],
        "is_retired_cadre": row["person__is_retired_cadre"],
        "is_serving_official": row["person__is_serving_official"],
        "is_party_member": row["person__political_status"] in PARTY_STATUSES,
    }
