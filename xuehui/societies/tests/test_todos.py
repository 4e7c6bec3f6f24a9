"""Terms as to-dos: a secretary is reminded half a year before the term ends; a 科协 sees how many
societies are past their term."""

import datetime as dt

from django.urls import reverse

from xuehui.finances.models import FinanceYear
from xuehui.societies.choices import SocietyStatus
from xuehui.tests import factories
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import todos_for

DAY = dt.date(2026, 12, 5)


def of_kind(user, kind, day=DAY):
    return [t for t in todos_for(user, day) if t.kind == kind]


def test_a_term_ending_within_half_a_year_is_a_to_do(society_a, secretary_a):
    factories.make_term(society_a, start_on=dt.date(2022, 3, 1))  # ends 2027-03-01
    [todo] = of_kind(secretary_a, TodoKind.TERM_DUE)
    assert todo.due == dt.date(2027, 3, 1) and "即将届满" in todo.detail
    assert todo.url == reverse("governance:council", args=[society_a.pk])
    assert not of_kind(secretary_a, TodoKind.TERM_DUE, dt.date(2026, 8, 1))
    [late] = of_kind(secretary_a, TodoKind.TERM_DUE, dt.date(2027, 3, 2))
    assert "已届满" in late.detail and late.urgency(dt.date(2027, 3, 2)) == "overdue"


def test_a_society_without_a_term_is_asked_for_one(society_a, secretary_a):
    assert any(t.key == f"term-missing:{society_a.pk}" for t in todos_for(secretary_a, DAY))


def test_the_administrator_counts_overdue_terms_of_their_own_federation(
    federation, society_a, society_b, admin_user
):
    factories.make_term(society_a, start_on=dt.date(2020, 1, 1))
    factories.make_term(society_b, start_on=dt.date(2020, 1, 1))  # another federation's
    [todo] = of_kind(admin_user, TodoKind.TERMS_OVERDUE)
    assert todo.count == 1 and "term_state=overdue" in todo.url


def test_last_years_finances_are_owed_until_filed(society_a, secretary_a):
    key = f"finance:{society_a.pk}:2025"
    assert key in {t.key for t in todos_for(secretary_a, DAY)}
    FinanceYear.objects.create(society=society_a, year=2025)
    assert key not in {t.key for t in todos_for(secretary_a, DAY)}


def test_a_deregistered_or_new_society_owes_no_finances_or_term(society_a, secretary_a):
    society_a.founded_on = dt.date(2026, 3, 1)
    society_a.save()
    assert not [t for t in todos_for(secretary_a, DAY) if t.key.startswith("finance:")]
    society_a.founded_on = dt.date(2001, 3, 1)
    society_a.status = SocietyStatus.DEREGISTERED
    society_a.save()
    assert todos_for(secretary_a, DAY) == []
