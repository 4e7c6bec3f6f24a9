"""Facts from activities (xuehui.activities) begun from 1 January of the date's year up to the
date, counted by what the documents ask for, in one aggregate query."""

import datetime as dt

from django.db.models import Count, Q

from .base import Facts


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


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.activities.models import Activity

    wanted = counters()
    aggregates = {name: Count("pk", filter=q) for name, q in wanted.items()}
    rows = (
        Activity.objects.filter(
            society_id__in=ids, start_on__gte=dt.date(on.year, 1, 1), start_on__lte=on
        )
        .values("society_id")
        .annotate(**aggregates)
        .order_by()
    )
    found = {row.pop("society_id"): row for row in rows}
    for society_id in ids:
        row = found.get(society_id, {})
        for name in wanted:
            facts[society_id][f"activities.{name}"] = row.get(name, 0)
