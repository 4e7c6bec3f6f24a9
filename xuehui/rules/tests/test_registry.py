"""A check is registered once: its function, its parameters and its description together.
A framework naming a parameter a check does not take, or leaving out one it needs, does not
load; every registered check says in Chinese what it measures."""

import re

import pytest

from xuehui.rules.checks import CHECKS
from xuehui.rules.describe import threshold
from xuehui.rules.services import framework_load
from xuehui.rules.spec import Decision, FrameworkError, FrameworkSpec, Requirement, parse_framework

from .factories import library_data, tiny_framework

LIBRARY = (
    "fengxian-2019",
    "hubei-2h-2017",
    "hubei-reform-2017",
    "jiangxi-3h-2022",
    "tianjin-tasks",
)
SAMPLE = {
    "part": "frontline",
    "ratio": "3/4",
    "of": "council",
    "min": 3,
    "max": 5,
    "value": 300,
    "baseline_year": 2017,
    "growth": 0.1,
    "threshold": 500,
    "max_age": 62,
    "max_terms": 2,
    "condition_fact": "members.individual",
}


def _automatic(data: dict) -> dict:
    return next(
        n["decide"] for n in data["requirements"] if n.get("decide", {}).get("by") == "automatic"
    )


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_describes_itself_in_chinese_without_keys(name):
    registered = CHECKS[name]
    params = {key: SAMPLE[key] for key in registered.required}
    text = registered.describe(params, "council")
    assert text and re.search(r"[\u4e00-\u9fff]", text)
    assert not re.search(r"[a-z]{3,}", text), text  # no key such as ratio_at_least or council
    assert registered.required <= registered.params


def test_a_check_without_a_description_cannot_be_registered():
    from xuehui.rules.checks import check

    with pytest.raises(TypeError):
        check("no_description")  # type: ignore[call-arg]


@pytest.mark.parametrize("key", LIBRARY)
def test_every_framework_of_the_library_names_only_parameters_its_checks_take(key):
    parse_framework(library_data(key))


def test_an_unknown_parameter_stops_the_framework_loading(db):
    data = tiny_framework()
    decide = _automatic(data)
    decide.setdefault("params", {})["minimum"] = 3
    with pytest.raises(FrameworkError) as error:
        framework_load(data=data)
    assert f"核验函数「{decide['check']}」没有参数：minimum" in str(error.value)


def test_a_missing_required_parameter_stops_the_framework_loading(db):
    data = tiny_framework()
    decide = _automatic(data)
    required = sorted(CHECKS[decide["check"]].required)
    assert required, "the tiny framework's check should need a parameter"
    decide["params"].pop(required[0])
    with pytest.raises(FrameworkError) as error:
        framework_load(data=data)
    assert f"缺少参数：{required[0]}" in str(error.value)


def test_an_unregistered_check_is_described_in_chinese():
    node = Requirement(
        key="1", title="t", clause="c", decision=Decision(by="automatic", fact="x", check="gone")
    )
    spec = FrameworkSpec.__new__(FrameworkSpec)
    assert threshold(node, spec) == "按框架规定的标准自动核验"
