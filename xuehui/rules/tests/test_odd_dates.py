"""Odd dates in the query string answer 400 with the reason in Chinese, never 500 (W12)."""

import pytest
from django.urls import reverse

from xuehui.rules.services import frameworks_load_library


@pytest.fixture
def loaded(db):
    frameworks_load_library()


@pytest.mark.parametrize(
    "on", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31", "2026-02-30", "x"]
)
def test_odd_dates_answer_400_with_the_reason(admin_client, society_a, loaded, on):
    urls = [
        reverse("rules:overview"),
        reverse("rules:society", args=[society_a.pk]),
        reverse("rules:society_framework", args=[society_a.pk, "fengxian-2019"]),
        reverse("rules:requirement", args=["fengxian-2019", "2.4.a"]),
    ]
    for url in urls:
        response = admin_client.get(url, {"on": on})
        assert response.status_code == 400, url
        assert (
            "查询条件有误" in response.content.decode() or "请求有误" in response.content.decode()
        )


def test_dates_at_the_edges_are_accepted(admin_client, society_a, loaded):
    for on in ("1900-01-01", "2200-12-31"):
        response = admin_client.get(reverse("rules:overview"), {"on": on})
        assert response.status_code == 200
