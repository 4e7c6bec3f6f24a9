import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuehui.lib.parsing import (
    PartialDate,
    choice_parser,
    header_variants,
    normalize_header,
    parse_area,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_partial_date,
    parse_text,
)
from xuehui.societies.choices import DisciplineCategory

MARCH_1965 = dt.date(1965, 3, 1)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1965.03", PartialDate(MARCH_1965, month_only=True)),
        ("1965.3", PartialDate(MARCH_1965, month_only=True)),
        ("1965-03", PartialDate(MARCH_1965, month_only=True)),
        ("1965/03", PartialDate(MARCH_1965, month_only=True)),
        ("1965年3月", PartialDate(MARCH_1965, month_only=True)),
        ("1965年03月", PartialDate(MARCH_1965, month_only=True)),
        ("196503", PartialDate(MARCH_1965, month_only=True)),
        ("１９６５年３月", PartialDate(MARCH_1965, month_only=True)),
        ("1965年3月1日", PartialDate(MARCH_1965)),
        ("1965/3/1", PartialDate(MARCH_1965)),
        ("1965-03-01", PartialDate(MARCH_1965)),
        ("1965.3.1", PartialDate(MARCH_1965)),
        ("19650301", PartialDate(MARCH_1965)),
        ("1965-03-01 00:00:00", PartialDate(MARCH_1965)),
        (" 1965.03 ", PartialDate(MARCH_1965, month_only=True)),
        (1965.03, PartialDate(MARCH_1965, month_only=True)),
        (1965.3, PartialDate(MARCH_1965, month_only=True)),
        (1965.12, PartialDate(dt.date(1965, 12, 1), month_only=True)),
        (19650301.0, PartialDate(MARCH_1965)),
        (19650301, PartialDate(MARCH_1965)),
        (23802.0, PartialDate(MARCH_1965)),  # the Excel serial number of 1965-03-01
        (MARCH_1965, PartialDate(MARCH_1965)),
        (dt.datetime(1965, 3, 1, 8, 30), PartialDate(MARCH_1965)),
    ],
)
def test_it_reads_every_common_way_of_writing_a_date(value, expected):
    assert parse_partial_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "-", "\u3000"])
def test_a_blank_date_cell_gives_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1965", "只有年份"),
        (1965.0, "只有年份"),
        ("1965.13", "月份13不存在"),
        ("2023-02-29", "2023年2月没有29日"),
        ("1865.03", "年份1865不合理"),
        ("去年", "无法识别的日期"),
        (True, "无法识别的日期"),
        (12.5, "无法识别的日期"),
    ],
)
def test_it_refuses_a_date_it_cannot_read_with_a_chinese_reason(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_written_in_any_form_reads_back_as_itself(day):
    forms = [
        day,
        f"{day:%Y-%m-%d}",
        f"{day:%Y%m%d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month}.{day.day}",
        f"{day:%Y-%m-%d}".translate(FULLWIDTH),
        float(f"{day:%Y%m%d}"),
    ]
    for form in forms:
        assert parse_date(form) == day, form


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_any_year_and_month_reads_as_the_first_of_that_month(year, month):
    expected = PartialDate(dt.date(year, month, 1), month_only=True)
    for form in (
        f"{year}.{month:02d}",
        f"{year}.{month}",
        f"{year}-{month:02d}",
        f"{year}年{month}月",
    ):
        assert parse_partial_date(form) == expected, form


@given(st.dates(min_value=dt.date(1927, 5, 18), max_value=dt.date(2100, 12, 31)))
def test_any_excel_serial_number_of_five_digits_reads_as_its_date(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(float(serial)) == day


@given(st.integers(1000, 9999))
def test_four_digits_are_never_read_as_an_excel_serial(number):
    for value in (number, float(number), str(number)):
        with pytest.raises(ValueError):
            parse_date(value)


@given(st.text(max_size=12))
def test_a_date_parser_never_fails_other_than_with_a_value_error(text):
    try:
        parse_date(text)
    except ValueError as error:
        assert str(error)


@pytest.mark.parametrize(
    "value",
    ["是", "√", "✓", "Y", "y", "yes", "TRUE", "true", "1", 1, 1.0, "有", True, " 是 ", "Ｙ"],
)
def test_it_reads_yes(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value", ["否", "×", "✗", "N", "no", "False", "0", 0, 0.0, "无", False, "X"]
)
def test_it_reads_no(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", [None, "", "  ", "空"])
def test_a_blank_yes_no_cell_gives_none(value):
    assert parse_bool(value) is None


@pytest.mark.parametrize("value", ["也许", "2", 3, "是否"])
def test_it_refuses_what_is_neither_yes_nor_no(value):
    with pytest.raises(ValueError, match="应填写“是”或“否”"):
        parse_bool(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), (3.0, 3), ("1,234", 1234), ("１２", 12), (" 7 ", 7), ("-2", -2), (None, None)],
)
def test_it_reads_whole_numbers(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["3.5", 2.5, "三", "1,23", "1e999"])
def test_it_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(ValueError):
        parse_int(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        (2.5, Decimal("2.5")),
        ("0.1", Decimal("0.1")),
        (7, Decimal(7)),
    ],
)
def test_it_reads_decimals(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25㎡", 25),
        ("25平方米", 25),
        ("25 平米", 25),
        ("1,200m²", 1200),
        ("25.5", Decimal("25.5")),
        (80, 80),
    ],
)
def test_an_area_may_carry_its_unit(value, expected):
    assert parse_area(value) == expected


def test_a_unit_is_not_accepted_where_a_column_does_not_ask_for_area():
    with pytest.raises(ValueError, match="不是数字"):
        parse_decimal("25㎡")


def test_a_negative_area_is_refused():
    with pytest.raises(ValueError, match="负数"):
        parse_area("-3")


@given(st.integers(-(10**12), 10**12))
def test_any_integer_with_thousands_separators_reads_back(number):
    assert parse_int(f"{number:,}") == number
    assert parse_int(float(number)) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (13800000000.0, "13800000000"),
        ("  张三 ", "张三"),
        (None, ""),
        ("（武汉）", "（武汉）"),
        (3, "3"),
    ],
)
def test_text_cells_are_trimmed_and_numbers_lose_their_point_zero(value, expected):
    assert parse_text(value) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (" 出生年月 * ", "出生年月"),
        ("*姓名", "姓名"),
        ("姓 名", "姓名"),
        ("出生年月：", "出生年月"),
        ("退（离）休领导干部", "退(离)休领导干部"),
        ("退(离)休领导干部", "退(离)休领导干部"),
        ("【学会职务】", "(学会职务)"),
        ("身份证\n号码", "身份证号码"),
        ("姓名＊", "姓名"),
    ],
)
def test_headers_are_normalised(header, expected):
    assert normalize_header(header) == expected


def test_header_variants_drop_a_trailing_note_the_brackets_and_a_leading_shi_fou():
    assert "出生年月" in header_variants("出生年月（yyyy.mm）")
    assert "退离休领导干部" in header_variants("退（离）休领导干部")
    assert "专职" in header_variants("是否专职")


def test_a_choice_parser_reads_labels_values_and_synonyms():
    parse = choice_parser(
        DisciplineCategory, synonyms={"交叉": "interdisciplinary"}, what="学科类别"
    )
    assert parse("工科") == DisciplineCategory.ENGINEERING
    assert parse("medicine") == DisciplineCategory.MEDICINE
    assert parse("交叉") == DisciplineCategory.INTERDISCIPLINARY
    assert parse("") is None
    with pytest.raises(ValueError, match="学科类别“文科”无法识别，可填写：理科、工科"):
        parse("文科")


@pytest.mark.parametrize("typed", ["ＨＢ００１", "hb 001", " HB001 "])
def test_an_identifier_typed_in_any_width_or_case_is_one_identifier(typed):
    from xuehui.lib.parsing import parse_identifier

    assert parse_identifier(typed) == "HB001"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("M", "male"), ("m", "male"), ("F", "female"), ("f", "female"), ("女", "female")],
)
def test_gender_letters_read_in_roster_and_member_imports(typed, stored):
    from xuehui.governance.importers import parse_gender as roster_gender
    from xuehui.members.importers import parse_gender as member_gender

    assert roster_gender(typed) == stored
    assert member_gender(typed) == stored


def test_other_gender_letters_still_refused():
    from xuehui.governance.importers import parse_gender

    with pytest.raises(ValueError, match="性别"):
        parse_gender("x")
