"""`__in` look-ups for any number of values.

A file of up to XUEHUI_SHEET_MAX_ROWS rows must not become one query with more parameters
than the database accepts (SQLite: 32,766 or 250,000 depending on the build, and a name and a
code list ORed together count twice; PostgreSQL: 65,535). The look-ups go in batches.
"""

from collections.abc import Iterable

IN_BATCH = 5000


def filter_in(queryset, lookup: str, values: Iterable) -> list:
    """The rows of `queryset` whose `lookup` (e.g. "uscc__in") matches one of `values`."""
    values = list(dict.fromkeys(values))
    found = []
    for start in range(0, len(values), IN_BATCH):
        found.extend(queryset.filter(**{lookup: values[start : start + IN_BATCH]}))
    return found


def filter_any_in(queryset, lookups: dict[str, Iterable]) -> list:
    """The rows matching any of several `__in` look-ups (an OR), each row once."""
    rows: dict = {}
    for lookup, values in lookups.items():
        for row in filter_in(queryset, lookup, values):
            rows.setdefault(row.pk, row)
    return list(rows.values())
