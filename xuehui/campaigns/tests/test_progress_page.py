"""The 科协's progress page comes in pages: the database orders and counts the societies, and
the counts of the page's societies only are computed, so its queries do not grow with the
campaign."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.campaigns import selectors
from xuehui.campaigns.choices import State
from xuehui.campaigns.models import CampaignEntry
from xuehui.tests import factories as f

from .conftest import submitted
from .factories import launch

pytestmark = pytest.mark.django_db


def _campaign(federation, version, count: int, *, prefix: str = "学会"):
    societies = [
        f.make_society(name=f"{prefix}{n:03d}", federation=federation) for n in range(count)
    ]
    return launch(federation, societies, versions=[version], notify=False)


def _names(response) -> list[str]:
    return [row["entry"].society.name for row in response.context["page"].object_list]


def test_the_table_shows_a_page_of_societies_in_order_and_how_many_there_are(
    admin_client, federation, version
):
    campaign = _campaign(federation, version, selectors.PROGRESS_PER_PAGE + 3)
    url = reverse("campaigns:detail", args=[campaign.pk])
    first = admin_client.get(url)
    assert _names(first) == [f"学会{n:03d}" for n in range(selectors.PROGRESS_PER_PAGE)]
    content = first.content.decode()
    assert f"共{selectors.PROGRESS_PER_PAGE + 3}个学会" in content
    assert 'aria-label="分页"' in content and "?page=2" in content
    second = admin_client.get(url, {"page": 2}, HTTP_HX_REQUEST="true")
    assert _names(second) == [f"学会{n:03d}" for n in range(50, 53)]
    assert "<html" not in second.content.decode()
    row = second.context["page"].object_list[0]
    assert row["stats"]["total"] == 6 and row["stats"]["outstanding"] == 2  # its own counts


def test_sorting_by_state_or_federation_is_done_by_the_database(
    admin_client, federation, version, secretary_a, society_a
):
    other = f.make_federation(name="武汉市科学技术协会", code="wuhan", parent=federation)
    city = f.make_society(name="武汉学会", federation=other)
    campaign = launch(federation, [society_a, city], versions=[version], notify=False)
    submitted(campaign.entries.get(society=society_a), secretary_a)
    url = reverse("campaigns:detail", args=[campaign.pk])
    assert _names(admin_client.get(url, {"sort": "state"})) == ["武汉学会", society_a.name]
    names = sorted([federation.name, other.name])
    expected = (
        ["武汉学会", society_a.name] if names[0] == other.name else [society_a.name, "武汉学会"]
    )
    assert _names(admin_client.get(url, {"sort": "federation"})) == expected


def test_sorting_by_a_count_pages_through_every_societys_counts(
    admin_client, federation, version, monkeypatch
):
    monkeypatch.setattr(selectors, "PROGRESS_PER_PAGE", 2)
    campaign = _campaign(federation, version, 3)
    last = campaign.entries.get(society__name="学会002")
    CampaignEntry.objects.filter(pk=last.pk).update(state=State.PASSED)
    last.items.update(state=State.PASSED)  # every item decided: 100 %
    url = reverse("campaigns:detail", args=[campaign.pk])
    assert _names(admin_client.get(url, {"sort": "-decided"})) == ["学会002", "学会000"]
    assert _names(admin_client.get(url, {"sort": "-decided", "page": 2})) == ["学会001"]
    filtered = admin_client.get(url, {"sort": "-decided", "state": State.PENDING})
    assert _names(filtered) == ["学会000", "学会001"]
    assert filtered.context["page"].object_list[0]["stats"]["total"] == 6


@pytest.mark.parametrize("sort", ["name", "state", "-decided"])
def test_the_page_makes_as_many_queries_for_300_societies_as_for_30(
    sort, admin_client, federation, version
):
    def queries(campaign) -> int:
        url = reverse("campaigns:detail", args=[campaign.pk])
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, {"sort": sort}).status_code == 200
        return len(captured.captured_queries)

    few = queries(_campaign(federation, version, 30, prefix="甲"))
    many = queries(_campaign(federation, version, 300, prefix="乙"))
    assert many == few


# ---- kept across requests (core.page_cache) --------------------------------------------------


def test_the_kept_page_shows_a_societys_submission_on_the_next_request(
    kept_pages, admin_client, federation, version, secretary_a, society_a
):
    campaign = launch(federation, [society_a], versions=[version], notify=False)
    url = reverse("campaigns:detail", args=[campaign.pk])
    assert f'data-state="{State.PENDING}"' in admin_client.get(url).content.decode()
    assert "page" not in admin_client.get(url).context  # kept: the table is not built again
    submitted(campaign.entries.get(society=society_a), secretary_a)
    html = admin_client.get(url).content.decode()
    assert f'data-state="{State.PENDING}"' not in html and f'data-state="{State.SUBMITTED}"' in html


def test_the_kept_table_and_page_are_those_built_afresh(
    settings, kept_pages, admin_client, federation, version
):
    import re

    campaign = _campaign(federation, version, selectors.PROGRESS_PER_PAGE + 3)
    url = reverse("campaigns:detail", args=[campaign.pk])

    def pages() -> list[str]:
        found = [
            admin_client.get(url, {"page": 2, "sort": "-overdue"}).content.decode(),
            admin_client.get(url, {"page": 2}, HTTP_HX_REQUEST="true").content.decode(),
        ]
        return [re.sub(r'"X-CSRFToken": "\w+"|value="\w{64}"', "", html) for html in found]

    built, kept = pages(), pages()
    settings.XUEHUI_PAGE_CACHE_SECONDS = 0
    assert built == kept == pages()
    assert "<html" not in built[1] and "<html" in built[0]


def test_a_leader_never_gets_the_administrators_kept_page(
    kept_pages, admin_client, client, federation, version, society_a
):
    from xuehui.accounts.choices import Role

    campaign = launch(federation, [society_a], versions=[version], notify=False)
    url = reverse("campaigns:detail", args=[campaign.pk])
    assert 'id="withdraw-form"' in admin_client.get(url).content.decode()
    client.force_login(f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    response = client.get(url)
    assert response.context["can_administer"] is False
    assert 'id="withdraw-form"' not in response.content.decode()
