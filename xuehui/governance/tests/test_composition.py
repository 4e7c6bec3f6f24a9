"""统计口径: who counts in the council and the standing council, and the figures of each."""

import datetime as dt

import pytest

from xuehui.governance.choices import Gender, Office, PoliticalStatus, Selection
from xuehui.governance.composition import Body, body_q, compose, counts_in
from xuehui.governance.models import Position
from xuehui.tests import factories

DAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(
    ("office", "selection", "council", "standing", "supervisors"),
    [
        (Office.PRESIDENT, "", True, True, False),
        (Office.VICE_PRESIDENT, "", True, True, False),
        (Office.STANDING_DIRECTOR, "", True, True, False),
        (Office.DIRECTOR, "", True, False, False),
        (Office.SECRETARY_GENERAL, Selection.ELECTED, True, True, False),
        (Office.SECRETARY_GENERAL, Selection.APPOINTED, False, False, False),
        (Office.SECRETARY_GENERAL, "", False, False, False),
        (Office.DEPUTY_SECRETARY_GENERAL, "", False, False, False),
        (Office.CHIEF_SUPERVISOR, "", False, False, True),
        (Office.SUPERVISOR, "", False, False, True),
    ],
)
def test_each_office_counts_in_the_bodies_the_rule_names(
    office, selection, council, standing, supervisors
):
    assert counts_in(Body.COUNCIL, office, selection) is council
    assert counts_in(Body.STANDING_COUNCIL, office, selection) is standing
    assert counts_in(Body.SUPERVISORS, office, selection) is supervisors


def test_the_filter_form_of_the_rule_picks_the_same_posts(society_a):
    term = factories.make_term(society_a)
    for office in Office.values:
        selection = Selection.ELECTED if office == Office.SECRETARY_GENERAL else ""
        factories.make_position(term, office, selection=selection)
    factories.make_position(term, Office.SECRETARY_GENERAL, selection=Selection.APPOINTED)
    for body in (Body.COUNCIL, Body.STANDING_COUNCIL, Body.SUPERVISORS):
        by_query = set(Position.objects.filter(body_q(body)).values_list("pk", flat=True))
        by_rule = {p.pk for p in Position.objects.all() if counts_in(body, p.office, p.selection)}
        assert by_query == by_rule


def test_a_person_with_several_posts_counts_once(society_a):
    term = factories.make_term(society_a)
    person = factories.make_person()
    posts = [
        factories.make_position(term, Office.VICE_PRESIDENT, person=person),
        factories.make_position(term, Office.STANDING_DIRECTOR, person=person),
        factories.make_position(term, Office.DIRECTOR, person=person),
    ]
    assert compose(Body.COUNCIL, posts, on=DAY, young_age=45).size == 1


def test_the_figures_count_frontline_young_party_women_and_retired_officials(society_a):
    term = factories.make_term(society_a)
    people = [
        # born 1979-06-01: exactly 45 on the day, so young and middle-aged
        factories.make_person(
            birth_date=dt.date(1979, 6, 1),
            gender=Gender.FEMALE,
            political_status=PoliticalStatus.PROBATIONARY,
            is_frontline=True,
        ),
        # 45 until the day after: turns 46 on 2024-05-31, so not young
        factories.make_person(
            birth_date=dt.date(1978, 5, 31),
            is_frontline=False,
            is_retired_official=True,
            political_status=PoliticalStatus.PARTY_MEMBER,
        ),
        factories.make_person(
            birth_date=dt.date(1960, 1, 1),
            is_frontline=True,
            political_status=PoliticalStatus.DEMOCRATIC_PARTY,
        ),
    ]
    posts = [factories.make_position(term, Office.DIRECTOR, person=p) for p in people]
    result = compose(Body.COUNCIL, posts, on=DAY, young_age=45)
    assert (result.size, result.frontline, result.young) == (3, 2, 1)
    assert (result.party_members, result.women, result.retired_officials) == (2, 1, 1)
    assert result.frontline_share == pytest.approx(2 / 3)


def test_an_empty_body_has_no_shares():
    result = compose(Body.STANDING_COUNCIL, [], on=DAY, young_age=45)
    assert result.size == 0
    assert result.frontline_share is None


def test_an_unknown_trait_counts_neither_as_yes_nor_as_no(society_a):
    term = factories.make_term(society_a)
    people = [
        factories.make_person(is_frontline=None, is_retired_official=None),
        factories.make_person(is_frontline=True, is_retired_official=False),
        factories.make_person(is_frontline=False, is_retired_official=None),
    ]
    posts = [factories.make_position(term, Office.DIRECTOR, person=p) for p in people]
    result = compose(Body.COUNCIL, posts, on=DAY, young_age=45)
    assert (result.frontline, result.frontline_unknown) == (1, 1)
    assert (result.retired_officials, result.retired_officials_unknown) == (0, 2)
