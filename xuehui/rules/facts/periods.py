"""The periods facts are counted over: the year judged and the current term."""

import datetime as dt
from collections.abc import Mapping

from .base import Facts

# Facts counted over the current term carry this suffix (activities.party_building_in_term).
IN_TERM = "_in_term"


def year_window(on: dt.date, year: int | None = None) -> tuple[dt.date, dt.date]:
    """The year judged: from 1 January of `year` (default: the date's year) up to the date, or to
    31 December when the year ended before the date (a campaign judging the year before)."""
    year = on.year if year is None else year
    if year > on.year:
        raise ValueError(f"考核年度{year}晚于数据截止日期{on:%Y-%m-%d}")
    return dt.date(year, 1, 1), min(on, dt.date(year, 12, 31))


def current_term_starts(facts: Mapping[int, Facts]) -> dict[int, dt.date]:
    """Start of the term running on the date (the latest begun and not ended), by society: the
    roster provider's term.current (it runs first), not the terms read again."""
    return {
        society_id: dt.date.fromisoformat(current["start_on"])
        for society_id, society_facts in facts.items()
        if (current := society_facts["term.current"]) is not None
    }
