"""What the main pages keep across requests: one entry per scope, filters and data version."""

import pytest

from xuehui.access import SYSTEM, scope_key
from xuehui.accounts.choices import Role
from xuehui.audit.services import audit_record
from xuehui.audit.versions import data_version
from xuehui.core.page_cache import cached
from xuehui.lib import kept
from xuehui.rules.services import frameworks_load_library
from xuehui.rules.stored import results_compute
from xuehui.tests import factories as f

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_users_share_a_scope_key_only_when_they_reach_the_same(
    admin_user, secretary_a, secretary_b, federation, society_a
):
    second_admin = f.make_user("kx_admin2", role=Role.FEDERATION_ADMIN, federation=federation)
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    second_secretary = f.make_user("sec_a2", role=Role.SOCIETY_EDITOR, society=society_a)
    assert scope_key(admin_user) == scope_key(second_admin)
    assert scope_key(secretary_a) == scope_key(second_secretary)
    keys = {scope_key(u) for u in (admin_user, leader, secretary_a, secretary_b)}
    assert len(keys) == 4


def test_an_audited_write_changes_the_version(society_a):
    before = data_version()
    audit_record(actor=SYSTEM, action="test", target=society_a, summary="改")
    assert data_version() != before


def test_a_recomputation_changes_only_the_stored_results_version(society_a):
    frameworks_load_library()
    plain, stored = data_version(), data_version(stored=True)
    results_compute([society_a.pk])
    assert data_version() == plain and data_version(stored=True) != stored


def test_a_value_is_kept_until_the_next_audited_write(kept_pages, admin_user, society_a):
    compute = Counter()
    assert [cached("p", admin_user, (), compute) for _ in range(3)] == [1, 1, 1]
    assert cached("p", admin_user, ("page", 2), compute) == 2  # other filters, other entry
    audit_record(actor=SYSTEM, action="test", target=society_a, summary="改")
    assert cached("p", admin_user, (), compute) == 3


def test_two_scopes_never_share_an_entry(kept_pages, admin_user, secretary_a):
    compute = Counter()
    assert cached("p", admin_user, (), compute) == 1
    assert cached("p", secretary_a, (), compute) == 2
    assert cached("p", admin_user, (), compute) == 1


def test_nothing_is_kept_when_switched_off_or_refused(settings, kept_pages, admin_user):
    compute = Counter()
    assert cached("p", admin_user, (), compute, keep=lambda value: False) == 1
    assert cached("p", admin_user, (), compute) == 2
    settings.XUEHUI_PAGE_CACHE_SECONDS = 0
    assert cached("p", admin_user, (), compute) == 3


def test_an_entry_lasts_the_configured_time(kept_pages, admin_user, monkeypatch):
    timeouts = []
    monkeypatch.setattr(kept.cache, "set", lambda key, value, t: timeouts.append(t))
    cached("p", admin_user, (), Counter())
    assert timeouts == [600]
