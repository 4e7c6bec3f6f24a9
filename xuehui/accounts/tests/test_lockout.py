"""A stranger cannot lock an administrator out (W7): locks are per user name and address,
grow with each repeat, spraying from one address is stopped, an administrator unlocks in the
UI, and a disabled account is told it is disabled."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse

from xuehui.accounts import lockout
from xuehui.accounts.choices import AccountAction
from xuehui.audit.models import AuditEntry

PASSWORD = "pass-测试-123"
LOGIN = reverse("accounts:login")
STRANGER, OWNER = "203.0.113.9", "198.51.100.20"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _post(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(username, times, address=STRANGER):
    client = Client()
    for _ in range(times):
        _post(client, username, "wrong-password", address)


def test_a_stranger_s_failures_do_not_lock_the_owner_out_of_their_own_address(admin_user):
    _fail(admin_user.username, 30)
    owner = Client()
    response = _post(owner, admin_user.username, PASSWORD, OWNER)
    assert response.status_code == 302
    assert owner.session.get("_auth_user_id") == str(admin_user.pk)


def test_the_stranger_s_own_address_is_locked_even_with_the_right_password(admin_user):
    _fail(admin_user.username, 10)
    response = _post(Client(), admin_user.username, PASSWORD, STRANGER)
    assert response.status_code == 429
    assert "其他地址的登录不受影响" in response.content.decode()


def test_each_further_lock_lasts_twice_as_long(admin_user, settings):
    request = RequestFactory().post(LOGIN, {"username": admin_user.username}, REMOTE_ADDR=STRANGER)
    current = lockout.CURRENT_KEY.format(username=admin_user.username, address=STRANGER)

    def locked_again():
        cache.delete(current)  # the previous lock has run out
        lockout.lock_noted(request, admin_user.username)

    base = dt.timedelta(minutes=settings.XUEHUI_LOCKOUT_MINUTES)
    assert lockout.cool_off(request) == base
    locked_again()
    lockout.lock_noted(request, admin_user.username)  # a refused attempt during the same lock
    assert lockout.cool_off(request) == base  # the first lock
    locked_again()
    assert lockout.cool_off(request) == 2 * base
    locked_again()
    assert lockout.cool_off(request) == 4 * base
    for _ in range(20):
        locked_again()
    assert lockout.cool_off(request) == dt.timedelta(days=1)


def test_spraying_many_names_from_one_address_is_stopped(db, settings, secretary_a):
    settings.XUEHUI_LOGIN_ADDRESS_LIMIT = 5
    client = Client()
    for n in range(5):
        _post(client, f"guess{n}", "Password#2017", STRANGER)
    response = _post(client, "sec_a", PASSWORD, STRANGER)
    assert response.status_code == 429 and "本地址" in response.content.decode()
    assert _post(Client(), "sec_a", PASSWORD, OWNER).status_code == 302


def test_an_administrator_sees_the_lock_and_lifts_it(admin_client, secretary_a):
    _fail("sec_a", 10)
    url = reverse("accounts:user_detail", args=[secretary_a.pk])
    page = admin_client.get(url).content.decode()
    assert "登录已被锁定" in page and STRANGER in page
    response = admin_client.post(reverse("accounts:user_unlock", args=[secretary_a.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="sec_a").exists()
    assert AuditEntry.objects.filter(action=AccountAction.USER_UNLOCK).exists()
    assert _post(Client(), "sec_a", PASSWORD, STRANGER).status_code == 302


def test_a_secretary_cannot_unlock(secretary_b_client, secretary_a):
    _fail("sec_a", 10)
    response = secretary_b_client.post(reverse("accounts:user_unlock", args=[secretary_a.pk]))
    assert response.status_code in (403, 404)
    assert AccessAttempt.objects.filter(username="sec_a").exists()


def test_a_disabled_account_is_told_so_only_with_its_password(secretary_a):
    secretary_a.is_active = False
    secretary_a.save()
    right = _post(Client(), "sec_a", PASSWORD, OWNER).content.decode()
    assert "该账号已停用" in right
    wrong = _post(Client(), "sec_a", "wrong-password", OWNER).content.decode()
    assert "该账号已停用" not in wrong and "用户名或密码不正确" in wrong
