"""Reads of terms, rosters and people behind the council page."""

import datetime as dt

import pytest

from xuehui.governance import selectors
from xuehui.governance.choices import Office
from xuehui.tests import factories

DAY = dt.date(2024, 6, 1)


def test_term_states_follow_the_dates(society_a):
    old = factories.make_term(
        society_a, number=1, start_on=dt.date(2014, 1, 1), ended_on=dt.date(2019, 1, 1)
    )
    overdue = factories.make_term(
        society_a, number=2, start_on=dt.date(2019, 1, 1), planned_end_on=dt.date(2024, 1, 1)
    )
    rows = {row.term: row for row in selectors.term_rows([overdue, old], DAY)}
    assert rows[old].state == "已结束"
    assert rows[overdue].state == "届满未换届"
    assert rows[overdue].is_running
    assert selectors.term_rows([overdue], dt.date(2020, 1, 1))[0].state == "当前届次"
    assert selectors.term_rows([overdue], dt.date(2018, 1, 1))[0].state == "未开始"


def test_the_running_term_is_the_one_whose_dates_hold_today(society_a):
    first = factories.make_term(
        society_a, number=1, start_on=dt.date(2015, 1, 1), ended_on=dt.date(2020, 3, 1)
    )
    second = factories.make_term(society_a, number=2, start_on=dt.date(2020, 3, 1))
    terms = selectors.terms_of(society_a)
    assert terms == [second, first]
    assert selectors.running_term(terms, dt.date(2020, 2, 29)) == first
    assert selectors.running_term(terms, dt.date(2020, 3, 1)) == second
    assert selectors.current_term(society_a, dt.date(2020, 3, 1)) == second
    assert selectors.current_term(society_a, dt.date(2014, 1, 1)) is None


def test_an_overdue_term_is_still_current(society_a):
    term = factories.make_term(
        society_a, start_on=dt.date(2015, 1, 1), planned_end_on=dt.date(2020, 1, 1)
    )
    assert selectors.current_term(society_a, DAY) == term


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2021, 5, 5), dt.date(2021, 5, 5)),  # running: today
        (dt.date(2030, 1, 1), dt.date(2024, 12, 31)),  # ended: its last day
        (dt.date(2019, 1, 1), dt.date(2020, 1, 1)),  # not begun: its first day
    ],
)
def test_the_figures_are_counted_on_a_day_inside_the_term(society_a, today, expected):
    term = factories.make_term(
        society_a, start_on=dt.date(2020, 1, 1), ended_on=dt.date(2025, 1, 1)
    )
    assert selectors.figures_day(term, today) == expected


def test_the_roster_is_ordered_by_office_then_name(society_a):
    term = factories.make_term(society_a)
    # Latin initials: the order of Han characters depends on the database's collation.
    factories.make_position(term, Office.DIRECTOR, person=factories.make_person(name="B乙"))
    factories.make_position(term, Office.DIRECTOR, person=factories.make_person(name="A甲"))
    factories.make_position(term, Office.SUPERVISOR, person=factories.make_person(name="丙"))
    factories.make_position(term, Office.PRESIDENT, person=factories.make_person(name="丁"))
    roster = selectors.term_positions(term)
    assert [(p.office, p.person.name) for p in roster] == [
        (Office.PRESIDENT, "丁"),
        (Office.DIRECTOR, "A甲"),
        (Office.DIRECTOR, "B乙"),
        (Office.SUPERVISOR, "丙"),
    ]


def test_term_figures_leave_out_posts_not_held_on_the_day(society_a):
    term = factories.make_term(society_a, start_on=dt.date(2022, 1, 1))
    factories.make_position(term, Office.PRESIDENT)
    factories.make_position(term, Office.DIRECTOR, end_on=dt.date(2023, 1, 1))
    factories.make_position(term, Office.DIRECTOR, start_on=dt.date(2025, 1, 1))
    figures = selectors.term_figures(term, selectors.term_positions(term), DAY)
    assert figures.council.size == 1
    assert figures.standing_council.size == 1


def test_people_of_a_society_are_those_who_held_posts_there(society_a, society_b):
    term_a = factories.make_term(society_a)
    term_b = factories.make_term(society_b)
    both = factories.make_person(name="两会兼职")
    factories.make_position(term_a, Office.DIRECTOR, person=both)
    factories.make_position(term_b, Office.DIRECTOR, person=both)
    factories.make_position(term_a, Office.STANDING_DIRECTOR, person=both)
    only_b = factories.make_position(term_b, Office.DIRECTOR).person
    people = list(selectors.people_of(society_a))
    assert people == [both]
    assert only_b not in people


@pytest.mark.parametrize(
    ("count", "size", "text"),
    [(3, 4, "75.0%"), (56, 75, "74.7%"), (0, 0, "—"), (1, 3, "33.3%")],
)
def test_shares_show_one_decimal_and_a_dash_for_an_empty_body(count, size, text):
    assert selectors.FigureRow("一线", count, size).share_text == text
