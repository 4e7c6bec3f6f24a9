"""No page shows a full ID number or phone, to any role: a crawler signed in as the society's
secretary, then as an administrator, follows every link about the society (its tabs, lists,
edit forms, htmx partials, change history, the 「显示完整号码」 reason forms) and fails on any
of the numbers the society's records hold. Only the answer to a reasoned unmasking (a POST)
shows them; exports are files, audited on their own (not crawled)."""

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import reverse

from xuehui.governance.choices import Office
from xuehui.members.tests.factories import make_individual_member, make_institutional_member
from xuehui.tests import factories

pytestmark = pytest.mark.django_db

PERSON_NUMBER = factories.make_id_number(dt.date(1961, 2, 3), male=True)
MEMBER_NUMBER = factories.make_id_number(dt.date(1984, 5, 6), male=False)
PHONES = ["13911112222", "13733334444", "13655556666"]
SECRETS = [PERSON_NUMBER, MEMBER_NUMBER, *PHONES]
# Files and one-way actions: not pages to read.
SKIP = re.compile(r"export|download|template|\.xlsx|\.csv|\.zip|logout|/api/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("href", "hx-get"):
            if tag in ("a", "div", "form", "select", "input", "button") and found.get(name):
                self.links.append(found[name])


def crawl(client, society, limit: int = 250) -> dict[str, str]:
    """Every HTML page reachable from the society's page that is about the society or one of
    its records (its id in the path, or a record's own page)."""
    ours = re.compile(
        rf"/{society.pk}/|/(individual|institutional|people|stat|users)/\d+/|/members/"
    )
    pages: dict[str, str] = {}
    queue = [reverse("societies:detail", args=[society.pk])]
    while queue and len(pages) < limit:
        url = queue.pop()
        if url in pages:
            continue
        response = client.get(url)
        body = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        pages[url] = body
        parser = Links()
        parser.feed(body)
        for href in parser.links:
            target = urldefrag(urljoin(url, href)).url
            path = urlsplit(target).path
            if target not in pages and ours.search(path) and not SKIP.search(target):
                queue.append(target)
    return pages


@pytest.fixture
def records(society_a, secretary_a, secretary_a_client):
    term = factories.make_term(society_a, start_on=dt.date.today() - dt.timedelta(days=60))
    person = factories.make_person(
        society=society_a,
        name="周建国",
        birth_date=dt.date(1961, 2, 3),
        id_number=PERSON_NUMBER,
        phone=PHONES[0],
    )
    factories.make_position(term, Office.PRESIDENT, person=person)
    member = make_individual_member(
        society_a,
        name="吴丽",
        id_number=MEMBER_NUMBER,
        birth_date=dt.date(1984, 5, 6),
        gender="female",
        phone=PHONES[1],
    )
    unit = make_institutional_member(society_a, contact_name="郑", contact_phone=PHONES[2])
    secretary_a.phone = PHONES[0]
    secretary_a.save()
    # Edits through the pages, so the change history and the audit log hold these records.
    edited = secretary_a_client.post(
        reverse("governance:person_edit", args=[society_a.pk, person.pk]),
        {"name": "周建国", "employer": "武汉大学", "phone": PHONES[1]},
    )
    edit = {"name": "吴丽", "status": "active", "is_frontline": "true", "employer": "华中大学"}
    again = secretary_a_client.post(reverse("members:individual_edit", args=[member.pk]), edit)
    assert edited.status_code == again.status_code == 302
    return person, member, unit


@pytest.mark.parametrize("who", ["secretary_a_client", "admin_client"])
def test_no_page_of_the_society_shows_a_full_number(records, society_a, request, who):
    client = request.getfixturevalue(who)
    pages = crawl(client, society_a)
    person, member, unit = records
    visited = "\n".join(pages)
    for url in (
        reverse("governance:council", args=[society_a.pk]),
        reverse("governance:person_edit", args=[society_a.pk, person.pk]),
        reverse("governance:person_unmask", args=[society_a.pk, person.pk]),
        reverse("members:individuals", args=[society_a.pk]),
        reverse("members:individual_edit", args=[member.pk]),
        reverse("members:individual_unmask", args=[member.pk]),
        reverse("members:institutional_edit", args=[unit.pk]),
        reverse("societies:history", args=[society_a.pk]),
    ):
        assert url in visited, url
    leaks = [(url, secret) for url, body in pages.items() for secret in SECRETS if secret in body]
    assert leaks == []


def test_the_crawler_would_see_a_full_number(records, secretary_a_client):
    """The one page that shows them: the answer to a reasoned unmasking."""
    person, member, _unit = records
    answer = secretary_a_client.post(
        reverse("members:individual_unmask", args=[member.pk]), {"reason": "核对入会材料"}
    )
    assert MEMBER_NUMBER in answer.content.decode()
