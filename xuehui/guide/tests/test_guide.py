"""帮助: a page per role with the real pages' pictures, a page per import from the importers."""

from pathlib import Path

import pytest
from django.urls import reverse

from xuehui.guide.pages import ROLE_PAGES, SHOTS
from xuehui.workbook.header_docs import imports

STATIC = Path(__file__).resolve().parent.parent / "static" / "guide"


def test_every_page_of_the_guide_has_its_pictures():
    names = [shot.name for shot in SHOTS]
    assert len(names) == len(set(names))
    for name in names:
        picture = STATIC / f"{name}.png"
        assert picture.exists(), f"{name}.png 缺失：运行 scripts/guide_screenshots.py"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_header_links_to_the_guide_and_the_index_puts_the_users_role_first(
    secretary_a_client,
):
    home = secretary_a_client.get(reverse("dashboard:home")).content.decode()
    assert reverse("guide:index") in home
    response = secretary_a_client.get(reverse("guide:index"))
    assert [page.slug for page in response.context["own"]] == ["secretary"]


@pytest.mark.parametrize("page", ROLE_PAGES, ids=lambda page: page.slug)
def test_each_role_page_shows_its_pictures(admin_client, page):
    html = admin_client.get(reverse("guide:role", args=[page.slug])).content.decode()
    assert page.title in html
    for shot in page.shots:
        assert f"guide/{shot.name}.png" in html and shot.caption in html


def test_an_unknown_guide_page_is_404(admin_client):
    assert admin_client.get(reverse("guide:role", args=["nobody"])).status_code == 404
    assert admin_client.get(reverse("guide:import", args=[999])).status_code == 404
    assert admin_client.get(reverse("guide:import", args=[0])).status_code == 404


def test_each_import_page_lists_its_columns(admin_client):
    for number, (title, columns) in enumerate(imports(), start=1):
        html = admin_client.get(reverse("guide:import", args=[number])).content.decode()
        assert title in html
        assert all(column.name in html for column in columns)


def test_the_guide_needs_a_signed_in_user(anonymous_client):
    assert anonymous_client.get(reverse("guide:index")).status_code == 302
