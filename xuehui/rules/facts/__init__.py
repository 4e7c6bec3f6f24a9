"""Facts about many societies on one date, computed with a fixed number of aggregate queries.

`gather(ids, on)` runs every provider once for all the given societies: the number of SQL
queries depends on the number of providers, never on the number of societies. Each provider
reads one topic's records (the roster, members, secretariat…) through those apps' models.
"""

import datetime as dt
from collections.abc import Iterable

from . import (
    activities,
    adoption,
    branches,
    choices,
    credit,
    finances,
    meetings,
    members,
    party,
    pilots,
    regulations,
    roster,
    secretariat,
)
from .base import FACT_LABELS, Facts, MissingFact

# The roster first: the others read its term facts (the current term's start, the figures
# at the re-election).
PROVIDERS = (
    roster.provide,
    pilots.provide,
    adoption.provide,
    choices.provide,
    members.provide,
    secretariat.provide,
    party.provide,
    branches.provide,
    regulations.provide,
    meetings.provide,
    activities.provide,
    finances.provide,
    credit.provide,
)

__all__ = ["FACT_LABELS", "Facts", "MissingFact", "gather"]


# Providers whose counts depend on the year judged (the others read the state on the date).
BY_YEAR = (
    meetings.provide,
    activities.provide,
    branches.provide,
    finances.provide,
    credit.provide,
)


def gather(
    society_ids: Iterable[int], on: dt.date, *, young_age: int = 45, year: int | None = None
) -> dict[int, Facts]:
    """The facts of every society in `society_ids` on `on` (ages 周岁 on that day). Yearly
    counts cover `year` (default: the date's year, 1 January up to the date; an earlier year
    whole); counts over the current term run from its start up to the date."""
    ids = sorted(set(society_ids))
    facts = {society_id: Facts() for society_id in ids}
    if ids:
        for provide in PROVIDERS:
            extra = {"year": year} if provide in BY_YEAR else {}
            provide(ids, on, facts, young_age=young_age, **extra)
    return facts
