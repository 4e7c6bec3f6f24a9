"""The council page and the post form cost the same number of queries for 5 or 60 people."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuehui.governance.choices import Office
from xuehui.tests import factories

from .test_views import make_council

# Session (read and re-saved: 4), user, roles, federation tree, unread notifications, then
# the society, its terms, the roster.
MAX_QUERIES = 16


def count_queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def running_term(society):
    return factories.make_term(society, start_on=timezone.localdate() - dt.timedelta(days=400))


def test_the_council_page_costs_the_same_for_5_or_60_people(admin_client, society_a):
    today = timezone.localdate()
    term = running_term(society_a)
    url = reverse("governance:council", args=[society_a.pk])
    make_council(term, 5, today=today)
    small = count_queries(admin_client, url)
    filtered_small = count_queries(admin_client, url, office=Office.DIRECTOR)
    make_council(term, 55, today=today)  # names repeat: different people all the same
    assert count_queries(admin_client, url) == small <= MAX_QUERIES
    assert count_queries(admin_client, url, office=Office.DIRECTOR) == filtered_small


def test_an_earlier_term_costs_the_same_as_the_current_one(admin_client, society_a):
    today = timezone.localdate()
    old = factories.make_term(
        society_a,
        number=1,
        start_on=today - dt.timedelta(days=3000),
        ended_on=today - dt.timedelta(days=500),
    )
    current = factories.make_term(society_a, number=2, start_on=today - dt.timedelta(days=500))
    make_council(old, 30, today=today)
    make_council(current, 5, today=today)
    url = reverse("governance:council", args=[society_a.pk])
    assert count_queries(admin_client, url, term=old.pk) == count_queries(admin_client, url)


def test_the_post_form_costs_the_same_for_5_or_60_people_to_choose_from(
    secretary_a_client, society_a
):
    today = timezone.localdate()
    term = running_term(society_a)
    url = reverse("governance:position_create", args=[society_a.pk, term.pk])
    make_council(term, 5, today=today)
    small = count_queries(secretary_a_client, url)
    make_council(term, 55, today=today)
    assert count_queries(secretary_a_client, url) == small <= MAX_QUERIES
