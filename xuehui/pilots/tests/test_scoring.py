"""The acceptance score and verdict at their boundaries."""

from decimal import Decimal as D

import pytest

from xuehui.pilots.choices import AcceptanceVerdict as V
from xuehui.pilots.scoring import equal_shares, panel_score, verdict_for, verdict_reason

MARKS = {"pass_mark": D("80.00"), "fail_mark": D("60.00")}  # as the database holds them


def test_equal_shares_of_a_hundred_add_up_exactly():
    points = equal_shares([f"5.{n}" for n in range(11)])
    assert sum(points.values()) == 100
    assert set(points.values()) == {D("9.09"), D("9.10")}
    assert equal_shares(["a", "b", "c", "d"]) == dict.fromkeys("abcd", D(25))
    assert equal_shares([]) == {}


def test_three_experts_are_averaged_as_they_are():
    result = panel_score([D(70), D(80), D(90)])
    assert result.score == D("80.00") and result.dropped == ()
    assert "3位专家评分" in result.explanation


def test_four_experts_lose_the_highest_and_the_lowest():
    result = panel_score([D(60), D(80), D(82), D(100)])
    assert result.score == D("81.00")
    assert result.dropped == (D(100), D(60))
    assert "去掉最高分100.00和最低分60.00" in result.explanation
    # without dropping, the same scores would average 80.5
    assert panel_score([D(60), D(80), D(82)]).score == D("74.00")


def test_the_mean_is_kept_to_two_decimals_half_up():
    assert panel_score([D("79.99"), D("80.00"), D("80.00")]).score == D("80.00")  # 79.9967
    assert panel_score([D("79.98"), D("79.99"), D("80.00")]).score == D("79.99")


@pytest.mark.parametrize(
    ("score", "verdict"),
    [
        (D("80.00"), V.PASS),
        (D("79.99"), V.RECTIFY),
        (D("79.9"), V.RECTIFY),
        (D("60.00"), V.RECTIFY),
        (D("59.99"), V.FAIL),
        (D("100"), V.PASS),
        (D("0"), V.FAIL),
    ],
)
def test_the_verdict_follows_the_marks(score, verdict):
    assert verdict_for(score, **MARKS) == verdict


def test_a_reinspection_below_the_pass_mark_fails():
    assert verdict_for(D("79.99"), round=2, **MARKS) == V.FAIL
    assert verdict_for(D(80), round=2, **MARKS) == V.PASS
    assert "仍低于通过分数线80分" in verdict_reason(D("75"), V.FAIL, **MARKS)


def test_a_batch_may_set_its_own_marks():
    assert verdict_for(D(85), pass_mark=D(90), fail_mark=D(70)) == V.RECTIFY
    assert verdict_for(D("69.5"), pass_mark=D(90), fail_mark=D(70)) == V.FAIL
    assert "不低于通过分数线90分" in verdict_reason(D(90), V.PASS, pass_mark=D(90), fail_mark=D(70))
