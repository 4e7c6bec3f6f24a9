"""The demo step for members, secretariat, party organisations and branches."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from xuehui.branches.models import Branch, BranchReport
from xuehui.demo import steps_records_people as step
from xuehui.demo.context import DemoContext
from xuehui.demo.federations import load_federations
from xuehui.demo.societies import load_societies
from xuehui.members.choices import CountSource
from xuehui.members.models import IndividualMember, MembershipProfile, MemberYearStat
from xuehui.members.selectors import member_counts_for
from xuehui.party.models import PartyOrganisation
from xuehui.party.selectors import current_party_organisations_for
from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember

pytestmark = pytest.mark.django_db
MODELS = (
    MemberYearStat,
    IndividualMember,
    MembershipProfile,
    StaffMember,
    Office,
    SecretariatProfile,
    PartyOrganisation,
    Branch,
    BranchReport,
)


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    """The step runs once for the module (planning 28 societies takes a while), rolled back
    at the end; each test runs inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = DemoContext(scale=0.3)
        load_federations(ctx)
        load_societies(ctx)
        step.load_records_people(ctx)
        yield ctx
        transaction.set_rollback(True)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_a_second_run_writes_nothing(ctx):
    before = counts()
    assert step.load_records_people(DemoContext(scale=0.3, **_loaded(ctx))).endswith("概况0")
    assert counts() == before


def _loaded(ctx) -> dict:
    return {"societies": ctx.societies, "profiles": ctx.profiles, "federations": ctx.federations}


def test_every_record_passes_the_models_own_validation(ctx):
    for model in MODELS:
        for obj in model.objects.all():
            try:
                obj.full_clean(
                    validate_unique=False, validate_constraints=False
                )  # the database checked those
            except ValidationError as error:
                pytest.fail(f"{model.__name__} {obj}: {error.messages}")


def test_member_counts_spread_around_300_with_a_2016_baseline_for_all(ctx):
    ids = [s.pk for s in ctx.societies.values()]
    baseline = member_counts_for(ids, 2016)
    assert all(c.source == CountSource.STATISTICS for c in baseline.values())
    last = member_counts_for(ids, ctx.today.year - 1)
    individual = {name: last[s.pk].individual for name, s in ctx.societies.items()}
    assert sum(n > 300 for n in individual.values()) >= 10
    assert sum(n < 300 for n in individual.values()) >= 5
    registers = [n for n, s in ctx.societies.items() if last[s.pk].source == CountSource.REGISTER]
    assert sorted(registers) == sorted(step.REGISTERS)
    meteorology = ctx.societies["湖北省气象学会"]
    assert last[meteorology.pk].individual < baseline[meteorology.pk].individual


def test_the_secretariat_has_deliberate_gaps(ctx):
    societies = ctx.societies
    assert not StaffMember.objects.filter(society=societies["湖北省水产学会"]).exists()
    assert StaffMember.objects.filter(contract_end__isnull=True).exists()
    assert StaffMember.objects.filter(monthly_pay__isnull=True).exists()
    assert not Office.objects.filter(society=societies["宜昌市茶叶学会"]).exists()
    assert Office.objects.get(society=societies["湖北省数学学会"]).area_m2 < 25
    assert SecretariatProfile.objects.filter(has_own_bank_account=False).count() == 2


def test_a_few_societies_have_no_party_organisation(ctx):
    ids = [s.pk for s in ctx.societies.values()]
    current = current_party_organisations_for(ids, dt.date(2025, 6, 1))
    without = {name for name, s in ctx.societies.items() if s.pk not in current}
    assert without == step.NO_PARTY


def test_branches_come_with_reports_and_some_are_unfiled_or_unreported(ctx):
    assert Branch.objects.filter(filed_on__isnull=True).exists()
    reported = set(BranchReport.objects.values_list("branch_id", flat=True))
    assert Branch.objects.exclude(pk__in=reported).exists()
    assert BranchReport.objects.filter(year=ctx.today.year - 1).exists()
