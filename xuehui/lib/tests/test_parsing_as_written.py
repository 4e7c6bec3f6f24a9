"""Values as offices write them: dates with an age note, two-digit birth years, yes/no with a
note, and a number cell that lost the zero of October."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuehui.lib.importing import Column, parse_table
from xuehui.lib.parsing import (
    AmbiguousDate,
    parse_birth_month,
    parse_bool,
    parse_bool_note,
    parse_date,
    parse_partial_date,
)
from xuehui.tests.factories import make_id_number

TODAY = dt.date(2026, 12, 4)
months = st.integers(1, 12)
adult_years = st.integers(TODAY.year - 100, TODAY.year - 16)


@pytest.mark.parametrize("text", ["1965.03（61岁）", "1965.03\n（61岁）", "1965.03 (61岁)"])
def test_a_date_with_the_age_beside_it_reads_as_the_date(text):
    assert parse_partial_date(text).date == dt.date(1965, 3, 1)


@pytest.mark.parametrize("value", [6503, "6503", "65.03", 65.03, 196503, "196503", "1965.03"])
def test_a_birth_month_reads_in_every_form_a_form_prescribes(value):
    assert parse_birth_month(value, today=TODAY).date == dt.date(1965, 3, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (65.1, "Excel会去掉末尾的0"),  # 65.1 or 65.10
        ("1912", "不是合理的出生年月"),  # 1919 is too old, 2019 too young
        ("6513", "月份13不存在"),
        ("1981", "只有年份"),
    ],
)
def test_a_birth_month_that_cannot_be_read_for_sure_is_refused_with_the_reason(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_birth_month(value, today=TODAY)


def test_two_digit_years_are_read_only_in_a_birth_column():
    with pytest.raises(ValueError):
        parse_date("6503")  # a 成立日期 or 入会日期 never guesses a century


def test_four_digit_text_is_never_an_excel_serial_date():
    with pytest.raises(ValueError, match="只有年份"):
        parse_date("2003")
    with pytest.raises(ValueError):
        parse_date("4000")


@given(adult_years, months)
def test_every_accepted_birth_month_spelling_round_trips(year, month):
    short = f"{year % 100:02d}{month:02d}"
    expected = dt.date(year, month, 1)
    for value in (short, f"{short[:2]}.{short[2:]}", f"{year}.{month:02d}", f"{year}{month:02d}"):
        assert parse_birth_month(value, today=TODAY).date == expected


@given(adult_years, months, st.integers(0, 3), st.integers(1, 9))
def test_a_changed_digit_never_gives_the_same_birth_month(year, month, position, delta):
    text = f"{year % 100:02d}{month:02d}"
    digits = list(text)
    digits[position] = str((int(digits[position]) + delta) % 10)
    try:
        changed = parse_birth_month("".join(digits), today=TODAY)
    except ValueError:
        return
    assert changed.date != dt.date(year, month, 1)


@pytest.mark.parametrize(
    ("text", "answer", "note"),
    [
        ("是（高校教师）", True, "高校教师"),
        ("否(退休)", False, "退休"),
        ("一线", True, ""),
        ("非一线", False, ""),
        ("√", True, ""),
        (None, None, ""),
    ],
)
def test_yes_or_no_keeps_the_note_written_with_it(text, answer, note):
    assert parse_bool_note(text) == (answer, note)
    assert parse_bool(text) is answer


@given(
    st.sampled_from(["是", "否", "√", "×", "Y", "N", "一线", "非一线"]),
    st.text("高校教师退休", max_size=6),
)
def test_every_yes_or_no_with_a_note_round_trips(word, note):
    plain = parse_bool(word)
    assert parse_bool_note(f"{word}（{note}）") == (plain, note)


@pytest.mark.parametrize("text", ["是否", "（是）", "可能（待定）"])
def test_other_text_in_a_yes_or_no_column_is_refused(text):
    with pytest.raises(ValueError):
        parse_bool(text)


def test_a_number_cell_showing_1970_1_is_january_or_october_and_is_refused_alone():
    with pytest.raises(AmbiguousDate, match="Excel把1970.10存成了1970.1"):
        parse_partial_date(1970.1)
    assert parse_partial_date(1970.12).date == dt.date(1970, 12, 1)


COLUMNS = (
    Column("name", "姓名", required=True),
    Column("birth", "出生年月", parser=parse_birth_month),
    Column("id_number", "身份证号码"),
)


def test_the_id_number_decides_whether_1970_1_is_october():
    october = make_id_number(dt.date(1970, 10, 8))
    january = make_id_number(dt.date(1970, 1, 8))
    rows = [
        ["姓名", "出生年月", "身份证号码"],
        ["张三", 1970.1, october],
        ["李四", 1970.1, january],
    ]
    rows.append(["王五", 1970.1, None])
    result = parse_table(rows, COLUMNS)
    first, second, third = result.rows
    assert first.ok and first.values["birth"].date == dt.date(1970, 10, 1)
    assert second.ok and second.values["birth"].date == dt.date(1970, 1, 1)
    assert third.values["birth"] is None
    assert "请把该列设为文本后重填" in third.errors["birth"]
