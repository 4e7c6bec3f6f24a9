"""Facts from activities (xuehui.activities), counted by what the documents ask for: over the
year judged (1 January up to the date, or the whole of an earlier year) for the 每年
requirements, and over the current term (its start up to the date) for those whose text names
no period; one aggregate query, and one for the joint activities of 学会联合体 that a society
organised with the lead society (counted as its consortium activities too)."""

import datetime as dt

from django.db.models import Count, Q

from xuehui.lib.queries import IdList, plain_rows

from .base import Facts
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
    terms = current_term_starts(ids, on)
    since = min([first, *terms.values()])
    wanted = counters()
    aggregates = {name: Count("pk", filter=q) for name, q in wanted.items()}
    # One row per society and day: summed below into the year's and the term's counts. Read
    # as plain tuples from the cursor: 18 counts a row, no converter or dict per row.
    rows = (
        Activity.objects.filter(society_id__in=IdList(ids), start_on__gte=since, start_on__lte=on)
        .values("society_id", "start_on")
        .annotate(**aggregates)
        .values_list("society_id", "start_on", *wanted)
        .order_by()
    )
    names = list(wanted)
    in_year_rows: dict[int, list[tuple]] = {}
    in_term_rows: dict[int, list[tuple]] = {}
    for row in plain_rows(rows):  # each society's days, summed column by column below
        sid, day = row[0], row[1]
        if first <= day <= last:
            in_year_rows.setdefault(sid, []).append(row)
        if sid in terms and day >= terms[sid]:
            in_term_rows.setdefault(sid, []).append(row)
    in_year = {
        sid: dict(zip(names, _sums(in_year_rows.get(sid), len(names)), strict=True)) for sid in ids
    }
    in_term = {
        sid: dict(zip(names, _sums(in_term_rows.get(sid), len(names)), strict=True)) for sid in ids
    }
    _add_co_organised(ids, since, on, first, last, terms, in_year, in_term)
    year_names = [f"activities.{name}" for name in names]
    term_names = [f"activities.{name}{IN_TERM}" for name in names]
    for sid in ids:
        of_year, of_term = in_year[sid], in_term[sid]
        facts[sid].update(zip(year_names, [of_year[name] for name in names], strict=True))
        if sid in terms:
            facts[sid].update(zip(term_names, [of_term[name] for name in names], strict=True))
        else:
            facts[sid].lack(
                [f"activities.{n}{IN_TERM}" for n in wanted],
                "核验日期没有在任届次，无法按本届任期计数",
            )


def _sums(rows: list[tuple] | None, width: int) -> list[int]:
    """The `width` counts of a society's days (rows of society, day, counts…) added up."""
    if not rows:
        return [0] * width
    return [sum(column) for column in list(zip(*rows, strict=True))[2:]]
