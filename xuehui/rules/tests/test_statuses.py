"""The statuses-only path (rules/statuses.py, each framework compiled once per date) reaches
the engine's statuses, bindings and notes for every requirement: over the demo societies on
several dates and years, and over societies at the boundaries (no facts at all, every count
zero or large, empty lists, every pilot, every adoption, tasks chosen or not, re-elected before
and after the framework), whichever order and whichever calls judge them."""

import copy
import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from xuehui.demo.context import DEMO_DATE
from xuehui.demo.tests.test_demo import FAST_HASHING, run_demo
from xuehui.rules.engine import evaluate, pass_rate, summarise
from xuehui.rules.facts import Facts, gather
from xuehui.rules.selectors import evaluate_frameworks, framework_specs, judge_frameworks
from xuehui.rules.statuses import compiled, judge
from xuehui.societies.models import Society

DATES = [DEMO_DATE, dt.date(2026, 1, 15), dt.date(2025, 12, 31), dt.date(2019, 6, 30)]


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once for the comparisons and rolled back after them."""
    hashing = override_settings(PASSWORD_HASHERS=FAST_HASHING)
    with django_db_blocker.unblock(), hashing, transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


def shape(results) -> list[tuple]:
    return [
        (r.requirement.key, r.status, r.binding, r.pilot_member, r.binding_note) for r in results
    ]


def assert_same(spec, facts_by_society, on, year=None) -> int:
    full = evaluate(spec, facts_by_society, on, year=year)
    fast = judge(spec, facts_by_society, on, year=year)
    assert fast.keys() == full.keys()
    for sid, results in full.items():
        assert shape(fast[sid]) == shape(results), (spec.key, sid, on)
        assert summarise(fast[sid]) == summarise(results)
        assert pass_rate(fast[sid], reference=True) == pass_rate(results, reference=True)
    return len(full)


@pytest.mark.django_db
@pytest.mark.parametrize("on", DATES)
def test_the_demo_societies_get_the_engines_statuses(small_demo, on):
    specs = list(framework_specs().values())
    ids = list(Society.objects.values_list("pk", flat=True))
    full = evaluate_frameworks(specs, ids, on)
    fast = judge_frameworks(specs, ids, on)
    assert fast.keys() == full.keys() and len(full) == len(specs) >= 5
    compared = 0
    for key, by_society in full.items():
        for sid, results in by_society.items():
            assert shape(fast[key][sid]) == shape(results), (key, sid, on)
            compared += len(results)
    assert compared > 1000  # the demo is there: every requirement of every society


@pytest.mark.django_db
def test_a_campaigns_earlier_year_gets_the_engines_statuses(small_demo):
    ids = list(Society.objects.values_list("pk", flat=True))
    for spec in framework_specs().values():
        facts = gather(ids, DEMO_DATE, young_age=spec.young_age, year=2025)
        assert assert_same(spec, facts, DEMO_DATE, year=2025) == len(ids)


def variants(facts: Facts, spec) -> list[Facts]:
    """The society's facts pushed to the edges the checks and the groups turn on."""
    found = [Facts()]
    numbers = {k: v for k, v in facts.items() if isinstance(v, int) and not isinstance(v, bool)}
    for change in (
        dict.fromkeys(numbers, 0),
        {k: v * 10 + 100 for k, v in numbers.items()},
        {k: [] for k, v in facts.items() if isinstance(v, list)},
        {k: not v for k, v in facts.items() if isinstance(v, bool)},
        {"regulations.documents": {}, "pilots.programmes": None, "adoption.frameworks": {}},
        {"pilots.programmes": ["hubei-2h", "jiangxi-3h"]},
        {"adoption.frameworks": {spec.key: True}},
        {"adoption.frameworks": {spec.key: False}},
        {"adoption.frameworks": {"another": True}},
        {"term.latest_reelection_on": spec.effective_on - dt.timedelta(days=1)},
        {"term.latest_reelection_on": spec.effective_on, "reelection.facts": {}},
    ):
        found.append(_changed(facts, change))
    without = _changed(facts, {"term.latest_reelection_on": spec.effective_on})
    without.pop("reelection.facts", None)
    found.append(without)
    missing = _changed(facts, {})
    missing.lack(list(numbers), "测试：缺少数据")
    found.append(missing)
    groups = [n for n in spec.walk() if n.at_least is not None]
    for group in groups:
        for chosen in ([], [group.children[0].key], [c.key for c in group.children]):
            found.append(_changed(facts, {"tasks.chosen": {spec.key: {group.key: chosen}}}))
    return found


def _changed(facts: Facts, change: dict) -> Facts:
    copied = Facts(copy.deepcopy(dict(facts)))
    copied.missing = dict(facts.missing)
    copied.update(change)
    return copied


@pytest.mark.django_db
@pytest.mark.parametrize("on", [DEMO_DATE, dt.date(2026, 12, 31)])
def test_societies_at_the_boundaries_get_the_engines_statuses(small_demo, on):
    ids = list(Society.objects.order_by("pk").values_list("pk", flat=True))[:6]
    for spec in framework_specs().values():
        facts = gather(ids, on, young_age=spec.young_age)
        edges = {}
        for sid in ids:
            for i, variant in enumerate(variants(facts[sid], spec)):
                edges[sid * 1000 + i] = variant
        assert assert_same(spec, edges, on) == len(edges) > 6 * 12


@pytest.mark.django_db
def test_a_compiled_framework_judges_alike_across_calls_dates_and_orders(small_demo):
    """The compiled framework and the bare results it shares are kept between calls: judged
    in reverse order, one society a call, and on another date in between, every society still
    gets the engine's statuses."""
    ids = list(Society.objects.order_by("pk").values_list("pk", flat=True))[:3]
    for spec in framework_specs().values():
        for on in (DEMO_DATE, dt.date(2026, 12, 31), DEMO_DATE):
            facts = gather(ids, on, young_age=spec.young_age)
            edges = {
                sid * 1000 + i: variant
                for sid in ids
                for i, variant in enumerate(variants(facts[sid], spec))
            }
            full = evaluate(spec, edges, on)
            backwards = judge(spec, dict(reversed(list(edges.items()))), on)
            one_by_one = {sid: judge(spec, {sid: f}, on)[sid] for sid, f in edges.items()}
            for sid, results in full.items():
                assert shape(backwards[sid]) == shape(results), (spec.key, sid, on)
                assert shape(one_by_one[sid]) == shape(results), (spec.key, sid, on)
        assert compiled(spec, DEMO_DATE) is compiled(spec, DEMO_DATE)
        assert compiled(spec, DEMO_DATE) is not compiled(spec, dt.date(2026, 12, 31))
