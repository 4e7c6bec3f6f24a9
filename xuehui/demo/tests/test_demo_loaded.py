"""What the loaded demo holds: the small demo is loaded once for this module (it only reads)."""

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from xuehui.access import societies_visible
from xuehui.accounts.models import User
from xuehui.demo.accounts import ACCOUNTS
from xuehui.demo.context import DEMO_DATE, DemoContext
from xuehui.demo.rosters import society_plans
from xuehui.demo.societies import PILOT_NAMES
from xuehui.governance.choices import Gender, Office
from xuehui.governance.models import Person, Position, Term
from xuehui.lib.identifiers import parse_id_number, validate_uscc
from xuehui.societies.choices import DisciplineCategory, FederationLevel
from xuehui.societies.models import Federation, Society

from .test_demo import FAST_HASHING, SMALL, assert_deliberate_spread, run_demo


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once for the tests that only read it, and rolled back after them.

    Each test still runs in its own savepoint inside this transaction, so what one writes (a
    sign-in's session) is gone before the next.
    """
    hashing = override_settings(PASSWORD_HASHERS=FAST_HASHING)
    with django_db_blocker.unblock(), hashing, transaction.atomic():
        output = run_demo()
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_spread_of_compliance_is_there_at_a_small_scale(small_demo):
    assert_deliberate_spread()


@pytest.mark.django_db
def test_it_loads_the_hubei_federations_and_the_six_pilot_societies(small_demo):
    hubei = Federation.objects.get(name="湖北省科学技术协会")
    assert hubei.level == FederationLevel.PROVINCIAL
    assert set(hubei.children.values_list("name", flat=True)) == {
        "武汉市科学技术协会",
        "宜昌市科学技术协会",
    }
    pilots = Society.objects.filter(name__in=PILOT_NAMES)
    assert sorted(pilots.values_list("name", flat=True)) == sorted(
        [
            "湖北省环境科学学会",
            "湖北省化学化工学会",
            "湖北省土木建筑学会",
            "湖北省风景园林学会",
            "湖北省科学技术期刊编辑学会",
            "湖北省临床肿瘤学会",
        ]
    )
    assert all(p.federation == hubei for p in pilots)


@pytest.mark.django_db
def test_every_demo_society_is_synthetic_complete_and_has_a_valid_code(small_demo):
    societies = list(Society.objects.select_related("federation"))
    assert all(s.is_synthetic for s in societies)
    assert len([s for s in societies if s.name not in PILOT_NAMES]) >= 20
    assert {s.category for s in societies} == set(DisciplineCategory.values)
    assert {s.federation.level for s in societies} == {
        FederationLevel.PROVINCIAL,
        FederationLevel.MUNICIPAL,
    }
    assert any(s.host_institution == "" for s in societies)
    assert any(s.host_institution for s in societies)
    for society in societies:
        assert validate_uscc(society.uscc) == society.uscc
        assert society.uscc[:8] in {"51420000", "51420100", "51420500"}
        assert society.founded_on and society.address and society.phone
        assert society.supervising_authority and society.legal_representative


@pytest.mark.django_db
def test_every_id_number_validates_and_agrees_with_birth_date_and_gender(small_demo):
    people = list(Person.objects.all())
    numbered = [p for p in people if p.id_number]
    assert len(numbered) > 0.8 * len(people)
    for person in numbered:
        info = parse_id_number(person.id_number)
        assert info.birth_date == person.birth_date
        assert (person.gender == Gender.MALE) == info.is_male
    assert len({p.id_number for p in numbered}) == len(numbered)


@pytest.mark.django_db
def test_each_society_has_one_running_term_and_the_previous_ends_where_it_starts(
    small_demo,
):
    for society in Society.objects.prefetch_related("terms"):
        terms = sorted(society.terms.all(), key=lambda t: t.number)
        assert [t.is_running_on(DEMO_DATE) for t in terms] == [False] * (len(terms) - 1) + [True]
        for earlier, later in zip(terms, terms[1:], strict=False):
            assert earlier.ended_on == later.start_on
    assert Term.objects.filter(ended_on__isnull=False).count() >= 5


@pytest.mark.django_db
def test_people_who_continue_keep_one_row_and_count_their_consecutive_terms(small_demo):
    carried = Position.objects.filter(
        term__ended_on__isnull=True, consecutive_terms__gte=2, society__name="湖北省数学学会"
    ).select_related("person")
    president = carried.get(office=Office.PRESIDENT)
    before = Position.objects.get(
        person=president.person, office=Office.PRESIDENT, term__ended_on__isnull=False
    )
    assert before.consecutive_terms == president.consecutive_terms - 1


@pytest.mark.django_db
def test_the_demo_accounts_log_in_with_the_printed_passwords_and_see_their_scope(small_demo):
    output = small_demo
    assert "科协管理员  用户名 kx_admin  密码 Hubei#Kexie2017" in output
    for spec in ACCOUNTS:
        assert f"用户名 {spec.username}  密码 {spec.password}" in output
        signed_in = Client().post(
            reverse("accounts:login"), {"username": spec.username, "password": spec.password}
        )
        assert signed_in.status_code == 302, spec.username
    admin = User.objects.get(username="kx_admin")
    assert societies_visible(admin).count() == 28  # the provincial 科协 and the two below it
    secretary = User.objects.get(username="hj_secretary")
    assert list(societies_visible(secretary).values_list("name", flat=True)) == [
        "湖北省环境科学学会"
    ]
    plans = society_plans(DemoContext(scale=SMALL))
    assert secretary.full_name == plans["湖北省环境科学学会"].secretary_general.name


@pytest.mark.django_db
def test_the_demo_answers_the_questions_the_rules_ask(small_demo):
    """Tianjin 三's task choice, 专兼职 staff and Jiangxi's 实体党支部 all have demo answers."""
    from xuehui.party.models import PartyOrganisation
    from xuehui.rules.models import TaskChoice
    from xuehui.secretariat.models import StaffMember

    chosen = TaskChoice.objects.get(society__name="湖北省环境科学学会", group_key="G3")
    assert len(chosen.task_keys) >= 5
    assert StaffMember.objects.filter(is_full_time=False).exists()
    answers = set(PartyOrganisation.objects.values_list("of_secretariat", flat=True))
    assert {True, False} <= answers


@pytest.mark.django_db
def test_the_pilots_have_their_batches_and_the_secretary_sees_hers(small_demo):
    from xuehui.pilots.choices import Willingness
    from xuehui.pilots.models import PilotBatch

    first = PilotBatch.objects.get(programme__key="hubei-2h", year=2017)
    assert sorted(first.memberships.values_list("society__name", flat=True)) == sorted(PILOT_NAMES)
    assert not first.phases.filter(completed_on__isnull=True).exists()  # a batch of the past
    jiangxi = PilotBatch.objects.get(programme__key="jiangxi-3h", year=2022)
    assert jiangxi.memberships.count() == 3
    upcoming = PilotBatch.objects.get(programme__key="hubei-2h", year=2027)
    asked = upcoming.candidacies.all()
    assert asked.count() == 3 and asked.filter(willingness=Willingness.WILLING).count() == 1
    assert not set(asked.values_list("society__name", flat=True)) & set(PILOT_NAMES)

    client = Client()
    client.force_login(User.objects.get(username="hj_secretary"))
    page = client.get(reverse("pilots:list")).content.decode()
    assert "湖北两化试点" in page and "没有可查看的试点项目" not in page


@pytest.mark.django_db
def test_the_administrator_manages_the_demo_expert(small_demo):
    from xuehui.access import users_manageable

    admin = User.objects.get(username="kx_admin")
    assert users_manageable(admin).filter(username="zj_expert").exists()  # ux D23
