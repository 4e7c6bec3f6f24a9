import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from xuehui.lib.identifiers import (
    ID_CHECKS,
    USCC_CHARSET,
    id_check_char,
    mask_id_number,
    mask_mobiles,
    normalize_id_number,
    parse_id_number,
    reconcile_id_number,
    uscc_check_char,
    validate_uscc,
)

uscc_bodies = st.builds(
    lambda head, region, rest: head + region + rest,
    st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))


def valid_id(region: str, birth: dt.date, order: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{order}"
    return first17 + id_check_char(first17)


@given(uscc_bodies)
def test_any_valid_uscc_round_trips(body):
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code
    assert validate_uscc(f" {code.lower()} ") == code


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_CHARSET))
def test_a_single_changed_character_fails_the_uscc_check(body, position, replacement):
    code = body + uscc_check_char(body)
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_uscc(changed)


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    births,
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_any_valid_id_number_round_trips_with_its_birth_date_and_gender(region, birth, order):
    number = valid_id(region, birth, order)
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date == birth
    assert info.is_male == (int(order[-1]) % 2 == 1)
    assert parse_id_number(number.lower()).number == number


@given(
    births,
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.integers(0, 17),
    st.sampled_from("0123456789X"),
)
def test_a_single_changed_character_fails_the_id_number_check(birth, order, position, replacement):
    number = valid_id("420106", birth, order)
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed)


def test_an_id_number_read_as_a_float_from_excel_is_accepted_when_exact():
    number = valid_id("420106", dt.date(1965, 3, 1), "100")
    assert not number.endswith("X")
    assert parse_id_number(f"{number}.0").number == number


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("42010619650301123", "应为18位"),
        ("4201061965030112AX", "前17位应为数字"),
        ("420106196502301234", "出生日期不存在"),
    ],
)
def test_an_invalid_id_number_says_why(value, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_id_number(value)


def test_an_id_number_born_in_the_future_is_refused():
    number = valid_id("420106", dt.date(2030, 1, 1), "121")
    with pytest.raises(ValidationError, match="不合理"):
        parse_id_number(number, today=dt.date(2025, 1, 1))


def test_check_characters_come_from_their_alphabets():
    assert set(ID_CHECKS) <= set("0123456789X")
    assert mask_id_number("420106196503011234") == "420***********1234"


class TestReconcileIdNumber:
    """One rule for a person's ID number, birth date and sex, for council and member records."""

    NUMBER = "110101196503150014"  # born 1965-03-15, male (17th digit 1)

    def test_blanks_take_the_numbers_facts(self):
        info = reconcile_id_number(self.NUMBER.lower(), birth_date=None, is_male=None)
        assert (info.birth_date, info.is_male) == (dt.date(1965, 3, 15), True)

    @pytest.mark.parametrize("day", [dt.date(1965, 3, 15), dt.date(1965, 3, 1)])
    def test_the_day_or_the_first_of_the_month_agree(self, day):
        assert reconcile_id_number(self.NUMBER, birth_date=day, is_male=True).number

    @pytest.mark.parametrize(
        ("birth_date", "is_male", "field", "text"),
        [
            (dt.date(1965, 3, 2), True, "birth_date", "身份证为1965-03-15"),
            (dt.date(1965, 4, 1), True, "birth_date", "出生日期与身份证号码不符"),
            (dt.date(1965, 3, 15), False, "gender", "性别与身份证号码不符（身份证为男）"),
        ],
    )
    def test_disagreement_names_the_field(self, birth_date, is_male, field, text):
        with pytest.raises(ValidationError) as caught:
            reconcile_id_number(self.NUMBER, birth_date=birth_date, is_male=is_male)
        assert text in caught.value.message_dict[field][0]

    def test_a_bad_number_is_the_id_numbers_fault(self):
        with pytest.raises(ValidationError) as caught:
            reconcile_id_number("110101196503150019", birth_date=None, is_male=None)
        assert "校验位" in caught.value.message_dict["id_number"][0]


def test_a_masked_cell_is_recognised_and_stands_only_for_the_number_it_shows():
    from xuehui.lib.identifiers import is_masked, unmasked_id_number, unmasked_phone

    number = "11010519491231002X"
    assert is_masked("110***********002X") and is_masked("138＊＊＊＊1234")
    assert not is_masked(number) and not is_masked(None) and not is_masked(42)
    assert unmasked_id_number("110***********002x", number) == number
    assert unmasked_id_number(" 110***********002X ", number) == number
    assert unmasked_id_number("110***********0021", number) is None
    assert unmasked_id_number("110***********002X", "") is None
    assert unmasked_phone("138****1234", "138 1234 1234") == "138 1234 1234"
    assert unmasked_phone("138****1234", "13812345678") is None
    assert unmasked_phone("********4321", "027-87654321") == "027-87654321"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)))
def test_every_masked_id_number_stands_for_its_own_number(born):
    from xuehui.lib.identifiers import id_check_char, unmasked_id_number

    first17 = f"420106{born:%Y%m%d}123"
    number = first17 + id_check_char(first17)
    assert unmasked_id_number(mask_id_number(number), number) == number


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("027-87654321", "027-87654321"),
        ("13912345678", "139****5678"),
        ("027-87654321、139 1234 5678", "027-87654321、139****5678"),
        ("+86 139-1234-5678", "139****5678"),
        ("(027)87654321转123；13800001111", "(027)87654321转123；138****1111"),
        ("400-800-1234", "400-800-1234"),
        ("", ""),
    ],
)
def test_mask_mobiles_masks_a_mobile_and_keeps_an_office_number(text, masked):
    assert mask_mobiles(text) == masked


@pytest.mark.parametrize(
    "typed",
    ["42010619800101123X", "42010619800101123x", " 420106198001011234 ", "４２0106198001011234",
     "420106 19800101 1234", "420106198001011234.0", "4201061980010112345", "42010619800101123Y"],
)  # fmt: skip
def test_a_number_already_normal_is_kept_and_any_other_normalised_as_before(typed):
    from xuehui.lib.text import compact

    slow = compact(typed).upper()
    if slow.endswith(".0") and slow[:-2].isdigit():
        slow = slow[:-2]
    assert normalize_id_number(typed) == slow
    assert normalize_id_number(slow) == slow
