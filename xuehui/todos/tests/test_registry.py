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
