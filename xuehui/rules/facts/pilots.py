"""Facts from pilot programmes (xuehui.pilots): which programmes a society belongs to on the date."""

import datetime as dt

from django.db.models import Q

from xuehui.lib.queries import IdList

from .base import Facts


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.pilots.models import PilotMembership

    for society_id in ids:
        facts[society_id]["pilots.programmes"] = []
    rows = (
        PilotMembership.objects.filter(society_id__in=IdList(ids), since__lte=on)
        .filter(Q(until__isnull=True) | Q(until__gt=on))
        .values_list("society_id", "programme__key")
        .order_by("society_id", "programme__key")
    )
    for society_id, key in rows:
        facts[society_id]["pilots.programmes"].append(key)
