"""Facts from branches (xuehui.branches): how many, which are unfiled, dormant, or without a
head's report (述职) for the year judged or the year before."""

import datetime as dt
from collections import defaultdict

from xuehui.lib.queries import IdList

from .base import Facts


def provide(
    ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int, year: int | None = None
) -> None:
    year = on.year if year is None else year
    from xuehui.branches.choices import BranchStatus
    from xuehui.branches.models import Branch, BranchReport

    reported = set(
        BranchReport.objects.filter(
            branch__society_id__in=IdList(ids), year__in=[year - 1, year], reported_on__lte=on
        )
        .values_list("branch_id", flat=True)
        .order_by()
    )
    branches = defaultdict(list)
    rows = (
        Branch.objects.filter(society_id__in=IdList(ids))
        .exclude(status=BranchStatus.REVOKED)
        .order_by("society_id", "name")
    )
    for row in rows.values("id", "society_id", "name", "filed_on", "status"):
        branches[row["society_id"]].append(row)
    for society_id in ids:
        mine = branches[society_id]
        facts[society_id].update(
            {
                "branches.count": len(mine),
                "branches.unfiled": [
                    b["name"] for b in mine if b["filed_on"] is None or b["filed_on"] > on
                ],
                "branches.inactive": [
                    b["name"] for b in mine if b["status"] == BranchStatus.DORMANT
                ],
                "branches.without_report": [b["name"] for b in mine if b["id"] not in reported],
            }
        )
