"""Each check's status-only twin (checks.status_of) and compiled form (checks.compiled_status,
used by rules/statuses.py) give the status its full check gives, or ask for the same missing
fact: for every automatic requirement of every framework, over the demo societies pushed to the
edges (test_statuses.variants) and with every person listed given each value the people checks
turn on."""

import pytest

from xuehui.demo.context import DEMO_DATE
from xuehui.members.choices import CongressForm
from xuehui.rules.checks import CHECKS
from xuehui.rules.choices import DecisionKind
from xuehui.rules.engine import check_context, resolve_params
from xuehui.rules.facts import Facts, MissingFact, gather
from xuehui.rules.selectors import framework_specs
from xuehui.rules.tests.test_statuses import _changed, small_demo, variants  # noqa: F401
from xuehui.societies.models import Society

# Laid over every person (or staff record) a fact lists: one variant each.
PEOPLE = [
    {"age_at_start": 20, "consecutive_terms": 1, "approval_ref": "批准"},
    {"age_at_start": 90, "consecutive_terms": 9, "approval_ref": ""},
    {"is_retired_official": True, "is_retired_cadre": None, "approval_ref": ""},
    {"is_retired_official": False, "is_retired_cadre": None},
    {"is_retired_official": False, "is_retired_cadre": False},
    {"is_retired_official": False, "is_retired_cadre": True, "consecutive_terms": 3},
    {"is_serving_official": True, "is_public_servant": True, "approval_ref": "批准"},
    {"is_serving_official": False, "is_public_servant": None, "is_paid": True},
    {"contract_end": None, "monthly_pay": 5000},
    {"contract_end": "2030-01-01", "monthly_pay": 5000},
    {"contract_end": "2030-01-01", "monthly_pay": 0},
    {"selection": "appointed", "is_full_time": True, "is_retired_official": True, "is_paid": True},
    {"selection": "appointed", "is_full_time": False},
    {"selection": "elected", "is_full_time": True, "is_retired_official": True, "is_paid": False},
    {"selection": "", "is_full_time": False},
]


def with_people(facts: Facts) -> list[Facts]:
    found = []
    for overlay in PEOPLE:
        change = {
            name: [
                {**person, **overlay} if isinstance(person, dict) else person for person in value
            ]
            for name, value in facts.items()
            if isinstance(value, list)
        }
        found.append(_changed(facts, change))
    return found


def outcome(fn, *args):
    try:
        return fn(*args)
    except MissingFact as missing:
        return ("missing", missing.name)


@pytest.mark.django_db
def test_every_twin_and_compiled_form_gives_its_checks_status(small_demo):  # noqa: F811
    ids = list(Society.objects.order_by("pk").values_list("pk", flat=True))[:6]
    compared, compiled = set(), set()
    for spec in framework_specs().values():
        ctx = check_context(spec, DEMO_DATE, None)
        facts = gather(ids, DEMO_DATE, young_age=spec.young_age)
        cases = []
        for sid in ids:
            cases += [*variants(facts[sid], spec), *with_people(facts[sid])]
        for node in spec.walk():
            decision = node.decision
            if decision is None or decision.by != DecisionKind.AUTOMATIC:
                continue
            check = CHECKS[decision.check]
            if check.status is None and check.compile is None:
                continue
            params = resolve_params(spec, decision.params)
            bound = check.compile(decision.fact, params, ctx) if check.compile else None
            for case in cases:
                full = outcome(check.run, case, decision.fact, params, ctx)
                full = getattr(full, "status", full)
                if check.status is not None:
                    twin = outcome(check.status, case, decision.fact, params, ctx)
                    assert twin == full, (spec.key, node.key, decision.check)
                if bound is not None:
                    assert outcome(bound, case) == full, (spec.key, node.key, decision.check)
                    compiled.add(decision.check)
            compared.add(decision.check)
    assert len(compared) >= 10
    assert compiled == {
        "count_at_least",
        "count_at_most",
        "count_more_than",
        "council_within_share_of_congress",
        "exists",
        "growth_since_baseline",
        "none_listed",
        "not_overdue",
        "ratio_at_least",
        "representative_congress_only_above",
        "retired_officials_unpaid",
        "secretary_general_appointed",
        "secretary_general_full_time_appointed",
        "value_at_least",
    }


@pytest.mark.parametrize("ratio", ["3/4", "2/3", "1/3", 0.5, "0.75"])
@pytest.mark.parametrize("body", ["council", "standing_council"])
def test_the_compiled_ratio_meets_the_check_at_every_share(ratio, body):
    """k of n at, just below and just above the share, with people whose trait is unknown."""
    check, ctx = CHECKS["ratio_at_least"], check_context(_Spec(), DEMO_DATE, None)
    params = {"part": "frontline", "ratio": ratio}
    bound = check.compile(body, params, ctx)
    for n in range(13):
        for k in range(n + 1):
            for unknown in range(3):
                facts = Facts(
                    {
                        f"{body}.size": n,
                        f"{body}.frontline": k,
                        f"{body}.frontline_unknown": unknown,
                    }
                )
                assert bound(facts) == check.run(facts, body, params, ctx).status, (n, k, unknown)
    assert outcome(bound, Facts()) == ("missing", f"{body}.size")


@pytest.mark.parametrize("ratio", ["1/3", "1/2", 0.25])
@pytest.mark.parametrize("form", [CongressForm.REPRESENTATIVE, CongressForm.GENERAL])
def test_the_compiled_share_of_the_congress_meets_the_check_at_every_size(ratio, form):
    """A council at, just under and just over its share of the representatives (or, with a
    会员大会, of all members), and the facts it asks for when one is missing."""
    check, ctx = CHECKS["council_within_share_of_congress"], check_context(_Spec(), DEMO_DATE, None)
    params = {"ratio": ratio}
    bound = check.compile("council.size", params, ctx)
    for base in range(13):
        for size in range(6):
            facts = Facts(
                {
                    "council.size": size,
                    "congress.form": form,
                    "congress.representatives": base,
                    "members.total": 12 - base,
                }
            )
            assert bound(facts) == check.run(facts, "council.size", params, ctx).status
            for missing in facts:
                less = Facts({k: v for k, v in facts.items() if k != missing})
                full = outcome(check.run, less, "council.size", params, ctx)
                assert outcome(bound, less) == getattr(full, "status", full)


@pytest.mark.parametrize("form", [CongressForm.REPRESENTATIVE, CongressForm.GENERAL])
def test_the_compiled_congress_form_meets_the_check_around_its_bound(form):
    """Members at, just under and just over the bound, and the facts asked for when missing."""
    check = CHECKS["representative_congress_only_above"]
    ctx, params = check_context(_Spec(), DEMO_DATE, None), {"value": 300}
    bound = check.compile("congress.form", params, ctx)
    for total in (0, 299, 300, 301, 1000):
        facts = Facts({"congress.form": form, "members.total": total})
        assert bound(facts) == check.run(facts, "congress.form", params, ctx).status
        for missing in facts:
            less = Facts({k: v for k, v in facts.items() if k != missing})
            full = outcome(check.run, less, "congress.form", params, ctx)
            assert outcome(bound, less) == getattr(full, "status", full)


class _Spec:
    """What check_context reads of a framework."""

    effective_on = DEMO_DATE
    young_age = 45


@pytest.mark.parametrize("growth", [0.2, "0.5", 1])
@pytest.mark.parametrize("measure", ["total", "individual"])
def test_the_compiled_growth_meets_the_check_around_the_threshold_and_the_target(growth, measure):
    check, ctx = CHECKS["growth_since_baseline"], check_context(_Spec(), DEMO_DATE, None)
    params = {"baseline_year": 2016, "growth": growth, "threshold": 100, "measure": measure}
    bound = check.compile("members", params, ctx)
    for base in (0, 1, 5, 99, 100, 101, 150):
        for now in range(max(0, base - 2), base * 2 + 3):
            facts = Facts({f"members.{measure}_2016": base, f"members.{measure}": now})
            assert bound(facts) == check.run(facts, "members", params, ctx).status, (base, now)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("count_at_least", {"min": 3, "noun": "个"}),
        ("count_at_least", {"min": 1, "noun": "个", "requires": "branches.count"}),
        ("count_more_than", {"value": 3, "noun": "个"}),
        ("count_at_most", {"max": 3, "noun": "个"}),
        ("count_at_most", {"max": 0, "noun": "名人员", "requires": "branches.count"}),
        ("value_at_least", {"min": 30}),
    ],
)
def test_the_compiled_counts_meet_the_check_at_their_bounds(name, params):
    check, ctx = CHECKS[name], check_context(_Spec(), DEMO_DATE, None)
    bound = check.compile("branches.unfiled_count", params, ctx)
    for value in (0, 1, 2, 3, 4, 29, 30, 30.5, 31):
        for required in (0, 2):
            facts = Facts({"branches.unfiled_count": value, "branches.count": required})
            full = check.run(facts, "branches.unfiled_count", params, ctx).status
            assert bound(facts) == full, (value, required)


TERM = {"number": 3, "start_on": "2020-01-01", "planned_end_on": "2024-12-31"}


@pytest.mark.parametrize("current", [None, TERM])
@pytest.mark.parametrize("late", [0, 1, 400])
def test_the_compiled_term_check_meets_the_check_with_and_without_a_term(current, late):
    check, ctx = CHECKS["not_overdue"], check_context(_Spec(), DEMO_DATE, None)
    bound = check.compile("term.current", {}, ctx)
    facts = Facts({"term.current": current, "term.overdue_days": late})
    assert bound(facts) == check.run(facts, "term.current", {}, ctx).status
    facts.lack(["term.overdue_days"], "测试：缺少数据")
    assert outcome(bound, facts) == outcome(check.run, facts, "term.current", {}, ctx)


SECRETARY = {"name": "甲", "office_label": "秘书长", "start_on": "2020-01-01"}


@pytest.mark.parametrize("fallback", [True, False])
@pytest.mark.parametrize(
    "holders",
    [
        [],
        [{"selection": "appointed", "is_full_time": True}],
        [{"selection": "appointed", "is_full_time": False}],
        [{"selection": "elected", "is_full_time": True}],
        [{"selection": "", "is_full_time": False}, {"selection": "appointed", "is_full_time": 1}],
    ],
)
@pytest.mark.parametrize("deputies", [[], [{"is_full_time": False}], [{"is_full_time": True}]])
def test_the_compiled_secretary_checks_meet_the_checks(fallback, holders, deputies):
    ctx = check_context(_Spec(), DEMO_DATE, None)
    people = [{**SECRETARY, "selection_label": "", **p} for p in holders]
    deputies = [{**SECRETARY, "office_label": "副秘书长", **p} for p in deputies]
    facts = Facts(
        {"officers.secretary_general": people, "officers.deputy_secretary_generals": deputies}
    )
    for name, params in (
        ("secretary_general_appointed", {}),
        ("secretary_general_full_time_appointed", {"deputy_fallback": fallback}),
    ):
        check = CHECKS[name]
        bound = check.compile("officers.secretary_general", params, ctx)
        full = check.run(facts, "officers.secretary_general", params, ctx).status
        assert bound(facts) == full, name
