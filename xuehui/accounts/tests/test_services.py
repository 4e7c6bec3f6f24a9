"""The account services: what they refuse even when a page forgets to check, and what they
record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuehui.access import SYSTEM
from xuehui.accounts.choices import AccountAction, Role
from xuehui.accounts.passwords import initial_password
from xuehui.accounts.services import (
    password_reset,
    role_grant,
    role_revoke,
    user_create,
    user_deactivate,
)
from xuehui.audit.models import AuditEntry
from xuehui.tests import factories


def test_role_grant_refuses_a_federation_admin_outside_the_subtree(
    admin_user, secretary_a, society_b
):
    with pytest.raises(PermissionDenied):
        role_grant(user=secretary_a, role=Role.SOCIETY_EDITOR, society=society_b, actor=admin_user)
    with pytest.raises(PermissionDenied):
        role_grant(user=secretary_a, role=Role.SYSTEM_ADMIN, actor=admin_user)
    assert not secretary_a.role_assignments.filter(society=society_b).exists()


def test_role_grant_keeps_only_the_scope_a_role_has(secretary_a, federation, society_a):
    viewer = role_grant(
        user=secretary_a,
        role=Role.FEDERATION_VIEWER,
        federation=federation,
        society=society_a,
        actor=SYSTEM,
    )
    assert (viewer.federation, viewer.society) == (federation, None)


def test_granting_a_held_role_again_changes_nothing(secretary_a, society_a):
    before = AuditEntry.objects.count()
    role_grant(user=secretary_a, role=Role.SOCIETY_EDITOR, society=society_a, actor=SYSTEM)
    assert secretary_a.role_assignments.count() == 1
    assert AuditEntry.objects.count() == before


def test_role_revoke_refuses_an_admin_their_own_admin_role(admin_user):
    with pytest.raises(ValidationError):
        role_revoke(assignment=admin_user.role_assignments.get(), actor=admin_user)
    assert admin_user.role_assignments.exists()


def test_role_revoke_is_recorded_with_the_role(admin_user, secretary_a, society_a):
    assignment = secretary_a.role_assignments.get()
    role_revoke(assignment=assignment, actor=admin_user)
    entry = AuditEntry.objects.get(action=AccountAction.ROLE_REVOKE)
    assert entry.detail == {
        "role": Role.SOCIETY_EDITOR,
        "federation": None,
        "society": society_a.pk,
    }
    assert entry.society == society_a


def test_user_create_needs_a_role_and_a_free_name(admin_user, society_a, secretary_a):
    with pytest.raises(ValidationError):
        user_create(actor=admin_user, username="someone", roles=[])
    with pytest.raises(ValidationError):
        user_create(
            actor=admin_user, username="SEC_A", roles=[(Role.SOCIETY_EDITOR, None, society_a)]
        )


def test_user_create_is_all_or_nothing_when_a_role_is_refused(admin_user, society_b):
    from xuehui.accounts.models import User

    with pytest.raises(PermissionDenied):
        user_create(
            actor=admin_user, username="newbie", roles=[(Role.SOCIETY_EDITOR, None, society_b)]
        )
    assert not User.objects.filter(username="newbie").exists()


def test_a_password_reset_is_random_strong_and_must_be_changed(secretary_a):
    first = password_reset(user=secretary_a, actor=None)
    second = password_reset(user=secretary_a, actor=None)
    assert first != second
    assert secretary_a.must_change_password
    assert secretary_a.check_password(second)
    assert AuditEntry.objects.filter(action=AccountAction.PASSWORD_RESET).count() == 2
    assert all(second not in entry.summary for entry in AuditEntry.objects.all())


def test_initial_passwords_mix_cases_and_digits_and_avoid_lookalikes():
    for _ in range(50):
        password = initial_password()
        assert len(password) == 14
        assert any(c.isupper() for c in password) and any(c.islower() for c in password)
        assert any(c.isdigit() for c in password)
        assert not set(password) & set("0O1lI")


def test_an_admin_cannot_deactivate_their_own_account(admin_user):
    with pytest.raises(ValidationError):
        user_deactivate(user=admin_user, actor=admin_user)


def test_a_system_admin_may_grant_anything(db, society_b):
    root = factories.make_user("root", role=Role.SYSTEM_ADMIN)
    user = factories.make_user("plain")
    role_grant(user=user, role=Role.SYSTEM_ADMIN, actor=root)
    role_grant(user=user, role=Role.SOCIETY_EDITOR, society=society_b, actor=root)
    assert user.role_assignments.count() == 2
