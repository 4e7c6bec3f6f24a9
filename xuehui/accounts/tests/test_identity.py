"""等保 8.1.4.1 at its boundaries: the last five passwords are not used again, a password past
its age must be changed at sign-in (administrators at 90 days by default, everyone else only
when configured), and a password change, a reset or a deactivation ends the user's other
sessions at once."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts import passwords, services
from xuehui.accounts.choices import AccountAction
from xuehui.accounts.models import PasswordHistory, SignInSession
from xuehui.audit.models import AuditEntry

PASSWORD = "pass-测试-123"
LOGIN = reverse("accounts:login")
CHANGE = reverse("accounts:password_change")
HOME = reverse("dashboard:home")
NEW = [f"Neu-Kennwort-{n}x" for n in range(7)]


def _sign_in(username, password=PASSWORD) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _change(client, old, new):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(CHANGE, data)


# ---------------------------------------------------------------- history


def test_none_of_the_last_five_passwords_may_be_chosen_again(secretary_a):
    client = _sign_in("sec_a")
    current = PASSWORD
    for new in NEW[:5]:
        assert _change(client, current, new).status_code == 302
        current = new
    assert PasswordHistory.objects.filter(user=secretary_a).count() == 5
    for reused in NEW[:5]:
        page = _change(client, current, reused).content.decode()
        assert "新密码不能与最近5次使用过的密码相同" in page or "新密码不能与原密码相同" in page
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(NEW[4])
    # A sixth change pushes the first out of the history: it may be used again.
    assert _change(client, current, NEW[5]).status_code == 302
    assert PasswordHistory.objects.filter(user=secretary_a).count() == 5
    assert _change(client, NEW[5], NEW[0]).status_code == 302


def test_the_history_keeps_hashes_never_passwords(secretary_a):
    services.password_change(user=secretary_a, password=NEW[0])
    stored = PasswordHistory.objects.get(user=secretary_a).password
    assert NEW[0] not in stored and stored == secretary_a.password


def test_the_history_rule_is_configurable(secretary_a, settings):
    settings.XUEHUI_PASSWORD_HISTORY = 2
    for new in NEW[:3]:
        services.password_change(user=secretary_a, password=new)
    assert PasswordHistory.objects.filter(user=secretary_a).count() == 2
    validator = passwords.PasswordHistoryValidator()
    validator.validate(NEW[0], secretary_a)  # third from last: allowed again
    with pytest.raises(passwords.ValidationError):
        validator.validate(NEW[1], secretary_a)
    validator.validate(NEW[1], None)  # a new account has no history


# ---------------------------------------------------------------- expiry


def _age(user, days):
    user.password_changed_at = timezone.now() - dt.timedelta(days=days)
    user.save(update_fields=["password_changed_at"])


def test_an_administrator_s_password_expires_after_ninety_days(admin_user):
    _age(admin_user, 89)
    assert _sign_in("kx_admin").get(HOME).status_code == 200
    _age(admin_user, 90)
    client = _sign_in("kx_admin")
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == CHANGE
    page = client.get(CHANGE).content.decode()
    assert "您的密码已超过90天未修改" in page
    assert _change(client, PASSWORD, NEW[0]).status_code == 302
    assert client.get(HOME).status_code == 200
    admin_user.refresh_from_db()
    assert timezone.now() - admin_user.password_changed_at < dt.timedelta(minutes=1)


def test_other_users_passwords_do_not_expire_unless_configured(secretary_a, settings):
    _age(secretary_a, 3650)
    assert _sign_in("sec_a").get(HOME).status_code == 200
    settings.XUEHUI_PASSWORD_MAX_AGE_DAYS = 180
    assert _sign_in("sec_a").get(HOME).status_code == 302
    _age(secretary_a, 179)
    assert _sign_in("sec_a").get(HOME).status_code == 200


def test_the_stricter_age_applies_to_administrators(admin_user, settings):
    settings.XUEHUI_PASSWORD_MAX_AGE_DAYS = 30
    assert passwords.password_max_age_days(admin_user) == 30
    settings.XUEHUI_ADMIN_PASSWORD_MAX_AGE_DAYS = 0
    settings.XUEHUI_PASSWORD_MAX_AGE_DAYS = 0
    assert passwords.password_max_age_days(admin_user) == 0
    _age(admin_user, 3650)
    assert not passwords.password_expired(admin_user)


def test_an_account_never_changed_counts_from_its_creation(admin_user):
    admin_user.date_joined = timezone.now() - dt.timedelta(days=100)
    admin_user.save(update_fields=["date_joined"])
    assert admin_user.password_changed_at is None
    assert passwords.password_expired(admin_user)


# ---------------------------------------------------------------- sessions end everywhere


def test_a_password_change_ends_every_other_session_and_keeps_this_one(secretary_a):
    here, elsewhere = _sign_in("sec_a"), _sign_in("sec_a")
    other_key = elsewhere.session.session_key
    assert Session.objects.filter(session_key=other_key).exists()
    assert _change(here, PASSWORD, NEW[0]).status_code == 302
    assert not Session.objects.filter(session_key=other_key).exists()
    response = elsewhere.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert here.get(HOME).status_code == 200
    # This session's note follows its new key, so the next change still keeps it.
    assert list(
        SignInSession.objects.filter(user=secretary_a).values_list("session_key", flat=True)
    ) == [here.session.session_key]
    third = _sign_in("sec_a", NEW[0])
    assert _change(here, NEW[0], NEW[1]).status_code == 302
    assert third.get(HOME).status_code == 302
    assert here.get(HOME).status_code == 200


@pytest.mark.parametrize("write", ["reset", "deactivate"])
def test_a_reset_or_deactivation_by_an_administrator_ends_every_session(
    admin_client, admin_user, secretary_a, write
):
    first, second = _sign_in("sec_a"), _sign_in("sec_a")
    url = {"reset": "accounts:user_password_reset", "deactivate": "accounts:user_deactivate"}
    assert admin_client.post(reverse(url[write], args=[secretary_a.pk])).status_code == 302
    assert not SignInSession.objects.filter(user=secretary_a).exists()
    for client in (first, second):
        assert not Session.objects.filter(session_key=client.session.session_key).exists()
        assert client.get(HOME).status_code == 302
    assert admin_client.get(HOME).status_code == 200


def test_signing_out_forgets_the_session_and_old_notes_are_cleared(secretary_a, settings):
    client = _sign_in("sec_a")
    assert SignInSession.objects.filter(user=secretary_a).count() == 1
    client.post(reverse("accounts:logout"))
    assert not SignInSession.objects.filter(user=secretary_a).exists()
    stale = SignInSession.objects.create(user=secretary_a, session_key="x" * 32)
    SignInSession.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=settings.SESSION_ABSOLUTE_AGE + 60)
    )
    _sign_in("sec_a")
    assert not SignInSession.objects.filter(pk=stale.pk).exists()


def test_the_change_is_audited(secretary_a):
    _change(_sign_in("sec_a"), PASSWORD, NEW[0])
    assert AuditEntry.objects.filter(action=AccountAction.PASSWORD_CHANGE).count() == 1
