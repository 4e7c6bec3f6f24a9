"""The arithmetic of the checks, and the selection rules of groups, on facts built by hand."""

import datetime as dt
from fractions import Fraction

import pytest

from xuehui.rules.checks import additions_needed, switches_needed
from xuehui.rules.choices import Status
from xuehui.rules.engine import evaluate_society
from xuehui.rules.facts.base import Facts
from xuehui.rules.spec import parse_framework

from .factories import library_data

ON = dt.date(2024, 6, 1)


@pytest.mark.parametrize("r", [Fraction(3, 4), Fraction(2, 3), Fraction(1, 3)])
@pytest.mark.parametrize("n", [1, 7, 40, 41, 63])
def test_additions_and_switches_are_the_fewest_that_reach_the_share(r, n):
    for k in range(n + 1):
        x, y = additions_needed(k, n, r), switches_needed(k, n, r)
        assert Fraction(k + x, n + x) >= r and (x == 0 or Fraction(k + x - 1, n + x - 1) < r)
        assert Fraction(min(k + y, n), n) >= r and (y == 0 or Fraction(k + y - 1, n) < r)


def tianjin_facts(**overrides) -> Facts:
    """Facts under which every automatic Tianjin group-三 standard passes, unless overridden."""
    facts = Facts(
        {
            "activities.party_building": 1,
            "activities.academic_hosted": 2,
            "activities.international": 1,
            "activities.talent_recommendation": 1,
            "activities.science_award": 1,
            "activities.training": 2,
            "activities.technical_service": 1,
            "activities.consortium_hosted": 1,
            "activities.government_functions": 1,
            "activities.science_week_popularization": 1,
            "activities.four_into": 1,
            "activities.consulting": 1,
            "web.any": "https://example.org.cn",
            "regulations.documents": {},
            "pilots.programmes": [],
            "term.latest_reelection_on": None,
        }
    )
    # The same counts over the current term, for the standards whose text names no period.
    facts.update(
        {
            f"{name}_in_term": value
            for name, value in list(facts.items())
            if name.startswith("activities.")
        }
    )
    facts.update(overrides)
    return facts


YEAR_END = dt.date(2024, 12, 31)


def outcome(facts, key, framework="tianjin-tasks", on=ON):
    spec = parse_framework(library_data(framework))
    return next(r for r in evaluate_society(spec, facts, on) if r.requirement.key == key)


def test_tianjin_group_three_waits_while_fewer_than_five_tasks_are_proven():
    # Only T18 (both standards automatic) and T20 pass outright; the rest wait for evidence.
    result = outcome(tianjin_facts(), "G3")
    assert result.status == Status.NEEDS_EVIDENCE
    assert "已达标2项（第18项、第20项）" in result.explanation


def test_tianjin_group_three_fails_when_even_all_pending_tasks_could_not_make_five():
    facts = tianjin_facts(
        **dict.fromkeys(
            (
                "activities.party_building_in_term",
                "activities.academic_hosted",
                "activities.talent_recommendation_in_term",
                "activities.training",
                "activities.technical_service_in_term",
                "activities.consortium_hosted",
                "activities.consortium_hosted_in_term",
                "activities.government_functions_in_term",
                "activities.consulting_in_term",
            ),
            0,
        )
    )
    facts["regulations.documents"] = {}
    # In June the 每年 standards (T12.1, T13.6, T16.2, T18.1) can still be met this year.
    assert outcome(facts, "G3").status != Status.FAIL
    result = outcome(facts, "G3", on=YEAR_END)
    assert result.status == Status.FAIL
    assert "不足5项" in result.explanation


def test_tianjin_task_thirteen_needs_standards_one_two_three_and_six_only():
    facts = tianjin_facts(
        **{"activities.science_award_in_term": 0}
    )  # standard 5 failing does not matter
    result = outcome(facts, "T13")
    assert result.status == Status.NEEDS_EVIDENCE  # 1 and 3 wait for evidence
    facts["activities.training"] = 1  # standard 6 short at the year's end: the task reads 未开展
    assert outcome(facts, "T13", on=YEAR_END).status == Status.NOT_DONE
    assert outcome(facts, "T13").status not in (Status.FAIL, Status.NOT_DONE)  # June: 年度未结束


def test_a_condition_the_data_cannot_show_goes_to_review_with_the_figures():
    facts = Facts({"members.individual": 320, "pilots.programmes": [], "regulations.documents": {}})
    result = outcome(facts, "4.3.b", "hubei-reform-2017")
    assert result.status == Status.NEEDS_REVIEW
    assert (
        "新申请加入湖北省科协团体会员的学会" in result.explanation and "320" in result.explanation
    )


def test_requirements_addressed_to_the_federation_are_not_checked_for_societies():
    result = outcome(Facts({"regulations.documents": {}}), "3.2", "hubei-reform-2017")
    assert result.status == Status.NOT_APPLICABLE
    assert "科协" in result.explanation


def test_a_rule_document_present_goes_to_review_and_an_absent_one_waits_for_evidence():
    facts = Facts(
        {
            "regulations.documents": {
                "meetings": [{"name": "会议制度", "adopted_on": dt.date(2019, 1, 1)}]
            }
        }
    )
    assert outcome(facts, "annex.6", "hubei-reform-2017").status == Status.NEEDS_REVIEW
    result = outcome(facts, "annex.8", "hubei-reform-2017")
    assert result.status == Status.NEEDS_EVIDENCE and "《人事制度》" in result.explanation


def test_a_charter_adopted_before_the_document_does_not_count_as_revised():
    old = Facts(
        {
            "regulations.documents": {
                "charter": [{"name": "章程", "adopted_on": dt.date(2015, 1, 1)}]
            }
        }
    )
    assert outcome(old, "annex.2", "hubei-reform-2017").status == Status.NEEDS_EVIDENCE
    new = Facts(
        {
            "regulations.documents": {
                "charter": [{"name": "章程", "adopted_on": dt.date(2018, 3, 1)}]
            }
        }
    )
    assert outcome(new, "annex.2", "hubei-reform-2017").status == Status.NEEDS_REVIEW


def test_a_missing_fact_waits_for_evidence_and_says_why():
    facts = Facts({"regulations.documents": {}, "pilots.programmes": []})
    facts.lack(["members.individual"], "尚无会员数据（会员名册或年度会员统计）")
    result = outcome(facts, "annex.12", "hubei-reform-2017")
    assert result.status == Status.NEEDS_EVIDENCE
    assert result.explanation.startswith("尚无会员数据")
