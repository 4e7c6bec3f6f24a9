"""Scoring a year, without the database: each scoring type at its boundaries, false answers,
ranks, classes under quotas and vetoes, stars (issue 14, items 1–4)."""

from decimal import Decimal

import pytest

from xuehui.evaluation.scheme import SchemeError, parse
from xuehui.evaluation.scoring import Known, Mark, expert_score, score_year


def scheme(**overrides) -> dict:
    data = {
        "key": "t",
        "name": "测试指标体系",
        "year": 2026,
        "indicators": [
            {
                "code": "1",
                "name": "发展能力",
                "points": 15,
                "children": [
                    {
                        "code": "1.1",
                        "name": "个人会员数",
                        "points": 10,
                        "fact": "members.individual",
                        "bands": [
                            {"min": 1000, "score": 10},
                            {"min": 500, "max": 999, "score": 7},
                            {"min": 300, "max": 499, "score": 5},
                        ],
                    },
                    {
                        "code": "1.2",
                        "name": "专职工作人员",
                        "points": 5,
                        "fact": "staff.full_time",
                        "steps": {"from": 1, "base": 3, "each": 1, "max": 5},
                    },
                ],
            },
            {"code": "2", "name": "学术水平", "points": 10, "expert": True},
            {"code": "3", "name": "按期换届", "points": 5, "rule": "f:4.5.b", "mandatory": True},
            {"code": "4", "name": "评估检查", "points": 70, "verdict": "f:4.2.b"},
        ],
    }
    return data | overrides


def known(code="S1", **facts) -> Known:
    base = {"party.organisation_formal": "党支部", "term.overdue_days": 0}
    marks = facts.pop("marks", {})
    statuses = facts.pop("statuses", {"f:4.5.b": ("pass", "在任")})
    verdicts = facts.pop("verdicts", {"f:4.2.b": "passed"})
    return Known(
        code=code,
        name=f"学会{code}",
        facts=base | facts,
        marks=marks,
        statuses=statuses,
        verdicts=verdicts,
    )


def line(outcome, code):
    return next(x for x in outcome.lines if x.code == code)


def one(data, k) -> object:
    return score_year(parse(data), {1: k})[0]


@pytest.mark.parametrize(
    ("members", "points"),
    [(1000, 10), (999, 7), (500, 7), (499, 5), (300, 5), (299, 0), (0, 0)],
)
def test_member_bands_at_their_edges(members, points):
    outcome = one(scheme(), known(**{"members.individual": members}))
    assert line(outcome, "1.1").score == points
    assert str(members) in line(outcome, "1.1").basis


@pytest.mark.parametrize(("staff", "points"), [(0, 0), (1, 3), (2, 4), (3, 5), (7, 5)])
def test_staff_steps_three_for_one_one_more_each_at_most_five(staff, points):
    outcome = one(scheme(), known(**{"staff.full_time": staff}))
    assert line(outcome, "1.2").score == points


def test_a_missing_fact_scores_nothing_and_says_why():
    k = known()
    k.missing = {"members.individual": "未登记会员名册"}
    outcome = one(scheme(), k)
    assert line(outcome, "1.1").score == 0
    assert "未登记会员名册" in line(outcome, "1.1").basis


def test_three_experts_are_averaged_four_lose_the_highest_and_lowest():
    three = [Mark("甲", Decimal(90)), Mark("乙", Decimal(60)), Mark("丙", Decimal(75))]
    score, basis = expert_score(Decimal(10), three)
    assert score == Decimal("7.50")
    assert "去掉" not in basis
    four = [*three, Mark("丁", Decimal(100))]
    score, basis = expert_score(Decimal(10), four)
    # 100 and 60 dropped: (90 + 75) / 2 = 82.5 % of 10
    assert score == Decimal("8.25")
    assert "去掉一个最高分100%和一个最低分60%" in basis


def test_no_expert_mark_scores_nothing():
    assert expert_score(Decimal(10), [Mark("甲", None, True)])[0] == 0


def test_a_false_answer_zeroes_its_item_and_enough_of_them_zero_the_indicator():
    data = scheme(false_answers={"zero_indicator_at": 2, "level": 1})
    facts = {"members.individual": 1200, "staff.full_time": 3}
    one_false = {"1.1": [Mark("甲", None, True, "会员数与名册不符")]}
    outcome = one(data, known(marks=one_false, **facts))
    assert line(outcome, "1.1").score == 0
    assert "认定该项填报虚假" in line(outcome, "1.1").basis
    assert line(outcome, "1.2").score == 5
    two_false = one_false | {"1.2": [Mark("乙", None, True, "无劳动合同")]}
    outcome = one(data, known(marks=two_false, **facts))
    assert line(outcome, "1.1").score == line(outcome, "1.2").score == 0
    assert outcome.score == 5 + 70  # the rule and the verdict are untouched


def test_rule_and_verdict_leaves_follow_the_shares_the_scheme_sets():
    data = scheme(rule_statuses={"needs_evidence": 0.5}, verdicts={"other": 0.2})
    k = known(statuses={"f:4.5.b": ("needs_evidence", "缺材料")}, verdicts={"f:4.2.b": "in_review"})
    outcome = one(data, k)
    assert line(outcome, "3").score == Decimal("2.50")
    assert line(outcome, "4").score == Decimal("14.00")
    outcome = one(data, known(statuses={}, verdicts={}))
    assert line(outcome, "3").score == line(outcome, "4").score == 0
    assert "未核验" in line(outcome, "3").basis
    assert "没有" in line(outcome, "4").basis


def test_the_breakdown_adds_up_to_the_total():
    marks = {"2": [Mark("甲", Decimal("66.67")), Mark("乙", Decimal("33.33"))]}
    outcome = one(scheme(), known(marks=marks, **{"members.individual": 600}))
    assert sum(x.score for x in outcome.lines) == outcome.score
    assert [x.code for x in outcome.lines] == ["1.1", "1.2", "2", "3", "4"]


def classed(**classification) -> dict:
    return scheme(classification=classification)


def year(data, societies: dict[str, int], **extra) -> dict:
    """Societies scored by members alone: the verdict worth 70 gives everyone the same base."""
    k = {
        n: known(code, **{"members.individual": m}, **extra.get(code, {}))
        for n, (code, m) in enumerate(societies.items())
    }
    return {o.code: o for o in score_year(parse(data), k)}


def test_equal_scores_share_a_rank():
    found = year(scheme(), {"A": 1200, "B": 600, "C": 700, "D": 100})
    assert [found[c].rank for c in "ABCD"] == [1, 2, 2, 4]


def test_the_society_after_the_quota_is_not_key_support():
    data = classed(key_support={"min_score": 80, "quota": 2}, cultivate={"min_score": 70})
    found = year(data, {"A": 1200, "B": 600, "C": 350, "D": 0})
    assert found["A"].tier == "key_support" and found["B"].tier == "key_support"
    assert found["C"].tier == "cultivate"  # 80 points, third by rank
    assert any("名额" in n for n in found["C"].notes)
    assert found["D"].tier == "cultivate"  # 75: meets the 培育扶持 line
    data = classed(key_support={"min_score": 70, "quota": 2}, cultivate={"min_score": 70})
    found = year(data, {"A": 1200, "B": 600, "C": 350, "D": 0})
    assert found["C"].tier == "cultivate"


def test_ties_at_the_edge_of_a_quota_are_left_to_the_federation():
    data = classed(key_support={"quota": 2}, cultivate={"quota": 5})
    found = year(data, {"A": 1200, "B": 600, "C": 700, "D": 0})
    assert found["A"].tier == "key_support"
    assert found["B"].tier == found["C"].tier == "cultivate"
    assert "并列第2名" in found["B"].notes[0] and "由科协决定" in found["B"].notes[0]


def test_no_one_ranked_below_a_tie_that_overflows_the_quota_takes_it():
    data = classed(key_support={"quota": 2}, cultivate={"quota": 5})
    found = year(data, {"A": 1200, "B": 1200, "C": 1200, "D": 600, "E": 300})
    assert [found[c].tier for c in "ABC"] == ["cultivate"] * 3
    assert found["D"].tier == "cultivate" and "名额已满" in found["D"].notes[0]


def test_no_party_organisation_is_never_key_support_whatever_the_score():
    data = classed(key_support={"min_score": 50, "quota": 5}, cultivate={"min_score": 10})
    found = year(data, {"A": 1200, "B": 600}, A={"party.organisation_formal": False})
    assert found["A"].rank == 1
    assert found["A"].tier == "cultivate"
    assert found["A"].restructure_candidate
    assert "党组织缺失" in found["A"].vetoes[0]
    assert found["B"].tier == "key_support"


def test_overdue_terms_bar_key_support_beyond_the_grace():
    data = classed(key_support={"min_score": 50}, vetoes={"overdue_term_grace_days": 90})
    found = year(
        data,
        {"A": 1200, "B": 1200},
        A={"term.overdue_days": 90},
        B={"term.overdue_days": 91},
    )
    assert found["A"].tier == "key_support"
    assert found["B"].tier == "" and "逾期91天" in found["B"].vetoes[0]


def test_a_failed_mandatory_requirement_bars_key_support_when_the_scheme_says_so():
    failed = {"statuses": {"f:4.5.b": ("fail", "届满未换届")}}
    data = classed(key_support={"min_score": 50})
    found = year(data, {"A": 1200}, A=failed)
    assert found["A"].tier == "" and "必达指标" in found["A"].vetoes[0]
    data = classed(key_support={"min_score": 50}, vetoes={"failed_mandatory": False})
    assert year(data, {"A": 1200}, A=failed)["A"].tier == "key_support"


def test_below_the_line_is_restructure_and_between_lines_no_class():
    data = classed(
        key_support={"min_score": 85}, cultivate={"min_score": 81}, restructure={"below_score": 71}
    )
    found = year(data, {"A": 1200, "B": 300, "C": 0}, C={"verdicts": {}})
    assert found["A"].tier == "key_support"  # 85
    assert found["B"].tier == "", found["B"].notes  # 80
    assert "不列入分类" in found["B"].notes[0]
    assert found["C"].tier == "restructure"  # 5: the rule alone


STARS = {
    "rate": "all",
    "valid_years": 3,
    "levels": [
        {"stars": 5, "min_score": 85, "requires": {"members.individual": 1000}},
        {"stars": 4, "min_score": 80},
        {"stars": 1, "min_score": 70},
    ],
}


def test_stars_by_score_and_size_with_the_minimum_conditions():
    data = scheme(stars=STARS)
    found = year(
        data,
        {"A": 1200, "B": 999, "C": 1200, "D": 1200, "E": 0},
        C={"party.organisation_formal": False},
        D={"term.overdue_days": 1},
    )
    assert found["A"].stars == 5
    assert found["B"].stars == 4  # 82 points but fewer than 1000 members
    assert found["C"].stars == 0 and "没有党组织" in found["C"].star_note
    assert found["D"].stars == 0 and "届满未按期换届" in found["D"].star_note
    assert found["E"].stars == 1


def test_only_applicants_are_rated_when_the_scheme_says_so():
    data = scheme(stars=STARS | {"rate": "applicants"})
    k = {
        1: known("A", **{"members.individual": 1200}),
        2: known("B", **{"members.individual": 1200}),
    }
    k[2].applied_for_stars = True
    found = {o.code: o for o in score_year(parse(data), k)}
    assert found["A"].stars is None and found["A"].star_note == "未申请星级评估"
    assert found["B"].stars == 5


def test_without_a_star_scheme_no_one_is_rated():
    assert year(scheme(), {"A": 1200})["A"].stars is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"indicators": [{"code": "1", "name": "甲", "points": 10, "children": [
            {"code": "1.1", "name": "乙", "points": 4, "expert": True}]}]}, "下级指标分值之和为4"),
        ({"indicators": [{"code": "1", "name": "甲", "points": 10}]}, "应且只应设一种计分方式"),
        ({"indicators": [{"code": "1", "name": "甲", "points": 10, "fact": "no.such"}]}, "不是平台已知的数据项"),
        ({"indicators": [{"code": "1", "name": "甲", "points": 10, "fact": "members.individual",
                          "bands": [{"min": 5, "score": 11}]}]}, "应在0到指标分值10之间"),
        ({"indicators": [{"code": "1", "name": "甲", "points": "十", "expert": True}]}, "应为数字"),
        ({"indicators": [{"code": "1", "name": "甲", "points": 10, "expert": True},
                         {"code": "1", "name": "乙", "points": 10, "expert": True}]}, "重复"),
        ({"classification": {"key_support": {"min_score": 60}, "cultivate": {"min_score": 70}}}, "不应高于"),
        ({"stars": {"levels": [{"stars": 6, "min_score": 90}]}}, "1～5"),
        ({"weights": 1}, "无法识别的设置"),
        ({"indicators": [{"code": "1", "name": "甲", "points": 10, "rule": "no-colon"}]}, "框架代码:条目编号"),
    ],
)  # fmt: skip
def test_a_scheme_that_cannot_be_used_is_refused_with_each_reason(change, message):
    with pytest.raises(SchemeError) as error:
        parse(scheme(**change))
    assert any(message in p for p in error.value.problems), error.value.problems


def test_five_levels_are_one_too_many():
    node: dict = {"code": "5", "name": "五级", "points": 1, "expert": True}
    for level in (4, 3, 2, 1):
        node = {"code": str(level), "name": f"{level}级", "points": 1, "children": [node]}
    with pytest.raises(SchemeError, match="至多4级"):
        parse(scheme(indicators=[node]))


def leaf(**fields) -> dict:
    return {"code": "1", "name": "甲", "points": 10} | fields


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": "含 空格"}, "只能由字母、数字、连字符组成"),
        ({"key": ""}, "缺少指标体系代码"),
        ({"name": ""}, "缺少指标体系名称"),
        ({"year": 1999}, "不在2000～2100年之间"),
        ({"year": 2025.5}, "应为非负整数"),
        ({"indicators": "all"}, "应为列表"),
        ({"indicators": ["x"]}, "应为键值表"),
        ({"indicators": [leaf(points=True, expert=True)]}, "应为数字"),
        ({"indicators": [leaf(points="NaN", expert=True)]}, "应为数字"),
        ({"indicators": [leaf(points=-1, expert=True)]}, "不能为负数"),
        ({"indicators": [leaf(code="", expert=True)]}, "缺少编号"),
        ({"indicators": [leaf(name="", expert=True)]}, "缺少名称"),
        ({"indicators": [leaf(expert=True, weight=2)]}, "无法识别的设置“weight”"),
        ({"indicators": [leaf(expert="yes")]}, "应写作 true"),
        ({"indicators": [leaf(expert=True, bands=[{"min": 1, "score": 1}])]}, "只有统计项"),
        ({"indicators": [leaf(children="x")]}, "应为列表"),
        ({"indicators": [leaf(expert=True, children=[leaf(code="2", expert=True)])]}, "不能再设计分方式"),
        ({"indicators": [leaf(rule="f:1", mandatory="yes")]}, "mandatory"),
        ({"indicators": [leaf(fact="members.individual")]}, "应设分档（bands）或递增（steps）之一"),
        ({"indicators": [leaf(fact="members.individual", bands="x")]}, "应为列表"),
        ({"indicators": [leaf(fact="members.individual", bands=[{"score": 1}])]}, "应设下限（min）或上限（max）"),
        ({"indicators": [leaf(fact="members.individual", bands=[{"min": 9, "max": 3, "score": 1}])]}, "大于上限"),
        ({"indicators": [leaf(fact="members.individual", steps={"from": 1, "base": 3})]}, "steps.each"),
        ({"indicators": [leaf(fact="members.individual", steps={"from": 1, "base": 3, "each": 1, "max": 12})]}, "超过指标分值"),
        ({"rule_statuses": {"passed": 1}}, "不是可用的结果"),
        ({"verdicts": {"passed": 2}}, "0到1之间"),
        ({"rule_statuses": "x"}, "应为键值表"),
        ({"false_answers": {"zero_indicator_at": 0}}, "应至少为1"),
        ({"false_answers": {"level": 5}}, "应在1到4之间"),
        ({"classification": {"ranks": 1}}, "无法识别的“ranks”"),
        ({"classification": {"vetoes": {"party_fact": "members.individual"}}}, "不是党组织数据项"),
        ({"classification": {"vetoes": {"no_party_organisation": "yes"}}}, "应为 true 或 false"),
        ({"classification": {"targets": {"key_support": -3}}}, "非负整数"),
        ({"stars": {"levels": []}}, "缺少等级"),
        ({"stars": {"levels": [{"stars": 1, "min_score": 60}], "rate": "some"}}, "stars.rate"),
        ({"stars": {"levels": [{"stars": 1, "min_score": 60}], "valid_years": 0}}, "应至少为1"),
        ({"stars": {"levels": [{"stars": 1, "min_score": 60, "requires": {"no.such": 1}}]}}, "规模条件"),
        ({"stars": {"levels": [{"stars": 1, "min_score": 60}, {"stars": 1, "min_score": 70}]}}, "星数重复"),
        ({"publicity": {"peer_objections": "yes"}}, "peer_objections"),
    ],
)  # fmt: skip
def test_every_setting_is_checked(change, message):
    with pytest.raises(SchemeError) as error:
        parse(scheme(**change))
    assert any(message in p for p in error.value.problems), error.value.problems


def test_a_definition_that_is_not_a_mapping():
    with pytest.raises(SchemeError, match="应为键值表"):
        parse(["a list"])


def test_references_are_checked_against_the_frameworks_given():
    class Spec:
        name = "测试框架"

        def find(self, key):
            return None if key != "1" else type("R", (), {"clause": "一、", "title": "会议制度"})()

    frameworks = {"f": Spec()}
    with pytest.raises(SchemeError) as error:
        parse(
            scheme(indicators=[leaf(rule="g:1"), leaf(code="2", verdict="f:9")]),
            frameworks=frameworks,
        )
    assert "“g”不存在" in " ".join(error.value.problems)
    assert "“9”不在政策框架" in " ".join(error.value.problems)
    read = parse(scheme(indicators=[leaf(rule="f:1", points=10)]), frameworks=frameworks)
    assert read.leaves()[0].how() == "按测试框架 一、「会议制度」的自动核验结果计分"


def test_how_each_method_reads():
    read = parse(scheme())
    hows = {node.code: node.how() for node in read.leaves()}
    assert hows["1.1"] == "个人会员数：≥1000得10分，500～999得7分，300～499得5分，其余0分"
    assert hows["1.2"].startswith("在聘专职工作人员人数：达到1得3分，每增加1再加1分")
    assert hows["2"].startswith("专家按得分率打分")
    assert hows["4"] == "按评估检查中要求 f:4.2.b的评审结论计分"
    band = parse(
        scheme(indicators=[leaf(fact="members.individual", bands=[{"max": 5, "score": 3}])])
    )
    assert band.leaves()[0].how() == "个人会员数：≤5得3分，其余0分"
    assert read.find("1").method_label == "" and read.find("2").method_label == "专家打分"
    assert read.total_points == 100 and read.facts_used() == {
        "members.individual",
        "staff.full_time",
    }
