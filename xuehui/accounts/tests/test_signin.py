"""Sign-in: lockout after ten failures, the forced password change, session expiry, the log."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.accounts import sessions
from xuehui.accounts.choices import AccountAction
from xuehui.accounts.services import password_reset
from xuehui.audit.models import AuditEntry

PASSWORD = "pass-测试-123"  # the factories' password
LOGIN = reverse("accounts:login")
FULL_ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password"})


def test_nine_failed_sign_ins_do_not_lock_the_account(secretary_a):
    client = Client()
    _fail(client, "sec_a", 9)
    response = client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(secretary_a.pk)


def test_ten_failed_sign_ins_lock_the_account_even_for_the_right_password(secretary_a):
    client = Client()
    _fail(client, "sec_a", 10)
    response = client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "15分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_not_per_browser(secretary_a, secretary_b):
    client = Client()
    _fail(client, "sec_a", 10)
    response = client.post(LOGIN, {"username": "sec_b", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(secretary_a):
    client = Client()
    _fail(client, "sec_a", 9)
    client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    client.logout()
    _fail(client, "sec_a", 9)
    response = client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_ins_failures_and_sign_outs_are_logged(secretary_a):
    client = Client(REMOTE_ADDR="10.1.2.3")
    _fail(client, "sec_a", 1)
    client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id", "target_id"))
    assert entries == [
        (AccountAction.LOGIN_FAILED, None, str(secretary_a.pk)),
        (AccountAction.LOGIN, secretary_a.pk, str(secretary_a.pk)),
        (AccountAction.LOGOUT, secretary_a.pk, str(secretary_a.pk)),
    ]
    failed = AuditEntry.objects.get(action=AccountAction.LOGIN_FAILED)
    assert failed.detail["ip"] == "10.1.2.3"
    assert failed.detail["username"] == "sec_a"


def test_a_failed_sign_in_with_an_unknown_name_is_logged_without_a_target(db):
    _fail(Client(), "nobody", 1)
    entry = AuditEntry.objects.get()
    assert entry.action == AccountAction.LOGIN_FAILED
    assert entry.target_id == ""
    assert "nobody" in entry.summary


def test_a_user_with_an_initial_password_is_sent_to_change_it_everywhere(
    secretary_a, secretary_a_client, society_a
):
    password_reset(user=secretary_a, actor=None)  # this signs the old session out
    secretary_a_client.force_login(secretary_a)
    for url in (reverse("dashboard:home"), reverse("societies:detail", args=[society_a.pk])):
        response = secretary_a_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_change")
    page = secretary_a_client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "初始密码" in page.content.decode()


def test_an_htmx_request_of_such_a_user_is_redirected_by_header(secretary_a, secretary_a_client):
    password_reset(user=secretary_a, actor=None)
    secretary_a_client.force_login(secretary_a)
    response = secretary_a_client.get(reverse("dashboard:home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("accounts:password_change")


def test_changing_the_initial_password_lifts_the_redirect(secretary_a):
    initial = password_reset(user=secretary_a, actor=None)
    client = Client()
    client.post(LOGIN, {"username": "sec_a", "password": initial})
    new = "Xinmima-2026-hubei"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": initial, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    secretary_a.refresh_from_db()
    assert not secretary_a.must_change_password
    assert secretary_a.check_password(new)
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert AuditEntry.objects.filter(action=AccountAction.PASSWORD_CHANGE).count() == 1


def test_the_new_password_must_differ_from_the_initial_one(secretary_a):
    initial = password_reset(user=secretary_a, actor=None)
    client = Client()
    client.post(LOGIN, {"username": "sec_a", "password": initial})
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": initial, "new_password1": initial, "new_password2": initial},
    )
    assert response.status_code == 200
    assert "新密码不能与原密码相同" in response.content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.must_change_password


def test_the_initial_password_is_rehashed_with_full_argon2_at_first_sign_in(secretary_a, settings):
    settings.PASSWORD_HASHERS = [FULL_ARGON2]
    initial = password_reset(user=secretary_a, actor=None)
    secretary_a.refresh_from_db()
    assert "m=19456" in secretary_a.password
    Client().post(LOGIN, {"username": "sec_a", "password": initial})
    secretary_a.refresh_from_db()
    assert secretary_a.password.startswith("argon2$argon2id$")
    assert "m=19456" not in secretary_a.password


def _session_writes(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    writes = [
        q for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]  # fmt: skip
    return len(writes), response


def test_sessions_expire_after_inactivity_refreshed_at_most_once_a_minute(
    admin_client, monkeypatch, settings
):
    settings.SESSION_REFRESH_SECONDS = 60  # the deployed value (the suite holds it steady)
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    home = reverse("dashboard:home")
    clock = [1_800_000_000.0]
    monkeypatch.setattr(sessions.time, "time", lambda: clock[0])
    session = admin_client.session  # as the sign-in left it, on the test's clock
    session[sessions.STARTED] = session[sessions.SEEN] = int(clock[0])
    session.save()
    writes, response = _session_writes(admin_client, home)  # the first page writes nothing
    assert writes == 0
    clock[0] += 30
    writes, response = _session_writes(admin_client, home)
    assert writes == 0 and settings.SESSION_COOKIE_NAME not in response.cookies
    clock[0] += settings.SESSION_REFRESH_SECONDS
    writes, response = _session_writes(admin_client, home)
    assert writes == 1
    assert (
        int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"])
        == settings.SESSION_COOKIE_AGE
    )


def test_a_sign_in_ends_after_the_absolute_limit_however_active(admin_client, monkeypatch):
    home = reverse("dashboard:home")
    clock = [1_800_000_000.0]
    monkeypatch.setattr(sessions.time, "time", lambda: clock[0])
    Client().get(home)  # nothing for a visitor not signed in
    session = admin_client.session
    session.pop(sessions.STARTED)  # signed in before the rule: the first page starts the clock
    session.save()
    assert admin_client.get(home).status_code == 200
    for _ in range(12):  # active all along: a request every twelfth of the limit
        clock[0] += settings.SESSION_ABSOLUTE_AGE / 12
        response = admin_client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    page = admin_client.get(response["Location"]).content.decode()
    assert "请重新登录" in page


def test_an_expired_session_sends_the_user_to_sign_in(admin_client):
    session = admin_client.session
    session.set_expiry(-1)
    session.save()
    response = admin_client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("limit", [settings.AXES_FAILURE_LIMIT])
def test_the_lockout_limit_is_ten(limit):
    assert limit == 10


def test_signing_in_starts_the_sessions_clock(secretary_a):
    client = Client()
    client.force_login(secretary_a)
    assert abs(client.session[sessions.STARTED] - time.time()) < 60
