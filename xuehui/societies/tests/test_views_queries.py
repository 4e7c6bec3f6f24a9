"""The number of SQL queries of each registry page does not grow with the rows it shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuehui.governance.choices import Office
from xuehui.governance.models import Term
from xuehui.societies.models import Society
from xuehui.tests import factories

# Session (read and re-saved: 4), user, roles, federation tree, unread notifications, then the
# page's own reads (the basic-information tab also carries the year overview card).
MAX_QUERIES = 25


def count_queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_societies(federation, n: int, *, start: int = 0) -> None:
    today = timezone.localdate()
    city = factories.make_federation(parent=federation)
    for i in range(start, start + n):
        society = factories.make_society(
            name=f"学会{i:03d}",
            federation=city if i % 2 else federation,
            host_institution=f"大学{i % 5}",
            is_synthetic=i % 3 == 0,
        )
        term = factories.make_term(society, start_on=today - dt.timedelta(days=300 + i * 40))
        factories.make_position(term, Office.PRESIDENT)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (reverse("societies:list"), {}),
        (reverse("societies:list"), {"per_page": 100, "sort": "-term_end", "q": "学会"}),
        (reverse("societies:export"), {}),
        (reverse("dashboard:home"), {}),
    ],
)
def test_list_pages_cost_the_same_for_3_or_30_societies(admin_client, federation, url, params):
    add_societies(federation, 3)
    small = count_queries(admin_client, url, **params)
    add_societies(federation, 27, start=3)
    large = count_queries(admin_client, url, **params)
    assert large == small
    assert large <= MAX_QUERIES


def test_the_detail_page_costs_the_same_however_many_terms(admin_client, society_a):
    today = timezone.localdate()
    url = reverse("societies:detail", args=[society_a.pk])
    factories.make_term(society_a, number=9, start_on=today - dt.timedelta(days=10))
    small = count_queries(admin_client, url)
    for n in range(1, 9):
        start = today - dt.timedelta(days=10 + 400 * (9 - n))
        factories.make_term(
            society_a, number=n, start_on=start, ended_on=start + dt.timedelta(days=399)
        )
    assert count_queries(admin_client, url) == small <= MAX_QUERIES


def test_the_history_page_costs_the_same_for_5_or_60_changes(admin_client, society_a):
    term = factories.make_term(society_a)
    url = reverse("societies:history", args=[society_a.pk])
    for _ in range(2):
        factories.make_position(term, Office.DIRECTOR)
    small = count_queries(admin_client, url)
    for _ in range(30):
        position = factories.make_position(term, Office.DIRECTOR)
        position.person.employer = "改过的单位"
        position.person.save()
    # A page holds at most every kind of record; with 30 more changes it costs no more.
    assert count_queries(admin_client, url) <= small <= MAX_QUERIES
    assert count_queries(admin_client, url, page=2) <= small


def bulk_societies(federation, n: int, *, start: int = 0) -> None:
    """N societies with a current term each, written in bulk (300 one by one are slow)."""
    societies = Society.objects.bulk_create(
        Society(
            name=f"批量学会{i:04d}",
            uscc=factories.make_uscc(500000 + i),
            federation=federation,
            host_institution=f"大学{i % 40}",
        )
        for i in range(start, start + n)
    )
    Term.objects.bulk_create(
        Term(society=s, number=1, start_on=dt.date(2022, 6, 1), planned_end_on=dt.date(2027, 6, 1))
        for s in societies
    )


def host_reads(queries) -> int:
    return sum('DISTINCT "societies_society"."host_institution"' in q["sql"] for q in queries)


@pytest.mark.parametrize(
    ("params", "headers", "reads_hosts"),
    [
        ({}, {}, 1),
        ({"host": "大学3", "per_page": 100}, {}, 1),  # validated and drawn: read once
        ({"sort": "-host", "page": 2}, {"HX-Request": "true"}, 0),  # the results only
        ({"host": "大学3"}, {"HX-Request": "true"}, 1),  # validated, not drawn
    ],
)
def test_the_society_list_costs_the_same_for_30_or_300_societies(
    admin_client, federation, params, headers, reads_hosts
):
    url = reverse("societies:list")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url, params, headers=headers)
        assert response.status_code == 200
        return queries

    bulk_societies(federation, 30)
    small = measure()
    bulk_societies(federation, 270, start=30)
    large = measure()
    assert len(large) == len(small) <= MAX_QUERIES
    assert host_reads(small) == host_reads(large) == reads_hosts
