"""Facts from the roster (xuehui.governance): terms, the council and standing council as the
counting rule defines them (composition.body_q), officers and officials holding posts."""

import datetime as dt
import functools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast

from xuehui.governance.choices import PARTY_STATUSES, Office, Selection
from xuehui.governance.composition import FACT_TRAITS, TRAITS, Body, counts_in
from xuehui.governance.models import Person, Position, Term
from xuehui.lib.dates import add_years, age_on
from xuehui.lib.queries import IdList, plain_rows
from xuehui.societies.choices import DisciplineCategory
from xuehui.societies.models import Society

from .base import Facts, PackedCounts

# 001 四（七）20 "涉农、涉医学会": read from the society's discipline category.
AGRICULTURE_OR_MEDICINE = (DisciplineCategory.AGRICULTURE, DisciplineCategory.MEDICINE)

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
    """Posts current on `on`: the term runs that day and start ≤ on < end (Position.is_current_on).

    Only the term running on the date supplies current posts: a term is over once a later term
    of the society has begun, even when its end date was never recorded (an earlier term's
    roster imported after the current one)."""
    p = prefix
    later_term = Term.objects.filter(
        society_id=OuterRef(f"{p}term__society_id"),
        start_on__gt=OuterRef(f"{p}term__start_on"),
        start_on__lte=on,
    )
    term_runs = (
        Q(**{f"{p}term__start_on__lte": on})
        & (Q(**{f"{p}term__ended_on__isnull": True}) | Q(**{f"{p}term__ended_on__gt": on}))
        & ~Exists(later_term)
    )
    post_runs = Q(**{f"{p}start_on__lte": on}) & (
        Q(**{f"{p}end_on__isnull": True}) | Q(**{f"{p}end_on__gt": on})
    )
    return term_runs & post_runs


def running_posts_q(running: Iterable[int], on: dt.date) -> Q:
    """current_positions_q for posts of the given running terms (read with the terms): the
    same posts, without a subquery per post looking for a later term."""
    return (
        Q(term_id__in=IdList(running))
        & Q(start_on__lte=on)
        & (Q(end_on__isnull=True) | Q(end_on__gt=on))
    )


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    elected, running = _terms(ids, on, facts)
    current = running_posts_q(running, on)
    _society(ids, current, facts)
    _all_bodies(ids, on, running, elected, facts, young_age)
    _officers(ids, on, running, facts)


def _society(ids, current: Q, facts) -> None:
    societies = Society.objects.filter(pk__in=IdList(ids))
    for pk, host, category in societies.values_list("pk", "host_institution", "category"):
        facts[pk]["society.unhosted"] = not host.strip()
        facts[pk]["society.legal_representative_office"] = None
        if category:
            facts[pk]["society.agriculture_or_medicine"] = category in AGRICULTURE_OR_MEDICINE
        else:
            facts[pk].lack(["society.agriculture_or_medicine"], "学会未登记学科类别")
    # Only people named as some society's legal representative can be one (read through the
    # name's index first): comparing every current post's holder with its society's
    # representative read each post's person and society, 50 ms of SQLite for 2,000 societies.
    named = Person.objects.filter(name__in=societies.values("legal_representative")).values("pk")
    rows = (
        Position.objects.filter(society_id__in=IdList(ids))
        .filter(current, person_id__in=named, person__name=F("society__legal_representative"))
        .values_list("society_id", "office", "selection")
        .order_by("society_id", "office")
    )
    for society_id, office, selection in rows:
        if (
            counts_in(Body.COUNCIL, office, selection)
            and not facts[society_id]["society.legal_representative_office"]
        ):
            facts[society_id]["society.legal_representative_office"] = Office(office).label


def _terms(ids, on, facts) -> tuple[dict[int, Mapping[str, Any]], dict[int, int]]:
    """Term facts; returns the re-election terms (the latest begun, when it is one) by society,
    and the terms running on the date (those current_positions_q lets through), each id with
    its society's."""
    terms = defaultdict(list)
    elected: dict[int, Mapping[str, Any]] = {}
    running: dict[int, int] = {}
    rows = Term.objects.filter(society_id__in=IdList(ids)).order_by("society_id", "start_on")
    for row in rows.values("id", "society_id", "number", "start_on", "planned_end_on", "ended_on"):
        terms[row["society_id"]].append(row)
    for society_id in ids:
        started = [t for t in terms[society_id] if t["start_on"] <= on]
        # Only the latest begun term can be running: a later term's start ends the one before.
        latest = started[-1] if started else None
        running.update(
            (t["id"], society_id)
            for t in started
            if t["start_on"] == started[-1]["start_on"]
            and (t["ended_on"] is None or on < t["ended_on"])
        )
        runs = latest is not None and (latest["ended_on"] is None or on < latest["ended_on"])
        current = latest if runs else None
        late = 0
        if current and current["ended_on"] is None and on >= current["planned_end_on"]:
            late = (on - current["planned_end_on"]).days + 1
        facts[society_id].update(
            {
                "term.current": _term_dict(current),
                "term.overdue_days": late,
                "term.count": len(started),
                "term.latest_reelection_on": _reelection_on(started),
            }
        )
        if facts[society_id]["term.latest_reelection_on"] is not None:
            elected[society_id] = started[-1]
    return elected, running


def _reelection_on(started: Sequence[Mapping[str, Any]]) -> dt.date | None:
    """The latest started term is a re-election on its start date when it is numbered above 1
    (the earlier terms need not be recorded) or when an earlier term is recorded."""
    if not started:
        return None
    latest = started[-1]
    if latest["number"] > 1 or len(started) > 1:
        return latest["start_on"]
    return None


def _term_dict(term: Mapping[str, Any] | None) -> dict | None:
    if term is None:
        return None
    return {
        "number": term["number"],
        "start_on": term["start_on"].isoformat(),
        "planned_end_on": term["planned_end_on"].isoformat(),
    }


def _no_bodies() -> dict:
    return dict.fromkeys(_BODY_FACTS, 0)


# Where each post puts its holder (governance.composition), and who the leaders are.
_PLACES = {
    **BODIES,
    "supervisors": Body.SUPERVISORS,
    "leaders": "leaders",
}
# Fact name → (place, trait): the people in the place with the trait ("size": everyone).
_BODY_FACTS = {
    **{f"{prefix}.{trait}": (prefix, trait) for prefix in BODIES for trait in FACT_TRAITS},
    "supervisors.size": ("supervisors", "size"),
    "leaders.size": ("leaders", "size"),
    "leaders.party_members": ("leaders", "party_members"),
}


def _all_bodies(
    ids, on, running: dict[int, int], elected: dict[int, Mapping[str, Any]], facts, young_age: int
) -> None:
    """The bodies on the date, and as elected on each re-election date (Tianjin 二
    以检查换届材料为准: kept in `reelection.facts`, ages 周岁 on that date), from one read of the
    posts of the running and re-election terms: a row a post with whether it is held on the
    date and on its term's start, the bodies it puts its holder in and the holder's traits
    as the counting rule writes them (composition.body_q and TRAITS, in SQL, as one integer),
    and the sums made here, each person counted once per body.
    The same figures as a two-level SQL aggregate with a CASE per body and trait per post (the
    tests' reference, rules/tests/test_body_counts.py), which SQLite took longer over."""
    now, then = _post_rows(on, running, elected, young_age)
    for society_id in ids:
        facts[society_id].update(now.get(society_id) or _no_bodies())
    for society_id, term in elected.items():
        facts[society_id]["reelection.facts"] = then.get(society_id) or _no_bodies()
        facts[society_id]["reelection.sources"] = [
            f"{term['start_on']:%Y-%m-%d}换届选举产生的第{term['number']}届名册"
        ]


# The traits read per post (the person's, so the same on every post they hold); young apart.
_ROW_TRAITS = tuple(t for t in FACT_TRAITS if t not in ("size", "young"))
# A post's row carries its flags as the bits of one integer: held on the date, held on its
# term's start, young on the date, young on that start, then each trait (_TRAIT_SHIFT on).
_HELD_NOW, _HELD_THEN, _YOUNG_NOW, _YOUNG_THEN = 1, 2, 4, 8
_TRAIT_SHIFT = 4
# Then the places the post puts its holder in (_PLACE_BITS), from composition.body_q.
_PLACE_SHIFT = _TRAIT_SHIFT + len(_ROW_TRAITS)


def _post_rows(
    on: dt.date, running: dict[int, int], elected: dict[int, Mapping[str, Any]], young_age: int
) -> tuple[dict[int, dict], dict[int, dict]]:
    elected_terms = {term["id"]: society_id for society_id, term in elected.items()}
    society_of = running | elected_terms
    if not society_of:
        return {}, {}
    # A row a post: its holder, and its term and flags as one integer (_ALIKE_BITS).
    alike = ExpressionWrapper(
        Cast("term_id", BigIntegerField()) * Value(1 << _ALIKE_BITS)
        + _post_flags(on, elected, young_age),
        output_field=BigIntegerField(),
    )
    query = (
        Position.objects.filter(term_id__in=IdList(sorted(society_of)))
        .annotate(alike=alike)
        .values_list("person_id", "alike")
    )
    rows = plain_rows(query.order_by())
    now: dict[int, int] = {}  # society → its body counts, packed (_packed)
    then: dict[int, int] = {}
    adds: dict[int, tuple[int, int]] = {}  # flags → what one holder adds (now, then), packed
    # Most people hold one post: their posts are counted by term and flags in C, and each
    # distinct one added to its society's counts at once (for 2,000 societies about a third
    # of the 126,000 posts' rows); the holders of several posts gather their kinds one by one.
    posts_of = Counter(map(_PERSON, rows))
    several = {person for person, posts in posts_of.items() if posts > 1}
    single = [row for row in rows if row[0] not in several] if several else rows
    for key, people in Counter(map(_ALIKE, single)).items():
        term_id, flag = key >> _ALIKE_BITS, key & _FLAGS_MASK
        add = adds.get(flag)
        if add is None:
            kind_now, kind_then = _kinds(flag)
            add = adds[flag] = (_packed(kind_now), _packed(kind_then))
        society_id = society_of[term_id]
        if add[0] and term_id in running:
            now[society_id] = now.get(society_id, 0) + people * add[0]
        if add[1] and term_id in elected_terms:
            then[society_id] = then.get(society_id, 0) + people * add[1]
    held_now: dict[tuple, int] = {}  # (society, person) → the places they sit in, young, traits
    held_then: dict[tuple, int] = {}
    for person_id, key in rows if several else ():
        if person_id not in several:
            continue
        term_id = key >> _ALIKE_BITS
        kind_now, kind_then = _kinds(key & _FLAGS_MASK)
        who = (society_of[term_id], person_id)
        if kind_now and term_id in running:
            held_now[who] = held_now.get(who, 0) | kind_now
        if kind_then and term_id in elected_terms:
            held_then[who] = held_then.get(who, 0) | kind_then
    for held, counts in ((held_now, now), (held_then, then)):
        for (society_id, _), person_kind in held.items():
            counts[society_id] = counts.get(society_id, 0) + _packed(person_kind)
    return _unpacked(now), _unpacked(then)


_PERSON = operator.itemgetter(0)
_ALIKE = operator.itemgetter(1)  # term and flags: posts counted alike


def _post_flags(on: dt.date, elected: dict[int, Mapping[str, Any]], young_age: int):
    """A post's flags, as one integer in SQL (the bits named above)."""
    days = sorted({term["start_on"] for term in elected.values()})
    elected_cutoff = Case(
        *[When(term__start_on=day, then=Value(add_years(day, -(young_age + 1)))) for day in days],
        output_field=DateField(),
    )
    held_then = Q(start_on__lte=F("term__start_on")) & (
        Q(end_on__isnull=True) | Q(end_on__gt=F("term__start_on"))
    )
    bits = [
        (Q(start_on__lte=on) & (Q(end_on__isnull=True) | Q(end_on__gt=on)), _HELD_NOW),
        (held_then, _HELD_THEN),
        (TRAITS["young"].q(add_years(on, -(young_age + 1))), _YOUNG_NOW),
        *([(TRAITS["young"].q(elected_cutoff), _YOUNG_THEN)] if days else []),
        *[(TRAITS[t].q(None), 1 << (_TRAIT_SHIFT + i)) for i, t in enumerate(_ROW_TRAITS)],
    ]
    flags = reduce(
        operator.add,
        [Case(When(q, then=Value(bit)), default=Value(0)) for q, bit in bits],
        _place_flags(),
    )
    return ExpressionWrapper(flags, output_field=IntegerField())


_PLACE_BITS = {place: 1 << i for i, place in enumerate(_PLACES)}
# A post's term and flags read as one integer: the term's id above the flags' bits.
_ALIKE_BITS = _PLACE_SHIFT + len(_PLACES)
_FLAGS_MASK = (1 << _ALIKE_BITS) - 1
_NO_SELECTION = object()  # equal to no selection a post can have


def _in_place(place: str, office: str, selection: object) -> bool:
    """Whether a post with this office and selection puts its holder there (composition's
    counting rule, as body_q writes it in SQL)."""
    if place == "leaders":
        return office in LEADER_OFFICES
    return counts_in(_PLACES[place], office, selection)  # type: ignore[arg-type]


def _place_bits(office: str, selection: object) -> int:
    bits = sum(bit for place, bit in _PLACE_BITS.items() if _in_place(place, office, selection))
    return bits << _PLACE_SHIFT


def _place_flags() -> Case:
    """The places a post puts its holder in, as one CASE on its office (and, where it matters,
    its selection): the same bits as a CASE on each place's body_q, which made SQLite test
    four lists of offices on every post."""
    whens = []
    for office in Office.values:
        other = _place_bits(office, _NO_SELECTION)
        for selection in Selection.values:
            if _place_bits(office, selection) != other:
                whens.append(
                    When(office=office, selection=selection, then=_place_bits(office, selection))
                )
        if other:
            whens.append(When(office=office, then=other))
    return Case(*whens, default=Value(0))


# A person's kind: the places they sit in (_PLACE_BITS), young, then their traits.
_YOUNG_KIND = 1 << len(_PLACES)
_TRAITS_KIND = len(_PLACES) + 1


def _kinds(flags: int) -> tuple[int, int]:
    """What one post adds to its holder's kind on the date and as elected (0: nothing, when
    it is not held then or puts them in no place). A person's kind is the OR of their posts':
    the places gather, young is theirs on either post (MAX over posts in the aggregate) and
    the traits are the person's."""
    places = flags >> _PLACE_SHIFT
    if not places:
        return 0, 0
    traits = (flags >> _TRAIT_SHIFT & (1 << len(_ROW_TRAITS)) - 1) << _TRAITS_KIND
    now = places | traits | (_YOUNG_KIND if flags & _YOUNG_NOW else 0)
    then = places | traits | (_YOUNG_KIND if flags & _YOUNG_THEN else 0)
    return (now if flags & _HELD_NOW else 0), (then if flags & _HELD_THEN else 0)


# A society's body counts are added up as one integer (PackedCounts, in _BODY_FACTS order):
# what one person of a kind adds is 1 in each field of the facts the kind counts in, `people`
# of them add `people` times that, and the counts are read back once per society.
_COUNTS = PackedCounts(len(_BODY_FACTS))


@functools.cache
def _packed(kind: int) -> int:
    """What one person of `kind` adds to their society's packed counts (0 for no kind)."""
    if not kind:
        return 0
    names = set(_facts_of(kind))
    return _COUNTS.unit(i for i, name in enumerate(_BODY_FACTS) if name in names)


def _unpacked(packed: dict[int, int]) -> dict[int, dict]:
    """The body facts by society, from their packed counts."""
    unpack = _COUNTS.unpack
    return {
        society_id: dict(zip(_BODY_FACTS, unpack(counts), strict=True))
        for society_id, counts in packed.items()
    }


def _facts_of(kind: int) -> list[str]:
    has = {t: bool(kind >> (_TRAITS_KIND + i) & 1) for i, t in enumerate(_ROW_TRAITS)}
    has |= {"size": True, "young": bool(kind & _YOUNG_KIND)}
    return [
        name
        for name, (place, trait) in _BODY_FACTS.items()
        if kind & _PLACE_BITS[place] and has[trait]
    ]


def _officers(ids, on, running: dict[int, int], facts) -> None:
    """The officers and officials holding a current post, and the 连任届数 of each from the
    posts of every term: one read of the holders' posts in every term serves both (the
    current ones are picked here as running_posts_q picks them, in the same order)."""
    for society_id in ids:
        facts[society_id].update({name: [] for name in OFFICER_FACTS.values()})
        facts[society_id]["officers.leaders"] = []
        facts[society_id]["posts.officials"] = []
    holders = (
        Q(office__in=list(OFFICER_OFFICES))
        | Q(person__is_retired_official=True)
        | Q(person__is_serving_official=True)
    )
    query = (
        Position.objects.filter(society_id__in=IdList(ids))
        .filter(holders)
        .values_list(*_OFFICER_COLUMNS, "term_id", "end_on")
        .order_by("society_id", "office", "person__name", "person_id")
    )
    rows = plain_rows(query)  # the cursor's own types (dates, booleans), no converters
    history = _post_history(ids, rows)
    width = len(_OFFICER_COLUMNS)
    for values in rows:
        term_id, end_on = values[width:]
        if term_id not in running or values[_START] > on or not (end_on is None or end_on > on):
            continue
        row = dict(zip(_OFFICER_COLUMNS, values[:width], strict=True))
        row["consecutive_terms"] = _consecutive_terms(row, history[row["society_id"]])
        person = person_fact(row, on)
        society_facts = facts[row["society_id"]]
        office = row["office"]
        if office in OFFICER_FACTS:
            society_facts[OFFICER_FACTS[office]].append(person)
        if office in _LEADING_OFFICES:
            society_facts["officers.leaders"].append(person)
        if person["is_retired_official"] or person["is_serving_official"]:
            society_facts["posts.officials"].append(person)


# What a person fact is made from, a row a post (person_fact).
_OFFICER_COLUMNS = (
    "society_id",
    "term__number",
    "person__identity_id",
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
    "person__is_public_servant",
    "person__political_status",
)
_START = _OFFICER_COLUMNS.index("start_on")
_HISTORY_WIDTH = _OFFICER_COLUMNS.index("person_id") + 1  # up to consecutive_terms, person_id
_LEADING_OFFICES = (Office.PRESIDENT.value, Office.VICE_PRESIDENT.value)


class _History:
    """One society's recorded terms and who held which office in each (by term number)."""

    def __init__(self):
        self.numbers: set[int] = set()
        self.held: dict[tuple, dict[int, int]] = defaultdict(dict)  # (who, office) → number → typed


def _holder(person_id: int, identity_id: int | None) -> tuple:
    """The same person: the same identity (ID number) or, without one, the same record."""
    return ("identity", identity_id) if identity_id else ("person", person_id)


def _post_history(ids: list[int], rows: Sequence[tuple]) -> dict[int, _History]:
    """The societies' recorded terms, and from the holders' posts (rows of _OFFICER_COLUMNS)
    who held which office in each."""
    history: defaultdict[int, _History] = defaultdict(_History)
    numbers = Term.objects.filter(society_id__in=IdList(ids)).values_list("society_id", "number")
    for society_id, number in numbers:
        history[society_id].numbers.add(number)
    for society_id, number, identity_id, office, *_, typed, person_id in (
        row[:_HISTORY_WIDTH] for row in rows
    ):
        held = history[society_id].held[(_holder(person_id, identity_id), office)]
        held[number] = max(typed, held.get(number, 0))
    return history


def _consecutive_terms(row: Mapping[str, Any], history: _History) -> int:
    """连任届数 counted from the roster history: the same person in the same office in consecutive
    recorded terms up to the current one. The typed 连任届数 speaks only for the terms before the
    first recorded one: it counts when the run reaches back to a term whose predecessor is not
    recorded, and then the larger of the two counts is taken."""
    who = _holder(row["person_id"], row["person__identity_id"])
    held = history.held.get((who, row["office"]), {})
    current = row["term__number"]
    first = current
    while first - 1 in held:
        first -= 1
    run = current - first + 1
    if first - 1 in history.numbers:
        return run  # the roster shows who held the office in the term before
    typed_first = held.get(first, 1)
    return max(run + typed_first - 1, row["consecutive_terms"])


# Office(value).label and Selection(value).label, looked up once (a person fact a post).
_OFFICE_LABELS = dict(Office.choices)
_SELECTION_LABELS = dict(Selection.choices)


def person_fact(row: Mapping[str, Any], on: dt.date) -> dict:
    birth = row["person__birth_date"]
    return {
        "person_id": row["person_id"],
        "name": row["person__name"],
        "office": row["office"],
        "office_label": _OFFICE_LABELS[row["office"]],
        "start_on": row["start_on"].isoformat(),
        "age_at_start": age_on(birth, row["start_on"]),
        "age_on": age_on(birth, on),
        "consecutive_terms": row["consecutive_terms"],
        "is_full_time": row["is_full_time"],
        "is_paid": row["is_paid"],
        "selection": row["selection"],
        "selection_label": _SELECTION_LABELS[row["selection"]] if row["selection"] else "",
        "approval_ref": row["approval_ref"],
        "is_retired_official": row["person__is_retired_official"],
        "is_retired_cadre": row["person__is_retired_cadre"],
        "is_serving_official": row["person__is_serving_official"],
        "is_public_servant": row.get("person__is_public_servant"),
        "is_party_member": row["person__political_status"] in PARTY_STATUSES,
    }
