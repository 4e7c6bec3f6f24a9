"""Facts from rule documents (xuehui.regulations): the documents in force on the date, by kind."""

import datetime as dt

from django.db.models import Q

from xuehui.lib.queries import IdList, plain_rows

from .base import Facts


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.regulations.choices import RuleKind
    from xuehui.regulations.models import RuleDocument

    for society_id in ids:
        facts[society_id]["regulations.documents"] = {}
    rows = (
        RuleDocument.objects.filter(society_id__in=IdList(ids), adopted_on__lte=on)
        .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=on))
        .order_by("society_id", "kind", "-adopted_on", "id")
        .values_list("society_id", "kind", "name", "adopted_on")
    )
    # Plain rows: the cursor's own ids, texts and dates, without a converter call a value.
    for society_id, kind, name, adopted_on in plain_rows(rows):
        facts[society_id]["regulations.documents"].setdefault(kind, []).append(
            {"name": name, "adopted_on": adopted_on}
        )
    labels = dict(RuleKind.choices)  # looked up once, not an enum call a document
    for society_id in ids:
        kinds = facts[society_id]["regulations.documents"]
        facts[society_id]["regulations.kinds"] = [labels[kind] for kind in kinds]
