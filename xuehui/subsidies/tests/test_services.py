"""Writes (services.py): who may do what, applying once and on time, decisions that depart
from the allocation, payments up to the approved amount."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.subsidies import services
from xuehui.subsidies.choices import CategoryKind, DecisionStatus
from xuehui.tests import factories as f

from .factories import give_secretary, make_application, make_category

pytestmark = pytest.mark.django_db


def test_a_programme_and_its_category_are_saved_and_audited(admin_user, federation):
    programme = services.subsidy_programme_save(
        federation=federation, key="post", name="岗位补贴", year=2025, budget=Decimal(60000),
        actor=admin_user,
    )  # fmt: skip
    assert programme.score_year == 2024 and programme.judged_on(dt.date(2025, 3, 1)) == dt.date(
        2025, 3, 1
    )
    category = services.subsidy_category_save(
        programme=programme, key="sg", name="专职秘书长岗位补贴", kind=CategoryKind.SECRETARY_POST,
        amount=Decimal(30000), priorities=["star_rated", "party_working"], tiers=["cultivate", "key_support"],
        actor=admin_user,
    )  # fmt: skip
    assert category.requires_full_time_secretary_general  # implied by the kind
    assert category.tiers == ["key_support", "cultivate"]
    assert category.priority_labels == ["星级学会", "建立党组织并发挥党建功能"]
    services.subsidy_programme_save(
        federation=federation, key="post", name="岗位补贴（修订）", year=2025, budget=Decimal(1),
        actor=admin_user,
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="subsidy_programme_update").exists()
    with pytest.raises(ValidationError, match="优先条件只能是"):
        services.subsidy_category_save(
            programme=programme, key="x", name="x", kind=CategoryKind.AWARD, amount=Decimal(1),
            priorities=["rich"], actor=admin_user,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="考评分类只能是"):
        services.subsidy_category_save(
            programme=programme, key="x", name="x", kind=CategoryKind.AWARD, amount=Decimal(1),
            tiers=["gold"], actor=admin_user,
        )  # fmt: skip


def test_a_secretary_applies_once_for_its_own_society_while_open(
    category, society_a, secretary_a, secretary_b, society_b
):
    application = services.subsidy_application_submit(
        category=category, society=society_a, statement="申请", actor=secretary_a
    )
    assert not application.nominated
    with pytest.raises(ValidationError, match="不能重复"):
        services.subsidy_application_submit(category=category, society=society_a, actor=secretary_a)
    with pytest.raises(PermissionDenied):
        services.subsidy_application_submit(category=category, society=society_a, actor=secretary_b)
    with pytest.raises(ValidationError, match="不属于"):
        services.subsidy_application_submit(category=category, society=society_b, actor=secretary_b)
    programme = category.programme
    programme.apply_until = dt.date(2025, 6, 30)
    programme.save()
    other = make_category(programme)
    with pytest.raises(ValidationError, match="2025-06-30截止"):
        services.subsidy_application_submit(
            category=other, society=society_a, actor=secretary_a, today=dt.date(2025, 7, 1)
        )


def test_a_project_asks_at_most_the_category_amount(programme, society_a, admin_user):
    project = make_category(programme, kind=CategoryKind.PROJECT, amount=Decimal(20000))
    with pytest.raises(ValidationError, match="最高金额20000元"):
        services.subsidy_application_nominate(
            category=project, society=society_a, requested_amount=Decimal(20001), actor=admin_user
        )
    application = services.subsidy_application_nominate(
        category=project, society=society_a, requested_amount=Decimal(5000), actor=admin_user
    )
    assert application.nominated and application.grant == 5000


def test_only_an_administrator_nominates_and_a_leader_cannot_write(category, society_a, federation):
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    with pytest.raises(PermissionDenied):
        services.subsidy_application_nominate(category=category, society=society_a, actor=leader)
    with pytest.raises(PermissionDenied):
        services.subsidy_allocate(programme=category.programme, actor=leader)
    with pytest.raises(PermissionDenied):
        services.subsidy_allocate(programme=category.programme, actor=None)


def test_a_deregistered_society_cannot_apply(category, federation):
    society = f.make_society(federation=federation, status="deregistered")
    with pytest.raises(ValidationError, match="不能申报"):
        services.subsidy_application_nominate(category=category, society=society, actor=SYSTEM)


@pytest.fixture
def allocated(category, society_a, federation):
    """Society A funded (30000); a second society ineligible (no secretary-general)."""
    give_secretary(society_a)
    other = f.make_society(federation=federation)
    make_application(category, society_a)
    make_application(category, other)
    services.subsidy_allocate(programme=category.programme, actor=SYSTEM)
    return category.applications.get(society=society_a), category.applications.get(society=other)


def test_the_allocation_is_stored_on_the_applications(allocated):
    funded, refused = allocated
    assert (funded.eligible, funded.rank, funded.allocated_amount) == (True, 1, 30000)
    assert funded.post_key.startswith("person:")
    assert (refused.eligible, refused.rank, refused.allocated_amount) == (False, None, 0)
    assert "没有在任秘书长" in refused.allocation_note


def test_nominating_all_creates_the_missing_applications(category, federation, society_a):
    services.subsidy_allocate(programme=category.programme, nominate_all=True, actor=SYSTEM)
    application = category.applications.get()
    assert application.society == society_a and application.nominated


def test_following_the_allocation_needs_no_reason(allocated, admin_user):
    funded, refused = allocated
    services.subsidy_application_decide(application=funded, approve=True, actor=admin_user)
    assert funded.approved_amount == 30000 and not funded.departs
    services.subsidy_application_decide(application=refused, approve=False, actor=admin_user)
    assert refused.decision == DecisionStatus.REJECTED and not refused.departs


@pytest.mark.parametrize(
    ("which", "approve", "amount"),
    [("funded", False, None), ("funded", True, Decimal(20000)), ("refused", True, None)],
)
def test_departing_from_the_allocation_requires_a_reason(
    allocated, admin_user, which, approve, amount
):
    application = allocated[0] if which == "funded" else allocated[1]
    with pytest.raises(ValidationError, match="请说明理由"):
        services.subsidy_application_decide(
            application=application, approve=approve, amount=amount, actor=admin_user
        )
    services.subsidy_application_decide(
        application=application, approve=approve, amount=amount, reason="经科协党组会议研究",
        actor=admin_user,
    )  # fmt: skip
    application.refresh_from_db()
    assert application.departs and application.decision_reason == "经科协党组会议研究"


def test_payments_may_not_exceed_the_approved_amount(allocated, admin_user):
    funded, refused = allocated
    with pytest.raises(ValidationError, match="只有已批准"):
        services.subsidy_payment_record(
            application=funded, paid_on=dt.date(2025, 9, 1), amount=Decimal(1), voucher_no="1",
            actor=admin_user,
        )  # fmt: skip
    services.subsidy_application_decide(application=funded, approve=True, actor=admin_user)
    pay = {"application": funded, "paid_on": dt.date(2025, 9, 1), "actor": admin_user}
    services.subsidy_payment_record(amount=Decimal(20000), voucher_no="记-001", **pay)
    with pytest.raises(ValidationError, match="尚可拨付10000元"):
        services.subsidy_payment_record(amount=Decimal("10000.01"), voucher_no="记-002", **pay)
    services.subsidy_payment_record(amount=Decimal(10000), voucher_no="记-002", **pay)
    assert sum(p.amount for p in funded.payments.all()) == 30000
    with pytest.raises(ValidationError, match="不能少于已拨付"):
        services.subsidy_application_decide(
            application=funded, approve=True, amount=Decimal(100), reason="调整", actor=admin_user
        )
    with pytest.raises(ValidationError, match="已有拨付记录"):
        services.subsidy_application_decide(
            application=funded, approve=False, reason="撤销", actor=admin_user
        )
