"""Every explanation the engine writes for the demo societies reads as Chinese a 科协 can sign:
no requirement key inside a sentence (a requirement is named by its clause or title), and a
count of incomplete records asks to complete them («需补全N名人员的资料»), never to remove
people («需减少N名…»)."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.test import override_settings

from xuehui.demo.context import DEMO_DATE
from xuehui.demo.tests.test_demo import FAST_HASHING, run_demo
from xuehui.rules.selectors import evaluate_frameworks, framework_specs
from xuehui.societies.models import Society

KEY = re.compile(r"[a-z_]+\.[a-z_]+")
# Web addresses are the society's own data (官方网站), not keys.
ADDRESS = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:cn|com|net|org|gov|edu)\b\S*")
REMOVE_PEOPLE_FOR_RECORDS = re.compile(r"需减少\d+名.*资料|需减少\d+名.*不全")
DOUBLE_NEGATIVE = re.compile(r"没有[^，。；（]*没有|不具备：无|具备：无|不超过0名")


def offences(text: str) -> list[str]:
    plain = ADDRESS.sub("", text)
    found = [f"key {m}" for m in KEY.findall(plain)]
    found += [f"remedy {m}" for m in REMOVE_PEOPLE_FOR_RECORDS.findall(plain)]
    found += [f"double negative {m}" for m in DOUBLE_NEGATIVE.findall(plain)]
    if re.search(r"\d+个(?:未持证的财务人员|理事|人员|监事)", plain):
        found.append("个 for people")
    return found


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once for the scan and rolled back after it."""
    hashing = override_settings(PASSWORD_HASHERS=FAST_HASHING)
    with django_db_blocker.unblock(), hashing, transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("on", [DEMO_DATE, dt.date(2026, 1, 15), dt.date(2025, 12, 31)])
def test_no_demo_explanation_names_a_key_or_asks_to_remove_people_with_incomplete_records(
    small_demo, on
):
    specs = list(framework_specs().values())
    ids = list(Society.objects.values_list("pk", flat=True))
    bad = set()
    for by_society in evaluate_frameworks(specs, ids, on).values():
        for results in by_society.values():
            for r in results:
                for problem in offences(r.explanation):
                    bad.add(f"{r.ref}: {problem} «{r.explanation}»")
    assert not bad, "\n".join(sorted(bad)[:40])


# ---- the wording of the checks, at their boundaries -----------------------------------------------


def check(name, value, **params):
    from xuehui.rules.checks import CHECKS, CheckContext
    from xuehui.rules.facts.base import Facts

    ctx = CheckContext(on=DEMO_DATE, effective_on=dt.date(2018, 1, 1), young_age=45, year=2026)
    return CHECKS[name](Facts({"x": value, "n": 10}), "x", params, ctx)


INCOMPLETE = {"max": 0, "noun": "名基础信息不全的理事", "remedy": "需补全{n}名人员的资料"}


def test_incomplete_records_ask_to_complete_them_not_to_remove_people():
    outcome = check("count_at_most", 7, **INCOMPLETE)
    assert outcome.status == "fail"
    assert outcome.explanation == "现有7名基础信息不全的理事；需补全7名人员的资料。"
    assert "不超过0" not in outcome.explanation and "减少" not in outcome.explanation
    assert check("count_at_most", 0, **INCOMPLETE, done="理事会成员基础信息完整").explanation == (
        "理事会成员基础信息完整。"
    )


def test_a_positive_bound_still_asks_to_reduce():
    outcome = check("count_at_most", 12, max=10, noun="名副理事长")
    assert outcome.explanation == "现有12名副理事长，要求不超过10名副理事长；需减少2名。"


def test_an_empty_list_passes_in_a_positive_sentence_and_people_are_counted_with_ming():
    ok = check("none_listed", [], label="未持证的财务人员", done="财务人员均持证上岗")
    assert ok.explanation == "财务人员均持证上岗。"
    bad = check(
        "none_listed",
        ["石娟娟"],
        label="未持证的财务人员",
        unit="名",
        remedy="财务人员必须持证上岗",
    )
    assert bad.explanation == "有1名未持证的财务人员：石娟娟。财务人员必须持证上岗。"


def test_a_missing_thing_says_what_is_there_and_what_to_do():
    outcome = check(
        "exists", False, label="无挂靠单位", missing="学会有挂靠单位", remedy="试点学会须实行无挂靠"
    )
    assert outcome.explanation == "学会有挂靠单位；试点学会须实行无挂靠。"
    assert check("exists", True, label="无挂靠单位", present="学会无挂靠单位").explanation == (
        "学会无挂靠单位。"
    )
    assert "如已具备" in check("exists", False, label="独立银行账户").explanation
