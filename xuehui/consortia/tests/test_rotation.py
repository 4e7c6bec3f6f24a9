import datetime as dt

import pytest

from xuehui.consortia.models import Consortium, ConsortiumMember
from xuehui.consortia.rotation import add_months, chair_on, schedule, term_index, upcoming
from xuehui.societies.models import Society

D = dt.date
START = D(2020, 3, 1)
EARLY = D(2019, 6, 1)


def _consortium(months=12, start=START) -> Consortium:
    return Consortium(name="生态环境学会联合体", founded_on=D(2019, 1, 1), rotation_months=months,
                      rotation_start=start)  # fmt: skip


def _member(pk, name, order, joined=EARLY, left=None) -> ConsortiumMember:
    society = Society(pk=pk, name=name)
    return ConsortiumMember(pk=pk, society=society, rotation_order=order, joined_on=joined,
                            left_on=left)  # fmt: skip


def _three(left_b=None):
    return [_member(1, "甲学会", 1), _member(2, "乙学会", 2, left=left_b), _member(3, "丙学会", 3)]


def _name(consortium, members, day):
    chair = chair_on(consortium, members, day)
    return chair.name if chair else None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2021, 2, 28), "甲学会"),  # the day before the changeover
        (D(2021, 3, 1), "乙学会"),  # the changeover date
        (D(2021, 3, 2), "乙学会"),  # the day after
        (D(2022, 2, 28), "乙学会"),
        (D(2022, 3, 1), "丙学会"),
        (D(2023, 3, 1), "甲学会"),  # round again
    ],
)
def test_the_chair_changes_on_the_changeover_date(day, expected):
    assert _name(_consortium(), _three(), day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2021, 2, 28), "甲学会"),
        (D(2021, 3, 1), "丙学会"),  # 乙 left in January: its turn passes to 丙
        (D(2022, 3, 1), "甲学会"),
        (D(2023, 3, 1), "丙学会"),  # 乙 is skipped every round
    ],
)
def test_a_member_who_left_is_skipped(day, expected):
    assert _name(_consortium(), _three(left_b=D(2021, 1, 15)), day) == expected


def test_a_member_who_leaves_after_its_term_began_keeps_that_term():
    members = _three(left_b=D(2021, 6, 1))
    assert _name(_consortium(), members, D(2021, 7, 1)) == "乙学会"
    assert _name(_consortium(), members, D(2022, 3, 1)) == "丙学会"


def test_a_member_who_joins_later_takes_its_place_in_the_order():
    members = [*_three(), _member(4, "丁学会", 4, joined=D(2022, 6, 1))]
    names = [t.society.name for t in schedule(_consortium(), members, until=4)]
    assert names == ["甲学会", "乙学会", "丙学会", "丁学会", "甲学会"]


def test_no_chair_before_the_rotation_starts_or_without_members():
    assert chair_on(_consortium(), _three(), D(2020, 2, 29)) is None
    assert chair_on(_consortium(), [], D(2021, 3, 1)) is None
    nobody = [_member(1, "甲学会", 1, joined=D(2030, 1, 1))]
    assert chair_on(_consortium(), nobody, D(2021, 3, 1)) is None


def test_a_24_month_cycle_and_the_terms_last_day():
    terms = schedule(_consortium(months=24), _three(), until=1)
    assert (terms[0].starts_on, terms[0].ends_on) == (D(2020, 3, 1), D(2022, 2, 28))
    assert (terms[1].number, terms[1].starts_on) == (2, D(2022, 3, 1))
    assert _name(_consortium(months=24), _three(), D(2022, 2, 28)) == "甲学会"


def test_a_month_end_start_falls_on_the_last_day_of_shorter_months():
    assert add_months(D(2020, 1, 31), 1) == D(2020, 2, 29)
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2020, 11, 30), 3) == D(2021, 2, 28)
    start = D(2020, 1, 31)
    assert term_index(start, 1, D(2020, 2, 28)) == 0
    assert term_index(start, 1, D(2020, 2, 29)) == 1
    assert term_index(start, 1, D(2020, 3, 30)) == 1
    assert term_index(start, 1, D(2020, 3, 31)) == 2
    assert term_index(start, 1, D(2020, 1, 30)) is None


def test_the_upcoming_schedule_starts_with_the_current_term():
    terms = upcoming(_consortium(), _three(), D(2021, 6, 1), 4)
    assert [(t.number, t.society.name) for t in terms] == [
        (2, "乙学会"), (3, "丙学会"), (4, "甲学会"), (5, "乙学会"),
    ]  # fmt: skip
    before = upcoming(_consortium(), _three(), D(2019, 6, 1), 2)
    assert [t.number for t in before] == [1, 2]
