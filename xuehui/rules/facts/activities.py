"""Facts from activities (xuehui.activities), counted by what the documents ask for: over the
year judged (1 January up to the date, or the whole of an earlier year) for the 每年
requirements, and over the current term (its start up to the date) for those whose text names
no period; one aggregate query, and one for the joint activities of 学会联合体 that a society
organised with the lead society (counted as its consortium activities too)."""

import datetime as dt
import functools
import operator
from collections import Counter
from collections.abc import Iterator
from functools import reduce

from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When

from xuehui.lib.queries import IdList, plain_rows

from .base import Facts, PackedCounts
from .periods import IN_TERM, current_term_starts, year_window


def counters() -> dict[str, Q]:
    from xuehui.activities.choices import ActivityKind as K
    from xuehui.activities.choices import ActivityRole as R

    hosted = Q(role__in=[R.HOST, R.ORGANIZER])
    paid = Q(revenue__gt=0)
    return {
        "total": Q(),
        "academic_hosted": Q(kind=K.ACADEMIC_EXCHANGE) & hosted,
        "training": Q(kind=K.CONTINUING_EDUCATION),
        "popularization": Q(kind=K.SCIENCE_POPULARIZATION),
        "science_week_popularization": Q(kind=K.SCIENCE_POPULARIZATION, in_science_week=True),
        "four_into": Q(into_villages=True)
        | Q(into_communities=True)
        | Q(into_schools=True)
        | Q(into_enterprises=True),
        "party_building": Q(kind=K.PARTY_BUILDING),
        "talent_recommendation": Q(kind=K.TALENT_RECOMMENDATION),
        "science_award": Q(kind=K.SCIENCE_AWARD),
        "consulting": Q(kind=K.CONSULTING),
        "government_functions": Q(
            kind__in=[K.TRANSFERRED_FUNCTION, K.GROUP_STANDARD, K.SCIENCE_EVALUATION]
        ),
        "technical_service": Q(kind=K.TECHNICAL_SERVICE),
        "paid_technical_service": Q(kind=K.TECHNICAL_SERVICE) & paid,
        "paid_events": Q(kind__in=[K.EXHIBITION, K.CONTINUING_EDUCATION]) & paid,
        "consortium": Q(kind=K.CONSORTIUM),
        "consortium_hosted": Q(kind=K.CONSORTIUM) & hosted,
        "international": Q(kind=K.INTERNATIONAL),
        # 境内外学习和交流 (Tianjin 第12项标准4): international exchanges and domestic academic ones.
        "exchanges": Q(kind__in=[K.INTERNATIONAL, K.ACADEMIC_EXCHANGE]),
    }


# A consortium's joint activity is recorded once, under its lead society; each member that
# organised it with the lead (联合主办, xuehui.consortia) has taken part in and co-hosted it too.
CO_ORGANISED = ("consortium", "consortium_hosted")


def _add_co_organised(ids, since, on, first, last, terms, in_year, in_term) -> None:
    from xuehui.consortia.models import JointActivity

    through = JointActivity.co_organisers.through
    rows = (
        through.objects.filter(
            society_id__in=IdList(ids),
            jointactivity__activity__start_on__gte=since,
            jointactivity__activity__start_on__lte=on,
        )
        .values_list("society_id", "jointactivity__activity__start_on")
        .order_by()
    )
    for sid, day in rows:
        for name in CO_ORGANISED:
            if first <= day <= last:
                in_year[sid][name] += 1
            if sid in terms and day >= terms[sid]:
                in_term[sid][name] += 1


def provide(
    ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int, year: int | None = None
) -> None:
    from xuehui.activities.models import Activity

    first, last = year_window(on, year)
    terms = current_term_starts(facts)
    since = min([first, *terms.values()])
    wanted = counters()
    names = list(wanted)
    # One row per activity with the counters it adds to as the bits of one integer (bit i:
    # counter i's filter), counted here by society and bits: SQLite evaluated the counters
    # as 18 filtered aggregates per society and day in twice the time.
    rows = (
        Activity.objects.filter(society_id__in=IdList(ids), start_on__gte=since, start_on__lte=on)
        .annotate(counted=_counted_bits(wanted))
        .values_list("society_id", "start_on", "counted")
        .order_by()
    )
    of_year: Counter[tuple[int, int]] = Counter()  # (society, bits) → activities
    of_term: Counter[tuple[int, int]] = Counter()
    for sid, day, bits in plain_rows(rows):
        if first <= day <= last:
            of_year[sid, bits] += 1
        if sid in terms and day >= terms[sid]:
            of_term[sid, bits] += 1
    in_year = {sid: dict(zip(names, counts, strict=True)) for sid, counts in _sums(ids, of_year)}
    in_term = {sid: dict(zip(names, counts, strict=True)) for sid, counts in _sums(ids, of_term)}
    _add_co_organised(ids, since, on, first, last, terms, in_year, in_term)
    year_names = [f"activities.{name}" for name in names]
    term_names = [f"activities.{name}{IN_TERM}" for name in names]
    for sid in ids:
        facts[sid].update(zip(year_names, [in_year[sid][name] for name in names], strict=True))
        if sid in terms:
            facts[sid].update(zip(term_names, [in_term[sid][name] for name in names], strict=True))
        else:
            facts[sid].lack(
                [f"activities.{n}{IN_TERM}" for n in wanted],
                "核验日期没有在任届次，无法按本届任期计数",
            )


def _counted_bits(wanted: dict[str, Q]) -> ExpressionWrapper:
    """The counters an activity adds to, as one integer in SQL: bit i for the i-th counter."""
    bits = [
        Case(When(q, then=Value(1 << i)), default=Value(0)) if q else Value(1 << i)
        for i, q in enumerate(wanted.values())
    ]
    return ExpressionWrapper(reduce(operator.add, bits), output_field=IntegerField())


# A society's counts are added up as one integer (PackedCounts, a field per counter) and read
# back once per society.
@functools.cache
def _packed(bits: int, width: int) -> int:
    """What one activity with these counter bits adds to its society's packed counts."""
    return PackedCounts.unit(i for i in range(width) if bits >> i & 1)


def _sums(ids: list[int], counted: Counter[tuple[int, int]]) -> Iterator[tuple[int, tuple]]:
    """Each society's counts (society, its counts in counters() order), from its activities
    counted by society and bits."""
    width = len(counters())
    counts = PackedCounts(width)
    packed = dict.fromkeys(ids, 0)
    for (sid, bits), activities in counted.items():
        packed[sid] += activities * _packed(bits, width)
    for sid, total in packed.items():
        yield sid, counts.unpack(total)
