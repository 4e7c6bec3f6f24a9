"""Reads of 经费补贴 shared by the pages, the ledger and the command; each owns its queries
(their number does not grow with the number of societies)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from xuehui.access import (
    sees_all_applications,
    subsidy_applications_visible,
    subsidy_programmes_visible,
)
from xuehui.societies.models import Society

from .allocation import Placement
from .eligibility import CategoryResult
from .models import SubsidyApplication, SubsidyCategory, SubsidyPayment, SubsidyProgramme

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))


def programmes_visible(user) -> QuerySet[SubsidyProgramme]:
    return (
        subsidy_programmes_visible(user)
        .select_related("federation")
        .annotate(category_count=Count("categories", distinct=True))
        .order_by("-year", "federation_id", "key")
    )


def applications_of(user, programme: SubsidyProgramme) -> QuerySet[SubsidyApplication]:
    """The applications of the programme the user sees, in list order (ranked first, then the
    ineligible and the not yet computed, by code), with what has been paid on each."""
    return (
        subsidy_applications_visible(user, programme)
        .select_related("society", "category")
        .prefetch_related(
            Prefetch("payments", queryset=SubsidyPayment.objects.order_by("paid_on", "id"))
        )
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO))
        .order_by(
            "category__position", "category__key", F("rank").asc(nulls_last=True), "society__uscc"
        )
    )


def paid_on(application: SubsidyApplication) -> Decimal:
    """What `applications_of` annotated as paid on the application."""
    return application.paid  # type: ignore[attr-defined]


@dataclass
class CategoryTable:
    category: SubsidyCategory
    rows: list[SubsidyApplication] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return sum((a.allocated_amount for a in self.rows), Decimal(0))

    @property
    def approved(self) -> Decimal:
        return sum((a.approved_amount or Decimal(0) for a in self.rows), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((paid_on(a) for a in self.rows), Decimal(0))


def programme_tables(user, programme: SubsidyProgramme) -> list[CategoryTable]:
    """One table per category (in order) of the applications the user sees."""
    tables = {c.pk: CategoryTable(c) for c in programme.categories.order_by("position", "key")}
    for application in applications_of(user, programme):
        tables[application.category_id].rows.append(application)
    return list(tables.values())


def sees_everything(user, programme: SubsidyProgramme) -> bool:
    return sees_all_applications(user, programme)


def ledger_rows(user, programme: SubsidyProgramme) -> list[SubsidyApplication]:
    """台账: the applications with money allocated, approved or paid, in list order."""
    return [
        a
        for a in applications_of(user, programme)
        if a.allocated_amount or a.approved_amount or paid_on(a)
    ]


def societies_to_nominate(programme: SubsidyProgramme) -> QuerySet[Society]:
    return Society.objects.filter(federation_id=programme.federation_id).order_by("uscc")


def result_json(result: CategoryResult) -> list[dict]:
    """The command's JSON of one category: one object per candidate, in list order."""
    return [_placement_json(result.category, p) for p in result.outcome.placements]


def _placement_json(category: SubsidyCategory, placement: Placement) -> dict:
    candidate = placement.candidate
    return {
        "society": {"code": candidate.code, "name": candidate.name},
        "category": category.key,
        "category_name": category.name,
        "eligible": candidate.eligible,
        "reasons": list(candidate.reasons),
        "priority": list(candidate.priority),
        "score": float(candidate.score) if candidate.score is not None else None,
        "rank": placement.rank,
        "amount": float(placement.amount),
        "note": placement.note,
    }


def society_applications(society) -> list[SubsidyApplication]:
    """A society's applications in every programme, newest year first, with what was paid
    (`paid`), in one query."""
    return list(
        SubsidyApplication.objects.filter(society=society)
        .select_related("category__programme")
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO))
        .order_by("-category__programme__year", "category__programme__key", "category__position")
    )
