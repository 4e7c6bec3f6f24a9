import datetime as dt

import pytest

from xuehui.todos import registry
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, grouped, open_keys, todos_for

DAY = dt.date(2026, 12, 5)


def todo(key, kind=TodoKind.SELF_ASSESS, due=None, **fields) -> Todo:
    return Todo(key=key, kind=kind, title=key, url="/", due=due, **fields)


def test_urgency_reads_the_deadline():
    assert todo("a", due=DAY - dt.timedelta(days=1)).urgency(DAY) == "overdue"
    assert todo("a", due=DAY).urgency(DAY) == "near"
    assert todo("a", due=DAY + dt.timedelta(days=7)).urgency(DAY) == "near"
    assert todo("a", due=DAY + dt.timedelta(days=8)).urgency(DAY) == ""
    assert todo("a").urgency(DAY) == ""
    assert todo("a", due=DAY + dt.timedelta(days=3)).days_left(DAY) == 3


@pytest.fixture
def providers(monkeypatch):
    found: list = []
    monkeypatch.setattr(registry, "PROVIDERS", found)
    monkeypatch.setattr(registry, "FROM_RECORDS", set())
    return found


def test_to_dos_come_most_urgent_first_and_group_by_kind(providers, django_user_model, db):
    user = django_user_model.objects.create_user(username="u", password="x")
    later = todo("later", TodoKind.REVIEW, DAY + dt.timedelta(days=30))
    late = todo("late", TodoKind.PLAN_SUBMIT, DAY - dt.timedelta(days=2))
    undated = todo("undated", TodoKind.RECORDS)
    registry.register(lambda user, day: [later, undated])
    registry.register(lambda user, day: [late])
    found = todos_for(user, DAY)
    assert [t.key for t in found] == ["late", "later", "undated"]
    groups = grouped(found)
    assert [g.kind for g in groups] == [TodoKind.PLAN_SUBMIT, TodoKind.RECORDS, TodoKind.REVIEW]
    assert groups[0].overdue(DAY) == 1 and groups[0].label == "待提交方案"


def test_an_inactive_or_anonymous_user_has_nothing_to_do(providers, django_user_model, db):
    from django.contrib.auth.models import AnonymousUser

    registry.register(lambda user, day: [todo("x")])
    user = django_user_model.objects.create_user(username="u", password="x", is_active=False)
    assert todos_for(user, DAY) == []
    assert todos_for(AnonymousUser(), DAY) == []


def test_a_provider_is_registered_once(providers):
    def provider(user, day):
        return []

    registry.register(provider)
    registry.register(provider)
    assert providers == [provider]


def test_open_keys_include_what_a_to_do_covers():
    assert open_keys([todo("a", covers=("b",)), todo("c")]) == {"a", "b", "c"}


# ---- kept across requests (core.page_cache) --------------------------------------------------


def test_a_kept_to_do_goes_with_the_audited_write_that_does_it(kept_pages, society_a, secretary_a):
    from xuehui.governance.services import term_create

    missing = f"term-missing:{society_a.pk}"
    assert missing in {t.key for t in todos_for(secretary_a, DAY)}
    assert missing in {t.key for t in todos_for(secretary_a, DAY)}  # kept: the same answer
    term_create(society=society_a, number=1, start_on=dt.date(2024, 1, 1), actor=secretary_a)
    assert missing not in {t.key for t in todos_for(secretary_a, DAY)}


def test_an_upload_waiting_is_asked_every_time_and_to_dos_stay_per_user(
    kept_pages, admin_user, federation
):
    from xuehui.accounts.choices import Role
    from xuehui.imports.models import PendingImport
    from xuehui.tests import factories

    second = factories.make_user("kx_admin2", role=Role.FEDERATION_ADMIN, federation=federation)
    assert not [t for t in todos_for(admin_user, DAY) if t.kind == TodoKind.IMPORT_CONFIRM]
    PendingImport.objects.create(  # not an audited write: its provider is asked every time
        token="t" * 32, user=admin_user, kind="societies", key="imports/x", filename="名录.xlsx"
    )
    assert [t.title for t in todos_for(admin_user, DAY) if t.kind == TodoKind.IMPORT_CONFIRM] == [
        "名录.xlsx"
    ]
    assert not [t for t in todos_for(second, DAY) if t.kind == TodoKind.IMPORT_CONFIRM]


def test_kept_and_asked_providers_sort_together(kept_pages, providers, admin_user):
    late = todo("late", TodoKind.PLAN_SUBMIT, DAY - dt.timedelta(days=2))
    undated = todo("undated", TodoKind.RECORDS)
    registry.register(lambda user, day: [undated])
    registry.register(from_records=True)(lambda user, day: [late])
    assert [t.key for t in todos_for(admin_user, DAY)] == ["late", "undated"]
