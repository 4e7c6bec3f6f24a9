from hypothesis import given
from hypothesis import strategies as st

from xuehui.portal.redaction import HIDDEN, LINK_REMOVED, public_phone, public_text


def test_links_and_personal_numbers_are_removed():
    text = public_text(
        "见 https://a.example/x?y=1 或 www.spam.cn 或 abc.com，电话 139 1234 5678，"
        "身份证 420106196803170011，邮箱 a.b@example.org，会员 300 人"
    )
    assert "example" not in text and "spam" not in text and "abc.com" not in text
    assert "5678" not in text and "420106" not in text and "a.b@" not in text
    assert LINK_REMOVED in text and HIDDEN in text and "会员 300 人" in text


def test_old_full_dates_and_old_id_numbers_are_hidden_but_codes_and_years_stay():
    text = public_text(
        "生于1968年3月17日，1968-03-17，旧证420106680317001，成立于1979年，51420000MJ0000002L"
    )
    assert "1968" not in text and "680317" not in text
    assert "1979年" in text and "51420000MJ0000002L" in text
    assert public_text("2025年1月5日至1月11日") == "2025年1月5日至1月11日"


def test_a_society_phone_keeps_only_its_office_numbers():
    assert public_phone("027-87654321、13912345678") == "027-87654321"
    assert public_phone("13912345678") == ""
    assert public_phone("") == ""


@given(st.text(max_size=80))
def test_no_text_keeps_a_mobile_number(text):
    import re

    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", public_text(text + " 13812345678"))
