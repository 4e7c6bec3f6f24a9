import io
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from xuehui.accounts.models import User
from xuehui.demo import steps
from xuehui.demo.accounts import ACCOUNTS
from xuehui.demo.context import DEMO_DATE, DemoContext
from xuehui.demo.rosters import society_plans
from xuehui.demo.societies import PILOT_NAMES
from xuehui.governance import selectors
from xuehui.governance.choices import Office
from xuehui.governance.composition import Body, Composition, compose
from xuehui.governance.models import Person, Position, Term
from xuehui.societies.models import Society

SMALL = 0.3  # rosters of a third the size: the same societies, terms and deliberate breaches


FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes a good part of a second per check; the demo's accounts need no strength here."""
    settings.PASSWORD_HASHERS = FAST_HASHING


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
    assert_retired_officials_on_two_councils()


def assert_retired_officials_on_two_councils() -> None:
    """A few retired officials sit on two societies' councils, each recorded by both (at full
    scale: the councils that take them keep their shares)."""
    societies = Society.objects.all()
    found = list(selectors.shared_identities(societies, DEMO_DATE))
    shared = selectors.shared_people(societies, found, DEMO_DATE)
    assert len(shared) == 2
    for person in shared:
        assert person.is_retired_official
        assert len({record.society_id for record in person.records}) == 2
        assert len({record.pk for record in person.records}) == 2


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
