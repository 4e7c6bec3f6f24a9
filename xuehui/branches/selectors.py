"""Reads of branches and their heads' yearly reports."""

from collections.abc import Iterable

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from .choices import BranchStatus
from .models import Branch, BranchReport


def branch_list(society, *, kind: str = "", status: str = "") -> QuerySet[Branch]:
    """A society's branches with their reports (newest first) and the latest report's year."""
    branches = (
        Branch.objects.filter(society=society)
        .annotate(last_report_year=Max("reports__year"))
        .prefetch_related(Prefetch("reports", queryset=BranchReport.objects.order_by("-year")))
    )
    if kind:
        branches = branches.filter(kind=kind)
    if status:
        branches = branches.filter(status=status)
    return branches.order_by("name", "id")


def branch_summary_for(society_ids: Iterable[int], year: int) -> dict[int, dict]:
    """Per society, in one query: branches not revoked, how many are filed (备案), how many
    whose head reported (述职) for `year`, and how many are dormant."""
    rows = (
        Branch.objects.filter(society_id__in=list(society_ids))
        .exclude(status=BranchStatus.REVOKED)
        .values("society_id")
        .annotate(
            total=Count("pk", distinct=True),
            filed=Count("pk", filter=Q(filed_on__isnull=False), distinct=True),
            reported=Count("pk", filter=Q(reports__year=year), distinct=True),
            dormant=Count("pk", filter=Q(status=BranchStatus.DORMANT), distinct=True),
        )
    )
    return {
        row["society_id"]: {key: value for key, value in row.items() if key != "society_id"}
        for row in rows
    }
