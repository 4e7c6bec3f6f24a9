"""Facts from the party organisation (xuehui.party): the organisation in being on the date."""

import datetime as dt

from django.db.models import Q

from .base import Facts


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.party.models import PartyOrganisation

    for society_id in ids:
        facts[society_id]["party.organisation"] = False
    rows = (
        PartyOrganisation.objects.filter(society_id__in=ids, established_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .order_by("society_id", "established_on", "id")
    )
    for row in rows:
        facts[row.society_id]["party.organisation"] = (
            f"{row.get_form_display()}（{row.established_on:%Y-%m-%d}成立）"
        )
