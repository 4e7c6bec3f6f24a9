"""Tokens: stored as a hash, refused with a Chinese reason once expired, revoked or their
account disabled, every issue and revocation audited; and `xuehui api-token`."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.api.models import ApiToken
from xuehui.api.services import (
    key_digest,
    key_prefix,
    token_issue,
    token_revoke,
    token_revoke_all,
)
from xuehui.audit.models import AuditEntry

from .conftest import client_with

SOCIETIES = "/api/societies/"


def test_a_token_is_kept_only_as_its_prefix_and_hash(secretary_a):
    token, key = token_issue(user=secretary_a, actor=SYSTEM)
    assert key.startswith(f"xh_{token.prefix}_")
    assert token.key_hash == key_digest(key) and key not in token.key_hash
    stored = ApiToken.objects.values_list("prefix", "key_hash").get()
    assert key not in stored
    assert (token.expires_at - timezone.now()).days in (89, 90)  # XUEHUI_API_TOKEN_DAYS


def test_a_token_authenticates_its_user_and_records_its_use(secretary_a, society_a):
    token, key = token_issue(user=secretary_a, actor=SYSTEM, days=5)
    response = client_with(key).get(SOCIETIES)
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [society_a.pk]
    token.refresh_from_db()
    used = token.last_used_at
    assert used is not None
    client_with(key).get(SOCIETIES)  # within the minute: not written again
    token.refresh_from_db()
    assert token.last_used_at == used


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("expire", "已过期"),
        ("revoke", "已被吊销"),
        ("disable", "已停用"),
    ],
)
def test_a_dead_token_gets_401_with_the_reason(secretary_a, change, reason):
    token, key = token_issue(user=secretary_a, actor=SYSTEM)
    if change == "expire":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif change == "revoke":
        token_revoke(token=token, actor=SYSTEM)
    else:
        secretary_a.is_active = False
        secretary_a.save()
    response = client_with(key).get(SOCIETIES)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header",
    [
        "Token xh_000000000000_nope",
        "Token not-a-key",
        "Token a b",
        "Token",
        "Token xh__x",
    ],
)
def test_a_wrong_or_malformed_token_gets_401(secretary_a, header):
    token_issue(user=secretary_a, actor=SYSTEM)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(SOCIETIES)
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_a_right_prefix_with_a_wrong_secret_is_refused(secretary_a):
    token, key = token_issue(user=secretary_a, actor=SYSTEM)
    response = client_with(f"xh_{token.prefix}_{'x' * 43}").get(SOCIETIES)
    assert response.status_code == 401


def test_a_header_that_is_not_text_is_refused(secretary_a):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=b"Token \xff\xfe".decode("latin-1"))
    assert client.get(SOCIETIES).status_code == 401


def test_no_token_is_401(db):
    response = client_with(None).get(SOCIETIES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_key_prefix_reads_only_keys_of_the_platform():
    assert key_prefix("xh_abc_def_ghi") == "abc"
    assert key_prefix("xx_abc_def") is None
    assert key_prefix("xh_abc") is None


def test_issue_and_revocation_are_audited_once(secretary_a, admin_user):
    token, _key = token_issue(user=secretary_a, actor=admin_user, days=30)
    assert token_revoke(token=token, actor=admin_user)
    assert not token_revoke(token=token, actor=admin_user)  # already revoked: nothing written
    entries = list(AuditEntry.objects.filter(target_type="api.apitoken").order_by("pk"))
    assert [e.action for e in entries] == ["api_token_create", "api_token_revoke"]
    assert all(e.actor == admin_user for e in entries)
    assert token.prefix in entries[0].summary and "30天" in entries[0].summary


def test_revoke_all_revokes_only_live_tokens(secretary_a):
    first, _ = token_issue(user=secretary_a, actor=SYSTEM)
    token_issue(user=secretary_a, actor=SYSTEM)
    token_revoke(token=first, actor=SYSTEM)
    assert token_revoke_all(user=secretary_a, actor=SYSTEM) == 1
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_days_outside_the_bounds_are_refused(secretary_a, days):
    with pytest.raises(ValidationError, match="有效天数"):
        token_issue(user=secretary_a, actor=SYSTEM, days=days)
    assert not ApiToken.objects.exists()


def test_a_disabled_account_gets_no_token(secretary_a):
    secretary_a.is_active = False
    secretary_a.save()
    with pytest.raises(ValidationError, match="已停用"):
        token_issue(user=secretary_a, actor=SYSTEM)


def test_a_token_is_live_until_it_expires_or_is_revoked(secretary_a):
    token, _ = token_issue(user=secretary_a, actor=SYSTEM, days=1)
    now = timezone.now()
    assert token.is_live_at(now)
    assert not token.is_live_at(now + dt.timedelta(days=2))
    token_revoke(token=token, actor=SYSTEM)
    assert not token.is_live_at(now)
    assert str(token).startswith(token.prefix)


# ---- the command -------------------------------------------------------------------------


def _command(*args) -> list[str]:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_prints_the_token_alone_on_its_last_line(secretary_a, society_a):
    lines = _command(secretary_a.username, "--days", "7")
    key = lines[-1]
    assert key == key.strip() and " " not in key and len(lines) >= 2
    token = ApiToken.objects.get()
    assert token.key_hash == key_digest(key)
    assert (token.expires_at - timezone.now()).days in (6, 7)
    assert client_with(key).get(SOCIETIES).status_code == 200
    assert AuditEntry.objects.filter(action="api_token_create", actor=None).count() == 1


def test_the_command_revokes_all_or_one_and_lists(secretary_a):
    token, key = token_issue(user=secretary_a, actor=SYSTEM)
    token_issue(user=secretary_a, actor=SYSTEM)
    assert _command(secretary_a.username, "--revoke", token.prefix) == [
        f"已吊销接口令牌{token.prefix}"
    ]
    assert _command(secretary_a.username, "--revoke", token.prefix) == [
        f"接口令牌{token.prefix}此前已被吊销"
    ]
    client_with(key).get(SOCIETIES)
    listed = _command(secretary_a.username, "--list")
    assert len(listed) == 2 and any("已吊销" in line for line in listed)
    assert any("有效" in line and "从未" in line for line in listed)
    assert _command(secretary_a.username, "--revoke") == [
        f"已吊销{secretary_a.username}的1个接口令牌"
    ]
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None, expires_at=timezone.now())
    token.refresh_from_db()
    assert any("已过期" in line for line in _command(secretary_a.username, "--list"))


def test_the_command_lists_when_a_token_was_last_used(secretary_a):
    _token, key = token_issue(user=secretary_a, actor=SYSTEM)
    client_with(key).get(SOCIETIES)
    (line,) = _command(secretary_a.username, "--list")
    assert "从未" not in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "未找到账号"),
        (["{user}", "--days", "0"], "有效天数"),
        (["{user}", "--revoke", "nosuch"], "没有前缀为nosuch"),
    ],
)
def test_the_command_refuses_a_wrong_command_line(secretary_a, args, message):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("api_token", *[a.format(user=secretary_a.username) for a in args], stderr=err)
    assert exit_.value.code == 2
    assert message in err.getvalue()
    assert not ApiToken.objects.exists()


def test_the_log_names_token_actions_in_chinese():
    from xuehui.audit.labels import action_label

    assert action_label("api_token_create") == "签发接口令牌"
    assert action_label("api_token_revoke") == "吊销接口令牌"
