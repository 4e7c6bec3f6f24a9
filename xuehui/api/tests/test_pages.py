"""The token pages (/accounts/api-tokens/): a user issues a token for themselves, within
XUEHUI_API_TOKEN_DAYS, sees the key once and afterwards only its prefix, and revokes it; an
administrator sees and revokes the tokens of the accounts they manage; POST only, with CSRF;
another user's token is 404 to whoever does not manage its account. Everything audited."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.accounts.models import RoleAssignment
from xuehui.api.models import ApiToken
from xuehui.api.services import key_digest, token_issue
from xuehui.audit.models import AuditEntry
from xuehui.tests import factories

from .conftest import client_with

LIST = reverse("api_tokens:list")
MANAGED = reverse("api_tokens:managed")
KEY = re.compile(r"xh_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")


def _revoke_url(token) -> str:
    return reverse("api_tokens:revoke", args=[token.pk])


def test_a_user_issues_a_token_and_sees_the_key_once(secretary_a_client, secretary_a):
    response = secretary_a_client.post(LIST, {"name": "科协办公系统", "days": 30})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    (key,) = set(KEY.findall(response.content.decode()))
    token = ApiToken.objects.get(user=secretary_a)
    assert token.key_hash == key_digest(key) and token.name == "科协办公系统"
    assert client_with(key).get("/api/societies/").status_code == 200
    entry = AuditEntry.objects.get(action="api_token_create")
    assert entry.actor == secretary_a and "科协办公系统" in entry.summary
    again = secretary_a_client.get(LIST).content.decode()
    assert not KEY.search(again)  # afterwards: the prefix only
    assert f"{token.prefix}…" in again and "科协办公系统" in again and "从未使用" not in again


@pytest.mark.parametrize(("days", "issued"), [(1, True), (90, True), (91, False), (0, False)])
def test_the_days_are_bounded_by_the_setting(secretary_a_client, days, issued):
    response = secretary_a_client.post(LIST, {"name": "数据中心", "days": days})
    assert response.status_code == 200
    assert ApiToken.objects.exists() == issued
    if not issued:
        assert "有效天数应在1到90天之间" in response.content.decode()


def test_a_lower_setting_lowers_the_bound(settings, secretary_a_client):
    settings.XUEHUI_API_TOKEN_DAYS = 7
    secretary_a_client.post(LIST, {"name": "数据中心", "days": 8})
    assert not ApiToken.objects.exists()
    secretary_a_client.post(LIST, {"name": "数据中心", "days": 7})
    assert ApiToken.objects.count() == 1


def test_a_token_needs_a_purpose(secretary_a_client):
    response = secretary_a_client.post(LIST, {"name": "", "days": 5})
    assert "请填写令牌的用途" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_posts_need_the_csrf_token(secretary_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    assert client.post(LIST, {"name": "x", "days": 5}).status_code == 403
    token, _ = token_issue(user=secretary_a, actor=SYSTEM)
    assert client.post(_revoke_url(token)).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_revoking_takes_a_post(secretary_a_client, secretary_a):
    token, _ = token_issue(user=secretary_a, actor=SYSTEM)
    assert secretary_a_client.get(_revoke_url(token)).status_code == 405


def test_a_user_revokes_their_own_token(secretary_a_client, secretary_a):
    token, key = token_issue(user=secretary_a, actor=SYSTEM)
    response = secretary_a_client.post(_revoke_url(token))
    assert response.status_code == 302 and response["Location"] == LIST
    assert client_with(key).get("/api/societies/").status_code == 401
    entry = AuditEntry.objects.get(action="api_token_revoke")
    assert entry.actor == secretary_a
    again = secretary_a_client.post(_revoke_url(token))  # already revoked: nothing written
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="api_token_revoke").count() == 1


def test_another_users_token_is_404_to_a_user(secretary_a_client, secretary_b, admin_user):
    for owner in (secretary_b, admin_user):
        token, _ = token_issue(user=owner, actor=SYSTEM)
        assert secretary_a_client.post(_revoke_url(token)).status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
    assert secretary_a_client.post(reverse("api_tokens:revoke", args=[999999])).status_code == 404


def test_a_users_list_holds_only_their_tokens(secretary_a_client, secretary_a, secretary_b):
    own, _ = token_issue(user=secretary_a, actor=SYSTEM, name="甲")
    other, _ = token_issue(user=secretary_b, actor=SYSTEM, name="乙")
    page = secretary_a_client.get(LIST).content.decode()
    assert own.prefix in page and other.prefix not in page


def test_an_administrator_sees_and_revokes_the_tokens_of_their_federation(
    admin_client, admin_user, secretary_a, secretary_b
):
    inside, _ = token_issue(user=secretary_a, actor=SYSTEM, name="甲会系统")
    outside, _ = token_issue(user=secretary_b, actor=SYSTEM, name="乙会系统")
    page = admin_client.get(MANAGED).content.decode()
    assert inside.prefix in page and secretary_a.username in page
    assert outside.prefix not in page
    response = admin_client.post(_revoke_url(inside))
    assert response.status_code == 302 and response["Location"] == MANAGED
    inside.refresh_from_db()
    assert inside.revoked_at is not None
    entry = AuditEntry.objects.get(action="api_token_revoke")
    assert entry.actor == admin_user and secretary_a.username in entry.summary
    assert admin_client.post(_revoke_url(outside)).status_code == 404
    outside.refresh_from_db()
    assert outside.revoked_at is None


def test_a_token_of_an_account_serving_elsewhere_too_is_seen_not_revoked(
    admin_client, secretary_a, society_b
):
    RoleAssignment.objects.create(user=secretary_a, role=Role.SOCIETY_EDITOR, society=society_b)
    token, _ = token_issue(user=secretary_a, actor=SYSTEM)
    assert token.prefix in admin_client.get(MANAGED).content.decode()
    assert admin_client.post(_revoke_url(token)).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_managed_list_is_for_administrators(secretary_a_client, expert_client):
    assert secretary_a_client.get(MANAGED).status_code == 403
    assert expert_client.get(MANAGED).status_code == 403


def test_the_managed_list_can_hide_revoked_tokens(admin_client, secretary_a):
    live, _ = token_issue(user=secretary_a, actor=SYSTEM)
    dead, _ = token_issue(user=secretary_a, actor=SYSTEM)
    ApiToken.objects.filter(pk=dead.pk).update(revoked_at=dead.created_at)
    page = admin_client.get(MANAGED + "?live=1").content.decode()
    assert live.prefix in page and dead.prefix not in page


def test_the_managed_list_costs_the_same_queries_for_more_tokens(admin_client, society_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(MANAGED).status_code == 200
        return len(captured)

    user = factories.make_user("sec_more", role=Role.SOCIETY_EDITOR, society=society_a)
    token_issue(user=user, actor=SYSTEM)
    few = queries()
    for n in range(10):
        other = factories.make_user(f"sec_{n}", role=Role.SOCIETY_EDITOR, society=society_a)
        token_issue(user=other, actor=SYSTEM)
    assert queries() == few


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client):
    for url in (LIST, MANAGED):
        response = anonymous_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
