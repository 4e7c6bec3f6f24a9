"""Factories for 经费补贴 tests: programmes, categories, applications, and the records that
make a society eligible (a full-time secretary-general under contract) or put it first (a
working party organisation, stars, a published score)."""

import datetime as dt
import itertools
from decimal import Decimal

from xuehui.activities.choices import ActivityKind
from xuehui.activities.tests.factories import make_activity
from xuehui.evaluation.choices import Stage
from xuehui.evaluation.models import Evaluation, EvaluationResult, EvaluationScheme, StarRating
from xuehui.governance.choices import Office
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.secretariat.tests.factories import make_staff
from xuehui.subsidies.choices import CategoryKind, Priority
from xuehui.subsidies.models import SubsidyApplication, SubsidyCategory, SubsidyProgramme
from xuehui.tests import factories as f

_seq = itertools.count(1)
ON = dt.date(2025, 12, 31)


def make_programme(federation, **fields) -> SubsidyProgramme:
    n = next(_seq)
    defaults = {
        "key": f"subsidy-{n}", "name": f"经费补贴{n}", "year": 2025, "budget": Decimal(90000),
        "score_year": 2024, "facts_on": ON,
    }  # fmt: skip
    return SubsidyProgramme.objects.create(federation=federation, **(defaults | fields))


def make_category(programme, **fields) -> SubsidyCategory:
    n = next(_seq)
    defaults = {
        "key": f"post-{n}", "name": "专职秘书长岗位补贴", "kind": CategoryKind.SECRETARY_POST,
        "amount": Decimal(30000), "requires_full_time_secretary_general": True,
        "priorities": [Priority.PARTY_WORKING, Priority.STAR_RATED],
    }  # fmt: skip
    return SubsidyCategory.objects.create(programme=programme, **(defaults | fields))


def make_application(category, society, **fields) -> SubsidyApplication:
    return SubsidyApplication.objects.create(category=category, society=society, **fields)


def give_secretary(
    society,
    *,
    name: str | None = None,
    full_time: bool = True,
    contract_start=dt.date(2020, 1, 1),
    contract_end=None,
    staff_full_time: bool = True,
    id_number: str = "",
    person=None,
):
    """A secretary-general in post (term from 2023) and, unless `contract_start` is None, on
    the secretariat's staff under that contract."""
    term = f.make_term(society, start_on=dt.date(2023, 6, 1))
    if person is None:
        extra = {"id_number": id_number} if id_number else {}
        person = f.make_person(society=society, name=name or f"秘书长{next(_seq)}", **extra)
    f.make_position(term, Office.SECRETARY_GENERAL, person, is_full_time=full_time)
    if contract_start is not None:
        make_staff(
            society, name=person.name, post="秘书长", contract_start=contract_start,
            contract_end=contract_end, is_full_time=staff_full_time,
        )  # fmt: skip
    return person


def give_working_party(society, *, activities: int = 1, year: int = 2025) -> None:
    PartyOrganisation.objects.create(
        society=society, form=PartyOrganisationForm.BRANCH, established_on=dt.date(2019, 1, 1)
    )
    for i in range(activities):
        make_activity(society, kind=ActivityKind.PARTY_BUILDING, start_on=dt.date(year, 3, 1 + i))


def publish(federation, year: int, results: dict, *, stars: dict | None = None) -> Evaluation:
    """A published evaluation of `year`: {society: (score, tier)}, and star ratings valid over
    the next year ({society: stars})."""
    scheme = EvaluationScheme.objects.create(
        federation=federation, key=f"eval-{next(_seq)}", year=year, name="考评", definition={}
    )
    evaluation = Evaluation.objects.create(
        scheme=scheme, facts_on=dt.date(year, 12, 31), stage=Stage.PUBLICITY
    )
    ordered = sorted(results.items(), key=lambda item: -item[1][0])
    for rank, (society, (score, tier)) in enumerate(ordered, start=1):
        EvaluationResult.objects.create(
            evaluation=evaluation, society=society, score=Decimal(score), rank=rank, tier=tier
        )
    for society, count in (stars or {}).items():
        StarRating.objects.create(
            society=society, evaluation=evaluation, stars=count,
            valid_from=dt.date(year + 1, 1, 1), valid_until=dt.date(year + 3, 12, 31),
        )  # fmt: skip
    return evaluation


# ---- the permission matrix's objects (xuehui/tests/test_permission_matrix.py) ------------------


def matrix_programme(side) -> SubsidyProgramme:
    found = SubsidyProgramme.objects.filter(federation=side.federation).first()
    return found or make_programme(side.federation, facts_on=None)


def matrix_category(side) -> SubsidyCategory:
    programme = side.get("subsidies.SubsidyProgramme")
    return programme.categories.first() or make_category(programme)


def matrix_application(side) -> SubsidyApplication:
    category = side.get("subsidies.SubsidyCategory")
    found = SubsidyApplication.objects.filter(category=category, society=side.society).first()
    return found or make_application(category, side.society)
