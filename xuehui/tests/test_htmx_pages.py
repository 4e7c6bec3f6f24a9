"""Every page htmx swaps into answers the partial to a swap, the whole page to a history
restore (back button after hx-push-url), and says `Vary: HX-Request` (code review F2)."""

import pytest
from django.urls import reverse

from xuehui.campaigns.tests.factories import launch, load_version
from xuehui.jobs.models import Job

pytestmark = pytest.mark.django_db

SWAP = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}

SOCIETY_PAGES = [
    "meetings:list",
    "activities:list",
    "regulations:list",
    "members:individuals",
    "members:institutions",
    "branches:society",
    "party:society",
    "secretariat:society",
    "workbook:year_overview",
    "governance:council",
]


def _urls(society, admin, version) -> list[str]:
    campaign = launch(society.federation, [society], versions=[version], actor=admin)
    job = Job.objects.create(task="t", title="导入", user=admin)
    return [
        *(reverse(name, args=[society.pk]) for name in SOCIETY_PAGES),
        reverse("rules:society_framework", args=[society.pk, version.framework.key]),
        reverse("societies:list"),
        reverse("accounts:user_list"),
        reverse("accounts:audit_log"),
        reverse("campaigns:detail", args=[campaign.pk]),
        reverse("jobs:detail", args=[job.pk]),
    ]


def test_a_swap_gets_the_partial_and_a_history_restore_the_whole_page(
    admin_client, admin_user, society_a
):
    for url in _urls(society_a, admin_user, load_version()):
        whole = admin_client.get(url)
        swap = admin_client.get(url, **SWAP)
        restore = admin_client.get(url, **RESTORE)
        assert whole.status_code == swap.status_code == restore.status_code == 200, url
        assert "<html" in whole.content.decode(), url
        assert "<html" not in swap.content.decode(), url
        assert "<html" in restore.content.decode(), url
        for response in (whole, swap, restore):
            assert "HX-Request" in response.get("Vary", ""), url
