"""The ranking and the walk down the budget (allocation.py), at their edges."""

from decimal import Decimal

import pytest

from xuehui.subsidies.allocation import Candidate, allocate, ranked, yuan

D = Decimal


def c(code, *, score=None, priority=(), grant=30000, eligible=True, post="", reasons=()):
    return Candidate(
        ref=code, code=code, name=f"学会{code}", grant=D(grant), eligible=eligible,
        reasons=reasons, priority=priority, score=None if score is None else D(score),
        post_key=post, post_holder="张三" if post else "",
    )  # fmt: skip


def amounts(outcome) -> dict:
    return {p.candidate.code: p.amount for p in outcome.placements}


def test_it_ranks_by_priority_count_then_score_then_code():
    order = ranked([
        c("C", score=90), c("A", score=80, priority=("star_rated",)), c("B", score=None),
        c("E", score=90), c("D", score=70, priority=("star_rated", "party_working")),
    ])  # fmt: skip
    assert [x.code for x in order] == ["D", "A", "C", "E", "B"]


def test_the_last_society_exactly_affordable_is_funded():
    outcome = allocate([c("A", score=90), c("B", score=80), c("C", score=70)], D(60000))
    assert amounts(outcome) == {"A": 30000, "B": 30000, "C": 0}
    assert outcome.remaining == 0
    note = outcome.placements[2].note
    assert note.startswith("预算不足：需30000元，剩余预算0元")


def test_one_yuan_short_leaves_the_last_one_out_and_stops():
    outcome = allocate([c("A", score=90), c("B", score=80), c("C", score=70)], D(59999))
    assert amounts(outcome) == {"A": 30000, "B": 0, "C": 0}
    by_code = {p.candidate.code: p for p in outcome.placements}
    assert "剩余预算29999元" in by_code["B"].note
    assert by_code["C"].note.startswith("预算已用完")
    assert [p.rank for p in outcome.placements] == [1, 2, 3]


def test_a_tie_at_the_edge_gets_nothing_and_the_federation_decides():
    candidates = [c("A", score=90), c("B", score=80), c("C", score=80), c("D", score=70)]
    outcome = allocate(candidates, D(60000))
    assert amounts(outcome) == {"A": 30000, "B": 0, "C": 0, "D": 0}
    by_code = {p.candidate.code: p for p in outcome.placements}
    for code in "BC":
        assert "第2—3名并列" in by_code[code].note
        assert "预算不足以全部安排，由科协决定" in by_code[code].note
    assert by_code["D"].note.startswith("预算已用完")


def test_a_tie_that_fits_is_funded_whole():
    outcome = allocate([c("A", score=80), c("B", score=80)], D(60000))
    assert amounts(outcome) == {"A": 30000, "B": 30000}


def test_skip_unaffordable_goes_on_to_cheaper_candidates():
    candidates = [c("A", score=90, grant=50000), c("B", score=80, grant=40000),
                  c("C", score=70, grant=10000)]  # fmt: skip
    stop = allocate(candidates, D(60000))
    assert amounts(stop) == {"A": 50000, "B": 0, "C": 0}
    skip = allocate(candidates, D(60000), skip_unaffordable=True)
    assert amounts(skip) == {"A": 50000, "B": 0, "C": 10000}
    assert "继续向下安排" in skip.placements[1].note


def test_ineligible_candidates_are_listed_last_with_their_reasons_and_no_rank():
    outcome = allocate(
        [c("Z", eligible=False, reasons=("没有在任秘书长",)), c("A", score=60)], D(90000)
    )
    last = outcome.placements[-1]
    assert (last.candidate.code, last.rank, last.amount) == ("Z", None, 0)
    assert last.note == "不符合条件：没有在任秘书长"
    assert allocate([c("Y", eligible=False)], D(1)).placements[0].note == "不符合条件"


def test_the_same_post_is_not_funded_twice():
    candidates = [c("A", score=90, post="identity:1"), c("B", score=80, post="identity:1")]
    outcome = allocate(candidates, D(90000))
    assert amounts(outcome) == {"A": 30000, "B": 0}
    assert "同一岗位不重复补贴" in outcome.placements[1].note
    taken = allocate([c("C", score=1, post="identity:1")], D(90000), taken=outcome.taken)
    assert amounts(taken) == {"C": 0}


def test_a_candidate_below_the_stop_whose_post_is_taken_is_told_so():
    candidates = [c("A", score=90, grant=80000), c("B", score=80, post="p"), c("C", score=70)]
    outcome = allocate(candidates, D(90000), taken={"p": "由某学会获得补贴"})
    notes = {p.candidate.code: p.note for p in outcome.placements}
    assert "同一岗位" in notes["B"]
    assert notes["C"].startswith("预算不足")


@pytest.mark.parametrize(
    ("amount", "text"), [(D("30000.00"), "30000元"), (D("1234.50"), "1234.5元"), (None, "—")]
)
def test_amounts_read_as_people_write_them(amount, text):
    assert yuan(amount) == text
