"""Eligibility and priority read from the records (eligibility.py), and the queries they take."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuehui.evaluation.choices import Tier
from xuehui.societies.choices import SocietyStatus
from xuehui.subsidies.choices import CategoryKind, DecisionStatus
from xuehui.subsidies.eligibility import compute
from xuehui.tests import factories as f

from .factories import (
    ON,
    give_secretary,
    give_working_party,
    make_application,
    make_category,
    make_programme,
    publish,
)

pytestmark = pytest.mark.django_db


def placements(programme, **kw) -> dict:
    return {p.candidate.code: p for r in compute(programme, **kw) for p in r.outcome.placements}


def test_a_full_time_secretary_general_under_contract_is_eligible(category, society_a):
    give_secretary(society_a, name="王秘书", contract_end=ON)  # the last day still counts
    make_application(category, society_a)
    placed = placements(category.programme)[society_a.uscc]
    assert placed.candidate.eligible and placed.amount == 30000
    assert placed.candidate.reasons == ("专职秘书长王秘书，聘用合同自2020-01-01起至2025-12-31",)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({"contract_end": ON - dt.timedelta(days=1)}, "的专职聘用合同已于2025-12-30结束"),
        ({"contract_start": ON + dt.timedelta(days=1)}, "尚未开始"),
        ({"full_time": False}, "在理事会名册中不是专职"),
        ({"contract_start": None}, "未登记为秘书处工作人员"),
        ({"staff_full_time": False}, "登记为兼职"),
    ],
)
def test_it_refuses_without_a_full_time_secretary_general_under_contract(
    category, society_a, setup, reason
):
    give_secretary(society_a, **setup)
    make_application(category, society_a)
    placed = placements(category.programme)[society_a.uscc]
    assert not placed.candidate.eligible and placed.rank is None and placed.amount == 0
    assert reason in placed.candidate.reasons[0]


def test_a_society_without_a_secretary_general_or_not_active_is_refused(category, federation):
    society = f.make_society(federation=federation, status=SocietyStatus.INACTIVE)
    make_application(category, society)
    reasons = placements(category.programme)[society.uscc].candidate.reasons
    assert reasons[0] == "学会状态为“停止活动”"
    assert "2025-12-31没有在任秘书长" in reasons[1]


def test_the_same_secretary_general_funded_in_another_programme_is_refused(federation):
    number = f.make_id_number(dt.date(1970, 5, 1))
    first, second = (f.make_society(federation=federation) for _ in range(2))
    give_secretary(first, name="李四", id_number=number)
    give_secretary(second, name="李四", id_number=number)
    earlier = make_category(make_programme(federation, name="上半年岗位补贴"))
    make_application(earlier, first)
    from xuehui.access import SYSTEM
    from xuehui.subsidies.services import subsidy_allocate

    subsidy_allocate(programme=earlier.programme, actor=SYSTEM)
    later = make_category(make_programme(federation))
    make_application(later, second)
    placed = placements(later.programme)[second.uscc]
    assert not placed.candidate.eligible
    assert "同一岗位不重复补贴：秘书长李四的岗位已由" in placed.candidate.reasons[-1]
    assert "上半年岗位补贴" in placed.candidate.reasons[-1]
    # A rejected application does not hold the post.
    earlier.applications.update(decision=DecisionStatus.REJECTED)
    assert placements(later.programme)[second.uscc].candidate.eligible


def test_party_working_and_stars_come_first_then_score(federation, category):
    societies = [f.make_society(federation=federation, uscc=f.make_uscc(900 + i)) for i in range(4)]
    plain_high, party, starred, both = societies
    for society in societies:
        give_secretary(society)
        make_application(category, society)
    give_working_party(party)
    give_working_party(both)
    give_working_party(plain_high, activities=0)  # an organisation that did nothing: not first
    publish(
        federation, 2024,
        {plain_high: (95, Tier.KEY_SUPPORT), party: (60, Tier.CULTIVATE),
         starred: (70, Tier.CULTIVATE), both: (50, Tier.CULTIVATE)},
        stars={starred: 1, both: 2},
    )  # fmt: skip
    placed = placements(category.programme)
    order = sorted(placed.values(), key=lambda p: p.rank)
    assert [p.candidate.code for p in order] == [s.uscc for s in (both, starred, party, plain_high)]
    assert placed[both.uscc].candidate.priority == ("party_working", "star_rated")
    assert placed[plain_high.uscc].amount == 0  # the budget (90000) funds three
    assert placed[plain_high.uscc].candidate.score == Decimal(95)


def test_stars_and_tiers_restrict_a_category(federation, programme):
    award = make_category(
        programme, kind=CategoryKind.AWARD, amount=Decimal(5000), min_stars=2,
        tiers=[Tier.KEY_SUPPORT], requires_full_time_secretary_general=False, priorities=[],
    )  # fmt: skip
    good, weak, none = (f.make_society(federation=federation) for _ in range(3))
    for society in (good, weak, none):
        make_application(award, society)
    publish(federation, 2024, {good: (90, Tier.KEY_SUPPORT), weak: (40, Tier.CULTIVATE)},
            stars={good: 3, weak: 1})  # fmt: skip
    placed = placements(programme)
    assert placed[good.uscc].amount == 5000
    assert placed[weak.uscc].candidate.reasons == (
        "2025-12-31星级：1星，要求不低于2星",
        "2024年度考评分类为培育扶持，本类别限重点支持",
    )
    assert placed[none.uscc].candidate.reasons == (
        "2025-12-31星级：未评定星级，要求不低于2星",
        "2024年度没有已公布的考评分类，本类别限重点支持",
    )


def test_categories_share_the_programme_budget_in_order(federation):
    programme = make_programme(federation, budget=Decimal(40000))
    first = make_category(programme, kind=CategoryKind.AWARD, amount=Decimal(30000), position=1,
                          requires_full_time_secretary_general=False)  # fmt: skip
    second = make_category(programme, kind=CategoryKind.PROJECT, amount=Decimal(20000),
                           position=2, budget=Decimal(50000), requires_full_time_secretary_general=False)  # fmt: skip
    a, b = f.make_society(federation=federation), f.make_society(federation=federation)
    make_application(first, a)
    make_application(second, b, requested_amount=Decimal(8000))
    placed = placements(programme)
    assert placed[a.uscc].amount == 30000
    assert placed[b.uscc].amount == 8000  # its own budget, capped by what the programme has left


def test_all_takes_every_active_society_when_a_category_has_no_applications(federation, category):
    societies = [f.make_society(federation=federation) for _ in range(2)]
    f.make_society(federation=federation, status=SocietyStatus.DEREGISTERED)
    assert placements(category.programme) == {}
    found = placements(category.programme, include_all=True)
    assert set(found) == {s.uscc for s in societies}


def _world(federation, n):
    programme = make_programme(federation)
    category = make_category(programme)
    for _ in range(n):
        society = f.make_society(federation=federation)
        give_secretary(society)
        give_working_party(society)
        make_application(category, society)
    publish(federation, 2024, {})
    return programme


def _queries(programme) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute(programme)
    return len(captured)


def test_the_queries_do_not_grow_with_the_number_of_societies(federation, other_federation):
    assert _queries(_world(federation, 3)) == _queries(_world(other_federation, 15))
