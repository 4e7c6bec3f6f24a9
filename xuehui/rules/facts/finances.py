"""Facts from yearly finances (xuehui.finances): the year judged when it is a complete year
before the date (a campaign's 考核年度), else the year before the date (the last full year)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from xuehui.lib.queries import IdList

from .base import Facts

NAMES = ("finance.income_total", "finance.income_sources", "finance.audited")


def provide(
    ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int, year: int | None = None
) -> None:
    from xuehui.finances.choices import IncomeSource
    from xuehui.finances.models import FinanceYear

    year = year if year is not None and year < on.year else on.year - 1
    found: dict[int, Mapping[str, Any]] = {
        row["society_id"]: row
        for row in FinanceYear.objects.filter(society_id__in=IdList(ids), year=year).values()
    }
    for society_id in ids:
        row = found.get(society_id)
        if row is None:
            facts[society_id].lack(NAMES, f"尚无{year}年度财务记录")
            continue
        amounts = {source.label: row[source.value] or 0 for source in IncomeSource}
        facts[society_id].update(
            {
                "finance.income_total": float(sum(amounts.values())),
                "finance.income_sources": [
                    f"{label}{amount:,.0f}元" for label, amount in amounts.items() if amount > 0
                ],
                "finance.audited": bool(row["is_audited"]),
            }
        )
