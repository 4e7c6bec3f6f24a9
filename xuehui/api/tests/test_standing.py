"""A valid token works only while its account is in good standing (issue 17 §2 and §7): a
disabled account's token gets 401; a password past its age, or an administrator's second
factor required and not set up, gets 403 saying what to do on the pages, and the token works
again once it is done."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuehui.access import SYSTEM
from xuehui.api.services import token_issue

from .conftest import client_with

SOCIETIES = "/api/societies/"


def _age_password(user, days: int) -> None:
    user.password_changed_at = timezone.now() - dt.timedelta(days=days)
    user.save(update_fields=["password_changed_at"])


@pytest.mark.parametrize(("age", "status"), [(89, 200), (90, 403)])
def test_an_administrators_password_at_its_age_stops_the_token(admin_user, age, status):
    _age_password(admin_user, age)  # XUEHUI_ADMIN_PASSWORD_MAX_AGE_DAYS: 90
    response = client_with(token_issue(user=admin_user, actor=SYSTEM)[1]).get(SOCIETIES)
    assert response.status_code == status
    if status == 403:
        assert "密码已过期" in response.json()["detail"]


def test_a_secretarys_password_never_expires_by_default(secretary_a):
    _age_password(secretary_a, 3650)
    key = token_issue(user=secretary_a, actor=SYSTEM)[1]
    assert client_with(key).get(SOCIETIES).status_code == 200


def test_an_expired_password_changed_gives_the_token_back(settings, secretary_a):
    settings.XUEHUI_PASSWORD_MAX_AGE_DAYS = 30
    _age_password(secretary_a, 30)
    client = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert client.get(SOCIETIES).status_code == 403
    _age_password(secretary_a, 0)
    assert client.get(SOCIETIES).status_code == 200


def test_an_administrator_owing_a_second_factor_gets_403_until_it_is_set_up(settings, admin_user):
    settings.XUEHUI_ADMIN_OTP_REQUIRED = True
    client = client_with(token_issue(user=admin_user, actor=SYSTEM)[1])
    response = client.get(SOCIETIES)
    assert response.status_code == 403
    assert "二次验证" in response.json()["detail"]
    TOTPDevice.objects.create(user=admin_user, name="x", confirmed=False)
    assert client.get(SOCIETIES).status_code == 403  # set up, not confirmed
    TOTPDevice.objects.filter(user=admin_user).update(confirmed=True)
    assert client.get(SOCIETIES).status_code == 200


def test_a_secretary_owes_no_second_factor(settings, secretary_a):
    settings.XUEHUI_ADMIN_OTP_REQUIRED = True
    key = token_issue(user=secretary_a, actor=SYSTEM)[1]
    assert client_with(key).get(SOCIETIES).status_code == 200


def test_a_disabled_account_is_401_before_any_other_step(settings, admin_user):
    settings.XUEHUI_ADMIN_OTP_REQUIRED = True
    key = token_issue(user=admin_user, actor=SYSTEM)[1]
    admin_user.is_active = False
    admin_user.save()
    response = client_with(key).get(SOCIETIES)
    assert response.status_code == 401
    assert "已停用" in response.json()["detail"]


def test_an_import_upload_is_refused_too(settings, admin_user, society_a):
    settings.XUEHUI_ADMIN_OTP_REQUIRED = True
    key = token_issue(user=admin_user, actor=SYSTEM)[1]
    response = client_with(key).post("/api/imports/", {"kind": "roster"}, format="multipart")
    assert response.status_code == 403
