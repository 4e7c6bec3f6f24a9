import io
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from xuehui.accounts.access import societies_visible
from xuehui.accounts.models import User
from xuehui.demo import steps
from xuehui.demo.accounts import ACCOUNTS
from xuehui.demo.context import DEMO_DATE, DemoContext
from xuehui.demo.rosters import society_plans
from xuehui.demo.societies import PILOT_NAMES
from xuehui.governance import selectors
from xuehui.governance.choices import Gender, Office
from xuehui.governance.composition import Body, Composition, compose
from xuehui.governance.models import Person, Position, Term
from xuehui.lib.identifiers import parse_id_number, validate_uscc
from xuehui.societies.choices import DisciplineCategory, FederationLevel
from xuehui.societies.models import Federation, Society

SMALL = 0.3  # rosters of a third the size: the same societies, terms and deliberate breaches


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes a good part of a second per check; the demo's accounts need no strength here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(scale: float = SMALL) -> str:
    out = io.StringIO()
    call_command("demo", scale=scale, stdout=out)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@dataclass
class Figures:
    council: Composition
    standing: Composition
    positions: list


def figures_on_demo_date() -> dict[str, Figures]:
    """Each demo society's current council and standing council, by the counting rule."""
    current = defaultdict(list)
    positions = Position.objects.filter(society__is_synthetic=True).select_related(
        "person", "term", "society"
    )
    for position in positions:
        if position.is_current_on(DEMO_DATE):
            current[position.society.name].append(position)
    young = settings.XUEHUI_YOUNG_AGE
    return {
        name: Figures(
            council=compose(Body.COUNCIL, held, on=DEMO_DATE, young_age=young),
            standing=compose(Body.STANDING_COUNCIL, held, on=DEMO_DATE, young_age=young),
            positions=held,
        )
        for name, held in current.items()
    }


def holders(figures: Figures, office: str) -> list[Position]:
    return [p for p in figures.positions if p.office == office]


def assert_deliberate_spread() -> None:
    figures = figures_on_demo_date()
    assert len(figures) == Society.objects.filter(is_synthetic=True).count()
    below = [n for n, f in figures.items() if f.council.frontline_share < 0.75]
    assert 2 <= len(below) < len(figures) / 2, below
    assert "湖北省机械工程学会" in below
    assert any(f.standing.frontline_share < 2 / 3 for f in figures.values())
    assert any(f.council.young_share < 1 / 3 for f in figures.values())
    presidents = [p for f in figures.values() for p in holders(f, Office.PRESIDENT)]
    assert any(
        p.person.age_on(DEMO_DATE) == 72 and p.person.age_on(p.start_on) >= 70 for p in presidents
    )
    leaders = [
        p
        for f in figures.values()
        for p in f.positions
        if p.office in {Office.PRESIDENT, Office.VICE_PRESIDENT}
    ]
    assert {p.office for p in leaders if p.consecutive_terms >= 3} == {
        Office.PRESIDENT,
        Office.VICE_PRESIDENT,
    }
    retired = [p for f in figures.values() for p in f.positions if p.person.is_retired_official]
    assert any(p.is_paid for p in retired)
    assert any(p.office == Office.SECRETARY_GENERAL and not p.approval_ref for p in retired)
    secretaries = [p for f in figures.values() for p in holders(f, Office.SECRETARY_GENERAL)]
    assert any(p.person.age_on(p.start_on) == 63 for p in secretaries)
    overdue = [
        t for t in Term.objects.filter(society__is_synthetic=True) if t.is_overdue_on(DEMO_DATE)
    ]
    assert overdue


@pytest.mark.django_db
def test_a_second_run_changes_no_count_of_any_model():
    run_demo()
    first = model_counts()
    run_demo()
    assert model_counts() == first
    assert first["societies.Society"] == 28


@pytest.mark.django_db
def test_the_default_demo_loads_twice_identically_with_full_rosters_and_the_spread():
    output = run_demo(1.0)
    first = model_counts()
    run_demo(1.0)
    assert model_counts() == first
    sizes = [f.council.size for f in figures_on_demo_date().values()]
    assert min(sizes) >= 30 and max(sizes) <= 80
    assert first["governance.Person"] > 1500
    assert_deliberate_spread()
    retired = Position.objects.filter(person__is_retired_official=True, term__ended_on=None)
    assert retired.filter(is_paid=False).exclude(approval_ref="").exists()  # compliant ones too
    assert "新增 28 个" in output


@pytest.mark.django_db
def test_the_spread_of_compliance_is_there_at_a_small_scale():
    run_demo()
    assert_deliberate_spread()


@pytest.mark.django_db
def test_it_loads_the_hubei_federations_and_the_six_pilot_societies():
    run_demo()
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
def test_every_demo_society_is_synthetic_complete_and_has_a_valid_code():
    run_demo()
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
def test_every_id_number_validates_and_agrees_with_birth_date_and_gender():
    run_demo()
    people = list(Person.objects.all())
    numbered = [p for p in people if p.id_number]
    assert len(numbered) > 0.8 * len(people)
    for person in numbered:
        info = parse_id_number(person.id_number)
        assert info.birth_date == person.birth_date
        assert (person.gender == Gender.MALE) == info.is_male
    assert len({p.id_number for p in numbered}) == len(numbered)


@pytest.mark.django_db
def test_each_society_has_one_running_term_and_the_previous_ends_where_it_starts():
    run_demo()
    for society in Society.objects.prefetch_related("terms"):
        terms = sorted(society.terms.all(), key=lambda t: t.number)
        assert [t.is_running_on(DEMO_DATE) for t in terms] == [False] * (len(terms) - 1) + [True]
        for earlier, later in zip(terms, terms[1:], strict=False):
            assert earlier.ended_on == later.start_on
    assert Term.objects.filter(ended_on__isnull=False).count() >= 5


@pytest.mark.django_db
def test_people_who_continue_keep_one_row_and_count_their_consecutive_terms():
    run_demo()
    carried = Position.objects.filter(
        term__ended_on__isnull=True, consecutive_terms__gte=2, society__name="湖北省数学学会"
    ).select_related("person")
    president = carried.get(office=Office.PRESIDENT)
    before = Position.objects.get(
        person=president.person, office=Office.PRESIDENT, term__ended_on__isnull=False
    )
    assert before.consecutive_terms == president.consecutive_terms - 1


@pytest.mark.django_db
def test_the_demo_accounts_log_in_with_the_printed_passwords_and_see_their_scope():
    output = run_demo()
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
def test_a_changed_demo_password_is_reset_by_the_next_run():
    run_demo()
    admin = User.objects.get(username="kx_admin")
    admin.set_password("something-else-entirely")
    admin.save()
    run_demo()
    admin.refresh_from_db()
    assert admin.check_password("Hubei#Kexie2017")


@pytest.mark.django_db
@pytest.mark.parametrize("spec", ACCOUNTS, ids=lambda spec: spec.username)
def test_demo_passwords_pass_the_password_validators(spec):
    validate_password(spec.password, User(username=spec.username, full_name=spec.full_name))


@pytest.mark.django_db
def test_a_step_added_to_the_list_runs_after_the_others_with_the_shared_context(monkeypatch):
    seen = {}

    def load_probe(ctx: DemoContext) -> str:
        seen.update(
            societies=len(ctx.societies), today=ctx.today, pilot=ctx.profiles[PILOT_NAMES[0]]
        )
        return "已检查"

    monkeypatch.setattr(steps, "STEPS", [*steps.STEPS, steps.Step("探针", load_probe)])
    output = run_demo()
    assert seen["societies"] == 28 and seen["today"] == DEMO_DATE and seen["pilot"].pilot
    last = len(steps.STEPS)
    assert f"[{last}/{last}] 探针：已检查" in output


@pytest.mark.django_db
def test_a_failing_step_leaves_nothing_behind(monkeypatch):
    def load_broken(ctx: DemoContext) -> str:
        raise RuntimeError("步骤出错")

    monkeypatch.setattr(steps, "STEPS", [*steps.STEPS, steps.Step("出错", load_broken)])
    with pytest.raises(RuntimeError):
        run_demo()
    assert not Society.objects.exists() and not Person.objects.exists()


def test_the_plans_are_the_same_on_every_run():
    def snapshot() -> list[tuple]:
        return [
            (name, post.person.name, post.person.id_number, post.person.birth_date, post.office)
            for name, plan in society_plans(DemoContext(scale=SMALL)).items()
            for term in plan.terms
            for post in term.posts
        ]

    assert snapshot() == snapshot()


@pytest.mark.django_db
def test_a_scale_out_of_range_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        run_demo(0.01)
    assert not Society.objects.exists()


@pytest.mark.django_db
def test_a_few_retired_officials_sit_on_two_societies_councils_each_recorded_by_both():
    run_demo(1.0)  # full rosters: the councils that take them keep their shares
    societies = Society.objects.all()
    found = list(selectors.shared_identities(societies, DEMO_DATE))
    shared = selectors.shared_people(societies, found, DEMO_DATE)
    assert len(shared) == 2
    for person in shared:
        assert person.is_retired_official
        assert len({record.society_id for record in person.records}) == 2
        assert len({record.pk for record in person.records}) == 2
