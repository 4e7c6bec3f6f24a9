"""Facts from the 信用档案 (xuehui.credit) over the year judged: commendations received, sanctions
and 约谈 received, and whether the society was on the 活动异常名录 at any time in the year. One
query: each count is a subquery of the society's row."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from xuehui.lib.queries import IdList

from .base import Facts
from .periods import year_window

HEAVY = ("penalty", "warning", "criticism", "rectification")
HIGH_LEVELS = ("national", "provincial")


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.filter(society_id=OuterRef("pk")).order_by().values("society_id")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
    )


def provide(
    ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int, year: int | None = None
) -> None:
    from xuehui.credit.models import Commendation, Listing, Sanction
    from xuehui.societies.models import Society

    start, end = year_window(on, year)
    awarded = Commendation.objects.filter(awarded_on__range=(start, end))
    issued = Sanction.objects.filter(issued_on__range=(start, end))
    listed = (
        Listing.objects.filter(society_id=OuterRef("pk"), listed_on__lte=end)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=start))
        .order_by("listed_on", "id")
    )
    rows = Society.objects.filter(pk__in=IdList(ids)).values_list(
        "pk",
        _count(awarded),
        _count(awarded.filter(level__in=HIGH_LEVELS)),
        _count(issued.filter(kind__in=HEAVY)),
        _count(issued.filter(kind="penalty")),
        _count(issued.filter(kind="talk")),
        Subquery(listed.values("listed_on")[:1]),
        Subquery(listed.values("cause")[:1]),
    )
    causes = dict(Listing._meta.get_field("cause").choices or [])
    for pk, commended, high, sanctions, penalties, talks, listed_on, cause in rows:
        facts[pk].update(
            {
                "credit.commendations": commended,
                "credit.commendations_provincial": high,
                "credit.sanctions": sanctions,
                "credit.penalties": penalties,
                "credit.talks": talks,
                "credit.listed": (
                    f"{listed_on:%Y-%m-%d}列入活动异常名录（{causes.get(cause, cause)}）"
                    if listed_on
                    else False
                ),
            }
        )
