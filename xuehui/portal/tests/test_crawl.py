"""The portal as an anonymous visitor: a crawler starts at /public/, follows every link under
/public/, and fails on anything that looks like personal data or an unpublished result."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from xuehui.lib.identifiers import id_check_char

from .factories import (
    BIRTH,
    MOBILE,
    SECRET_CASE,
    SECRET_REPORT,
    SECRET_SCORE,
    SECRET_TALK,
    SECRET_VERDICT_SCORE,
    seeded_world,
)

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17})([\dXx])(?![0-9A-Za-z])")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# A full date of the last century is a person's birth date to this crawler (the portal prints
# this century's dates: 公示 periods, publication days; older ones only to the month).
BIRTH_DATES = [
    r"(?<!\d)19\d{2}[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?!\d)",
    r"19\d{2}\s*年\s*(0?[1-9]|1[0-2])\s*月\s*(0?[1-9]|[12]\d|3[01])\s*日",
    r"(?<!\d)19\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)",
    r"出生",
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def crawl(client: Client, start: str = "/public/", limit: int = 500) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue = [start]
    while queue and len(pages) < limit:
        url = queue.pop()
        if url in pages:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        pages[url] = text = response.content.decode()
        parser = Links()
        parser.feed(text)
        for href in parser.links:
            target = urldefrag(urljoin(url, href)).url
            if urlsplit(target).path.startswith("/public/") and target not in pages:
                queue.append(target)
    return pages


def _birth_like(text: str) -> list[str]:
    found = []
    for pattern in BIRTH_DATES:
        found += [m.group(0) for m in re.finditer(pattern, text)]
    return found


def _id_like(text: str) -> list[str]:
    return [
        m.group(0)
        for m in ID_NUMBER.finditer(text)
        if id_check_char(m.group(1)).upper() == m.group(2).upper()
    ]


@pytest.mark.django_db
def test_an_anonymous_crawl_finds_every_page_and_no_personal_data_or_unpublished_result(
    federation,
):
    world = seeded_world(federation)
    pages = crawl(Client())
    assert any("/feedback/" in url for url in pages)
    assert any(url.endswith("/notices/") for url in pages)
    assert any(f"/societies/{world.society.pk}/" in url for url in pages)
    everything = "\n".join(pages.values())
    # what is published is there
    assert "李一" in everything and "理事长" in everything
    assert "88.50" in everything and "92.50" in everything and "秘书处实体化运行" in everything
    assert "027-87654321" in everything
    assert "已核实并退还" in everything and "学会未退还会费" in everything
    assert "2024年度工作报告" in everything and "全年开展学术活动十二次" in everything
    assert "湖北省优秀学会" in everything and "未按期换届，已整改" in everything
    assert "已补报2024年度工作报告" in everything and "2025年6月2日" in everything
    assert (
        "已电话联系" not in everything and "王女士" not in everything and "evil" not in everything
    )
    # what is not, is not
    for url, text in pages.items():
        assert not _id_like(text), url
        assert not PHONE.findall(text), (url, PHONE.findall(text))
        assert not _birth_like(text), (url, _birth_like(text))
        for number in world.id_numbers:
            assert number not in text and number[6:14] not in text, url
        for shape in ("%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%Y/%m/%d"):
            assert BIRTH.strftime(shape) not in text, url
        assert f"{BIRTH.year}年{BIRTH.month}月{BIRTH.day}日" not in text, url
        assert str(SECRET_SCORE) not in text, url
        assert str(SECRET_VERDICT_SCORE) not in text, url
        assert SECRET_CASE not in text, url
        assert SECRET_REPORT not in text and SECRET_TALK not in text, url
        assert "2025年度工作报告" not in text, url
        assert "2025年度学会考评" not in text, url
        assert "http://" not in text.replace('href="http', ""), url
    assert MOBILE not in everything


@pytest.mark.django_db
def test_a_closed_portal_shows_nothing_of_its_societies(federation, society_a):
    from xuehui.access import SYSTEM
    from xuehui.portal.services import policy_save

    policy_save(federation=federation, is_open=False, public_items=["registry"], actor=SYSTEM)
    pages = crawl(Client())
    assert list(pages) == ["/public/"]
    assert "目前还没有科协开通" in pages["/public/"]
    assert Client().get(f"/public/{federation.code}/").status_code == 404
    assert Client().get(f"/public/{federation.code}/societies/{society_a.pk}/").status_code == 404
