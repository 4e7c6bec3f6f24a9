"""工作日: the working-day calendar of the mainland, as the State Council's notices set it.

A day is a working day when it is a Monday to Friday that is not a public holiday (法定节假日
and the days added to them), or a Saturday or Sunday made a working day (调休上班). The notices
are data below, one year a line; a year not listed counts Monday to Friday only, so add its
notice here when the State Council publishes it (each December for the year after).
"""

import datetime as dt
from collections.abc import Iterable

# Each holiday period as (first day, last day), both included, by year.
_HOLIDAYS: dict[int, tuple[tuple[str, str], ...]] = {
    2023: (
        ("2022-12-31", "2023-01-02"), ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"),
        ("2023-04-29", "2023-05-03"), ("2023-06-22", "2023-06-24"), ("2023-09-29", "2023-10-06"),
    ),
    2024: (
        ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
        ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
        ("2024-10-01", "2024-10-07"),
    ),
    2025: (
        ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
        ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
    ),
    2026: (
        ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ),
}  # fmt: skip
# Weekend days that are working days (调休上班), by year.
_MAKEUP_DAYS: dict[int, tuple[str, ...]] = {
    2023: ("2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07",
           "2023-10-08"),
    2024: ("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
           "2024-09-29", "2024-10-12"),
    2025: ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
    2026: ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
}  # fmt: skip


def _days(first: str, last: str) -> Iterable[dt.date]:
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


HOLIDAYS = frozenset(
    day for periods in _HOLIDAYS.values() for first, last in periods for day in _days(first, last)
)
MAKEUP_DAYS = frozenset(dt.date.fromisoformat(d) for days in _MAKEUP_DAYS.values() for d in days)
KNOWN_YEARS = frozenset(_HOLIDAYS)


def is_working_day(day: dt.date) -> bool:
    if day in MAKEUP_DAYS:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (start itself not counted): a correction due in
    5 working days from a Friday return is due the Friday after, or later across a holiday."""
    if days < 1:
        raise ValueError("工作日天数应为正整数")
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
