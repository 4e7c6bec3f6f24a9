"""Periods, obligations and binding: how a result is decided and counted (issue 10, items 3, 4, 7)."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError

from xuehui.rules.choices import Status
from xuehui.rules.engine import encouraged_done, evaluate_society, pass_rate, summarise
from xuehui.rules.facts.base import Facts
from xuehui.rules.spec import FrameworkError, parse_framework

from .test_commands import loaded, run, society  # noqa: F401  (fixtures)


def leaf(key, clause, obligation="mandatory", period=None, fact="activities.training", minimum=2):
    node = {
        "key": key,
        "title": f"标题{key}",
        "clause": clause,
        "excerpt": "每年开展培训不少于2次",
        "obligation": obligation,
        "decide": {
            "by": "automatic",
            "fact": fact,
            "check": "count_at_least",
            "params": {"min": minimum, "noun": "次培训"},
        },
    }
    if period:
        node["period"] = period
    return node


def framework(*requirements, applies=None):
    data = {
        "key": "demo",
        "title": "示例",
        "issuer": "某科协",
        "document_number": "",
        "source": "x.txt",
        "jurisdiction_level": "provincial",
        "effective_on": "2020-01-01",
        "version": 1,
        "requirements": list(requirements),
    }
    if applies:
        data["applies"] = applies
    return parse_framework(data)


def judge(spec, on, **facts):
    values = {"pilots.programmes": [], "activities.training": 0, "activities.total": 0}
    values.update(facts)
    return {r.requirement.key: r for r in evaluate_society(spec, Facts(values), on)}


# ---- item 3: a 每年 requirement judges its calendar year ------------------------------------------


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (dt.date(2025, 1, 15), Status.PENDING),  # the year has just begun
        (dt.date(2025, 12, 30), Status.PENDING),
        (dt.date(2025, 12, 31), Status.FAIL),  # a complete year that fell short
    ],
)
def test_a_yearly_count_short_inside_the_year_is_pending_and_fails_only_on_31_december(on, status):
    spec = framework(leaf("1", "第1条", period="year"))
    result = judge(spec, on, **{"activities.training": 1})["1"]
    assert result.status == status
    if status == Status.PENDING:
        assert result.explanation == "年度未结束：本年度已1次，年底前还需1次。"


def test_a_yearly_count_reached_passes_on_any_day():
    spec = framework(leaf("1", "第1条", period="year"))
    assert (
        judge(spec, dt.date(2025, 1, 15), **{"activities.training": 2})["1"].status == Status.PASS
    )


def test_without_a_period_the_count_is_judged_as_it_stands():
    spec = framework(leaf("1", "第1条"))
    assert judge(spec, dt.date(2025, 1, 15))["1"].status == Status.FAIL


def test_an_unknown_period_is_refused_in_chinese():
    with pytest.raises(FrameworkError, match="period「monthly」无效"):
        framework(leaf("1", "第1条", period="monthly"))


def test_check_year_judges_the_complete_year(loaded, society):  # noqa: F811
    args = ("check", "--society", society.uscc, "--framework", "hubei-reform-2017")
    payload = json.loads(run(*args, "--year", "2024", "--format", "json"))
    assert (payload["on"], payload["year"], payload["year_complete"]) == ("2024-12-31", 2024, True)
    payload = json.loads(run(*args, "--on", "2025-01-15", "--format", "json"))
    assert (payload["year"], payload["year_complete"]) == (2025, False)
    with pytest.raises(CommandError, match="核验年度「24」无效"):
        run(*args, "--year", "24")


# ---- item 4: an encouraged item not done --------------------------------------------------------


def test_an_encouraged_item_not_done_reads_not_done_and_never_fails_its_group():
    group = {
        "key": "G",
        "title": "组",
        "clause": "第一条",
        "children": [leaf("1", "第1项"), leaf("2", "第2项", obligation="encouraged")],
    }
    results = judge(framework(group), dt.date(2025, 12, 31), **{"activities.training": 1})
    assert results["2"].status == Status.NOT_DONE
    assert results["2"].explanation.startswith("未开展（鼓励项）")
    assert results["1"].status == Status.FAIL
    assert results["G"].status == Status.FAIL
    assert (
        "第1项" in results["G"].explanation
        and "第2项" not in results["G"].explanation.split("不达标：")[1]
    )
    # Once the mandatory item is met, the undone encouraged one does not keep the group down.
    met = {"activities.training": 1}
    group["children"][0] = leaf("1", "第1项", minimum=1)
    results = judge(framework(group), dt.date(2025, 12, 31), **met)
    assert (results["1"].status, results["2"].status) == (Status.PASS, Status.NOT_DONE)
    assert results["G"].status == Status.PASS
    listed = list(results.values())
    assert pass_rate(listed) == 1.0  # the encouraged item is counted apart
    assert encouraged_done(listed) == (0, 1)
    assert summarise(listed)[Status.NOT_DONE] == 1 and summarise(listed)[Status.FAIL] == 0


def test_a_group_of_encouraged_items_only_is_not_done_when_one_is_missing():
    group = {
        "key": "T",
        "title": "任务",
        "clause": "第12项",
        "children": [
            leaf("a", "第12项 工作标准1", obligation="encouraged", minimum=1),
            leaf("b", "第12项 工作标准2", obligation="encouraged", minimum=3),
        ],
    }
    results = judge(framework(group), dt.date(2025, 12, 31), **{"activities.training": 1})
    assert results["T"].status == Status.NOT_DONE


# ---- item 7: pilot standards for every society, binding only for pilots ------------------------


def test_a_non_pilot_gets_the_decided_status_not_binding_and_is_not_counted():
    spec = framework(leaf("1", "第1条", minimum=1), applies={"pilot": "p", "label": "试点学会"})
    outside = judge(spec, dt.date(2025, 12, 31), **{"activities.training": 1})["1"]
    assert (outside.status, outside.binding) == (Status.PASS, False)
    assert outside.explanation.startswith("非试点学会，仅供对照")
    assert outside.as_json()["binding"] is False
    assert summarise([outside])[Status.PASS] == 0 and pass_rate([outside]) is None
    member = judge(spec, dt.date(2025, 12, 31), **{"pilots.programmes": ["p"]})["1"]
    assert (member.status, member.binding) == (Status.FAIL, True)
    assert summarise([member])[Status.FAIL] == 1


def test_a_pilot_only_item_inside_a_binding_group_does_not_make_the_group_fail():
    pilot_only = leaf("2", "附件第10项", minimum=5)
    pilot_only["applies"] = {"pilot": "p"}
    group = {
        "key": "G",
        "title": "组",
        "clause": "附件",
        "children": [leaf("1", "附件第1项", minimum=1), pilot_only],
    }
    results = judge(framework(group), dt.date(2025, 12, 31), **{"activities.training": 1})
    assert (results["2"].status, results["2"].binding) == (Status.FAIL, False)
    assert results["G"].status == Status.PASS and results["G"].binding
