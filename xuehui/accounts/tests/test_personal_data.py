"""An account's personal data: the phone masked on the pages, 「显示完整号码」 with an audited
reason for an administrator who manages the account, and anonymisation on request that stops
the account for good while the audit log still names one account."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import AccountAction, Role
from xuehui.accounts.models import PasswordHistory, User
from xuehui.accounts.passwords import password_history_add
from xuehui.accounts.services import user_anonymise, user_reactivate, user_unmask
from xuehui.audit.chain import verify_table
from xuehui.audit.models import AuditEntry
from xuehui.tests import factories

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
REASON = "本人书面申请删除"


@pytest.fixture
def account(society_a):
    user = factories.make_user("zhang_mishu", role=Role.SOCIETY_EDITOR, society=society_a)
    User.objects.filter(pk=user.pk).update(
        full_name="张秘书", phone=PHONE, email="zhang@example.org"
    )
    user.refresh_from_db()
    return user


def url(name: str, account) -> str:
    return reverse(f"accounts:{name}", args=[account.pk])


def test_the_account_page_masks_the_phone_and_offers_the_unmasking(admin_client, account):
    page = admin_client.get(url("user_detail", account)).content.decode()
    assert PHONE not in page and "139****5678" in page
    assert url("user_unmask", account) in page and url("user_anonymise", account) in page


def test_unmasking_needs_a_reason_and_is_audited(admin_client, admin_user, account):
    refused = admin_client.post(url("user_unmask", account), {"reason": ""})
    assert PHONE not in refused.content.decode()
    assert not AuditEntry.objects.filter(action="unmask").exists()
    shown = admin_client.post(url("user_unmask", account), {"reason": "核对联系方式"})
    assert PHONE in shown.content.decode() and shown["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="unmask")
    assert entry.actor == admin_user and entry.target_id == str(account.pk)
    assert entry.detail == {"reason": "核对联系方式", "fields": ["phone"]}


def test_only_an_administrator_who_manages_the_account_unmasks_it(account, secretary_a, federation):
    with pytest.raises(PermissionDenied):
        user_unmask(user=account, actor=secretary_a, reason="核对联系方式")
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client = Client()
    client.force_login(leader)
    assert client.get(url("user_unmask", account)).status_code in {403, 404}


def test_anonymising_removes_the_personal_data_and_stops_the_account(
    admin_client, admin_user, account
):
    password_history_add(account)
    client = Client()
    client.force_login(account)
    before = AuditEntry.objects.filter(actor=account).count()
    response = admin_client.post(url("user_anonymise", account), {"reason": REASON})
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.username, account.full_name, account.email, account.phone) == (
        f"anonymised-{account.pk}",
        "匿名用户",
        "",
        "",
    )
    assert not account.is_active and not account.has_usable_password()
    assert account.anonymised_at is not None
    assert not PasswordHistory.objects.filter(user=account).exists()
    assert client.get(reverse("dashboard:home")).status_code == 302  # its session ended
    assert AuditEntry.objects.filter(actor=account).count() == before
    entry = AuditEntry.objects.get(action=AccountAction.USER_ANONYMISE)
    assert REASON in entry.summary and PHONE not in str(entry.detail)
    assert verify_table().broken is None
    page = admin_client.get(url("user_detail", account)).content.decode()
    assert "已匿名化" in page and "张秘书" not in page


def test_an_anonymised_account_is_not_edited_or_started_again(admin_client, admin_user, account):
    user_anonymise(user=account, actor=admin_user, reason=REASON)
    assert not user_anonymise(user=account, actor=admin_user, reason=REASON)  # nothing more
    assert AuditEntry.objects.filter(action=AccountAction.USER_ANONYMISE).count() == 1
    with pytest.raises(ValidationError):
        user_reactivate(user=account, actor=admin_user)
    admin_client.post(url("user_reactivate", account))
    edited = admin_client.post(url("user_edit", account), {"full_name": "张秘书", "phone": PHONE})
    account.refresh_from_db()
    assert not account.is_active and account.phone == "" and account.full_name == "匿名用户"
    assert edited.status_code == 302


@pytest.mark.parametrize("reason", ["", "删除"])
def test_anonymising_without_a_reason_changes_nothing(admin_client, account, reason):
    response = admin_client.post(url("user_anonymise", account), {"reason": reason})
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.phone == PHONE and account.is_active and account.anonymised_at is None


def test_no_one_anonymises_their_own_account(admin_user):
    with pytest.raises(ValidationError):
        user_anonymise(user=admin_user, actor=admin_user, reason=REASON)
