"""Reads of rule documents: a society's list, and which kinds are in force on a date."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import RuleKind
from .models import RuleDocument


def in_force_q(on: dt.date) -> Q:
    """Adopted on or before the day and not yet repealed on it."""
    return Q(adopted_on__lte=on) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=on))


def rule_documents_of(
    society, *, on: dt.date, kind: str = "", state: str = ""
) -> QuerySet[RuleDocument]:
    """A society's documents with their files; `state` is "in_force" or "repealed" on `on`."""
    documents = RuleDocument.objects.filter(society=society).select_related("file")
    if kind:
        documents = documents.filter(kind=kind)
    if state == "in_force":
        documents = documents.filter(in_force_q(on))
    elif state == "repealed":
        documents = documents.filter(repealed_on__lte=on)
    return documents.order_by("kind", "-adopted_on", "id")


def kinds_in_force_by_society(society_ids: Iterable[int], on: dt.date) -> dict[int, set[str]]:
    """For many societies in one query: the kinds of rule document each has in force on `on`."""
    found: dict[int, set[str]] = defaultdict(set)
    rows = (
        RuleDocument.objects.filter(in_force_q(on), society_id__in=list(society_ids))
        .values_list("society_id", "kind")
        .distinct()
    )
    for society_id, kind in rows:
        found[society_id].add(kind)
    return dict(found)


def kinds_in_force(society, on: dt.date) -> set[str]:
    """The kinds of rule document a society has in force on `on`."""
    return kinds_in_force_by_society([society.pk], on).get(society.pk, set())


@dataclass(frozen=True)
class KindCoverage:
    kind: RuleKind
    in_force: bool


def coverage(society, on: dt.date) -> list[KindCoverage]:
    """Every named kind (not 其他) and whether the society has one in force on `on`."""
    present = kinds_in_force(society, on)
    return [KindCoverage(kind, kind in present) for kind in RuleKind if kind != RuleKind.OTHER]
