"""Who reaches the governance pages: 404 for another society's records however the URL is
built, 403 for a read-only user on every write, the login page for an anonymous visitor."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.governance.choices import Office
from xuehui.governance.models import Person, Position, Term
from xuehui.tests import factories

READ_PAGES = ["council"]
WRITE_PAGES = [
    "term_create",
    "term_edit",
    "position_create",
    "position_edit",
    "position_end",
    "position_delete",
    "person_edit",
]


def url_for(name: str, society, term, position) -> str:
    args = {
        "council": [society.pk],
        "term_create": [society.pk],
        "term_edit": [society.pk, term.pk],
        "position_create": [society.pk, term.pk],
        "position_edit": [society.pk, position.pk],
        "position_end": [society.pk, position.pk],
        "position_delete": [society.pk, position.pk],
        "person_edit": [society.pk, position.person_id],
    }[name]
    return reverse(f"governance:{name}", args=args)


def _records(society) -> tuple:
    """A society with a running term and one post in it."""
    term = factories.make_term(society, start_on=timezone.localdate() - dt.timedelta(days=400))
    return society, term, factories.make_position(term, Office.VICE_PRESIDENT)


@pytest.fixture
def records_a(society_a):
    return _records(society_a)


@pytest.fixture
def records_b(society_b):
    return _records(society_b)


@pytest.fixture
def viewer_client(federation, client):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    return client


def snapshot() -> tuple:
    return (
        list(Term.objects.order_by("pk").values()),
        list(Position.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
    )


REQUESTS = [(name, "get") for name in READ_PAGES] + [
    (name, method) for name in WRITE_PAGES for method in ("get", "post")
]


@pytest.mark.parametrize(("name", "method"), REQUESTS)
def test_a_secretary_of_b_gets_404_on_every_page_and_action_of_a(
    secretary_b_client, records_a, records_b, name, method
):
    before = snapshot()
    response = getattr(secretary_b_client, method)(
        url_for(name, *records_a), {"end_on": "2030-01-01"}
    )
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", WRITE_PAGES[1:])
def test_a_record_of_b_cannot_be_reached_through_the_address_of_a(
    secretary_a_client, records_a, records_b, name
):
    society_a = records_a[0]
    _, term_b, position_b = records_b
    before = snapshot()
    url = url_for(name, society_a, term_b, position_b)
    assert secretary_a_client.get(url).status_code == 404
    assert secretary_a_client.post(url, {"end_on": "2030-01-01"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_read_only_user_gets_403_on_every_write(viewer_client, records_a, name, method):
    before = snapshot()
    response = getattr(viewer_client, method)(url_for(name, *records_a), {"end_on": "2030-01-01"})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_read_only_user_reads_the_council_page(viewer_client, secretary_a_client, records_a):
    society, term, position = records_a
    response = viewer_client.get(url_for("council", *records_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert position.person.name in page
    # The editor's page links to the write pages; the read-only user's links to none of them.
    editor_page = secretary_a_client.get(url_for("council", *records_a)).content.decode()
    write_urls = [url_for(name, *records_a) for name in WRITE_PAGES]
    assert any(url in editor_page for url in write_urls)
    assert [url for url in write_urls if url in page] == []


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_an_anonymous_visitor_is_sent_to_login(anonymous_client, records_a, name):
    url = url_for(name, *records_a)
    for response in (anonymous_client.get(url), anonymous_client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_a_user_without_a_role_for_the_society_gets_404(expert_client, records_a, name):
    assert expert_client.get(url_for(name, *records_a)).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_the_administrator_and_the_secretary_of_a_reach_every_page(
    admin_client, secretary_a_client, records_a, name
):
    url = url_for(name, *records_a)
    assert admin_client.get(url).status_code == 200
    assert secretary_a_client.get(url).status_code == 200
