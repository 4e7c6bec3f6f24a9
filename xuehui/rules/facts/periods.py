"""The periods facts are counted over: the year judged and the current term."""

import datetime as dt

from xuehui.lib.queries import IdList

# Facts counted over the current term carry this suffix (activities.party_building_in_term).
IN_TERM = "_in_term"


def year_window(on: dt.date, year: int | None = None) -> tuple[dt.date, dt.date]:
    """The year judged: from 1 January of `year` (default: the date's year) up to the date, or to
    31 December when the year ended before the date (a campaign judging the year before)."""
    year = on.year if year is None else year
    if year > on.year:
        raise ValueError(f"考核年度{year}晚于数据截止日期{on:%Y-%m-%d}")
    return dt.date(year, 1, 1), min(on, dt.date(year, 12, 31))


def current_term_starts(ids: list[int], on: dt.date) -> dict[int, dt.date]:
    """Start of the term running on `on` (the latest begun and not ended), by society."""
    from xuehui.governance.models import Term

    starts: dict[int, dt.date] = {}
    rows = Term.objects.filter(society_id__in=IdList(ids), start_on__lte=on).order_by(
        "society_id", "start_on"
    )
    for society_id, start_on, ended_on in rows.values_list("society_id", "start_on", "ended_on"):
        starts.pop(society_id, None)
        if ended_on is None or on < ended_on:
            starts[society_id] = start_on
    return starts
