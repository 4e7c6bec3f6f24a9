import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuehui.lib.workdays import add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 10, 1), False),  # 国庆
        (D(2025, 10, 8), False),  # 国庆、中秋 to the 8th
        (D(2025, 10, 11), True),  # a Saturday made a working day (调休)
        (D(2025, 9, 28), True),  # a Sunday made a working day
        (D(2025, 10, 12), False),  # an ordinary Sunday
        (D(2026, 2, 16), False),  # 春节, a Monday
        (D(2026, 2, 14), True),  # 春节's 调休 Saturday
        (D(2030, 1, 1), True),  # a year without its notice counts Monday to Friday only
    ],
)
def test_it_knows_holidays_and_makeup_days(day, working):
    assert is_working_day(day) is working


def test_a_period_across_the_national_day_holiday_skips_it():
    # Returned on Tuesday 30 September 2025: 9, 10, 11 (调休 Saturday) October.
    assert add_working_days(D(2025, 9, 30), 3) == D(2025, 10, 11)
    assert add_working_days(D(2025, 9, 30), 4) == D(2025, 10, 13)


def test_a_period_without_holidays_is_monday_to_friday():
    assert add_working_days(D(2025, 11, 14), 5) == D(2025, 11, 21)  # Friday to Friday


def test_a_period_must_be_positive():
    with pytest.raises(ValueError, match="正整数"):
        add_working_days(D(2025, 1, 1), 0)


@given(st.dates(D(2023, 1, 1), D(2027, 12, 31)), st.integers(1, 40))
def test_counting_back_gives_the_days_added(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert is_working_day(end)
    assert working_days_between(end, start) == 0
