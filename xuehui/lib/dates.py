"""Date arithmetic in the documents' terms: full years of age (周岁), years added."""

import datetime as dt


def age_on(birth: dt.date, day: dt.date) -> int:
    """周岁: full years completed on `day` (a birthday on the day itself counts)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
