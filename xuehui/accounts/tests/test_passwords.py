"""Weak passwords the review got accepted are refused, with Chinese messages (W11)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from xuehui.accounts.models import User
from xuehui.accounts.passwords import _repeats


@pytest.mark.parametrize(
    "password",
    ["xuehui2026", "Hubei2017", "huanke2017", "Zz1!Zz1!", "科协科协科协科协", "Xuehui#2026",
     "Kexie@2017!", "Password123!", "Zz1!Zz1!Zz1!"],
)  # fmt: skip
def test_the_review_s_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="kx_admin2", full_name="张三"))


@pytest.mark.parametrize(
    "password", ["Hubei#Kexie2017", "Huanke#Mishu2017", "Pingshen#Zhuanjia2017", "q7Rm-x2Lp9"]
)
def test_strong_passwords_pass(password):
    validate_password(password, User(username="kx_admin2", full_name="张三"))


def test_a_password_like_the_user_name_is_refused():
    with pytest.raises(ValidationError):
        validate_password("Wangxiaoming#1", User(username="wangxiaoming", full_name="王小明"))


def test_every_message_is_chinese_even_for_an_english_browser(client):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("abc", User(username="u"))
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="zh-hans"' in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        validate_password("Zz1!Zz1!", User(username="u"))
    messages = " ".join(caught.value.messages)
    assert "密码" in messages and "10" in messages and "three" not in messages.lower()


def test_repeats_finds_a_piece_said_again():
    assert _repeats("abab") and _repeats("Zz1!Zz1!") and not _repeats("Zz1!Zz1!Z")


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("q7Rm-x2Lp", False),  # 9 characters
        ("q7Rm-x2Lp9", True),  # 10
        ("q7rmx2lp9w", False),  # two classes: lower case and digits
        ("q7Rmx2Lp9w", True),  # three: upper case added
        ("qRmxLpwTkz", False),  # two: upper and lower case
        ("q-Rmx.Lpwz", True),  # three: a symbol added
    ],
)
def test_the_length_and_classes_hold_exactly_at_their_boundary(password, ok):
    user = User(username="kx_admin2", full_name="张三")
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)
