"""Who reaches the registry pages: 404 for a society out of sight, 403 for a read-only user
on every write, the login page for an anonymous visitor."""

import pytest
from django.urls import reverse

from xuehui.access import SYSTEM as SYSTEM_ACTOR
from xuehui.accounts.choices import Role
from xuehui.societies.models import Society
from xuehui.tests import factories

SOCIETY_READS = ["detail", "history"]


@pytest.fixture
def viewer_client(federation, client):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    return client


def society_url(name: str, society) -> str:
    return reverse(f"societies:{name}", args=[society.pk])


@pytest.mark.parametrize("name", [*SOCIETY_READS, "edit"])
def test_a_secretary_of_b_gets_404_on_the_pages_of_a(secretary_b_client, society_a, name):
    assert secretary_b_client.get(society_url(name, society_a)).status_code == 404


def test_a_secretary_of_b_cannot_change_a_by_posting(secretary_b_client, society_a):
    response = secretary_b_client.post(
        society_url("edit", society_a), {"name": "被篡改", "uscc": society_a.uscc}
    )
    assert response.status_code == 404
    society_a.refresh_from_db()
    assert society_a.name != "被篡改"


def test_an_unknown_society_number_is_404(admin_client):
    assert admin_client.get(reverse("societies:detail", args=[999999])).status_code == 404


def test_a_read_only_user_reads_but_gets_403_on_writes(viewer_client, society_a, federation):
    for name in SOCIETY_READS:
        assert viewer_client.get(society_url(name, society_a)).status_code == 200
    assert viewer_client.get(society_url("edit", society_a)).status_code == 403
    assert viewer_client.post(society_url("edit", society_a), {"name": "x"}).status_code == 403
    assert viewer_client.get(reverse("societies:create")).status_code == 403
    data = {"name": "新学会", "uscc": factories.make_uscc(), "federation": federation.pk}
    assert viewer_client.post(reverse("societies:create"), data).status_code == 403
    assert not Society.objects.filter(name="新学会").exists()


def test_a_secretary_may_not_create_societies(secretary_a_client):
    assert secretary_a_client.get(reverse("societies:create")).status_code == 403


def test_only_an_administrator_sees_the_add_button(admin_client, secretary_a_client, society_a):
    create = reverse("societies:create")
    assert create in admin_client.get(reverse("societies:list")).content.decode()
    assert create not in secretary_a_client.get(reverse("societies:list")).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda s: reverse("societies:list"),
        lambda s: reverse("societies:export"),
        lambda s: reverse("societies:create"),
        lambda s: society_url("detail", s),
        lambda s: society_url("edit", s),
        lambda s: society_url("history", s),
        lambda s: reverse("dashboard:home"),
    ],
)
def test_an_anonymous_visitor_is_sent_to_login(anonymous_client, society_a, url):
    response = anonymous_client.get(url(society_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_without_roles_sees_an_empty_list_and_404_on_a_society(expert_client, society_a):
    response = expert_client.get(reverse("societies:list"))
    assert response.context["page"].paginator.count == 0
    assert expert_client.get(society_url("detail", society_a)).status_code == 404


# ---- the list kept across requests (core.page_cache) -----------------------------------------


def test_the_kept_list_shows_each_scope_its_own_and_a_write_at_once(
    kept_pages, admin_client, secretary_a_client, secretary_b_client, society_a, society_b
):
    from xuehui.societies.services import society_update

    url = reverse("societies:list")
    assert society_a.name in admin_client.get(url).content.decode()
    assert "page" not in admin_client.get(url).context  # kept: not built again
    html = secretary_b_client.get(url).content.decode()
    assert society_b.name in html and society_a.name not in html
    assert society_b.name not in secretary_a_client.get(url).content.decode()
    society_update(society=society_a, actor=SYSTEM_ACTOR, name="湖北省环境科学研究会")
    assert "湖北省环境科学研究会" in admin_client.get(url).content.decode()


def test_the_kept_list_is_the_list_built_afresh(settings, kept_pages, admin_client, society_a):
    import re

    url = reverse("societies:list")

    def pages() -> list[str]:
        found = [
            admin_client.get(url, {"q": "环境"}).content.decode(),
            admin_client.get(url, {"q": "环境"}, HTTP_HX_REQUEST="true").content.decode(),
        ]
        return [re.sub(r'"X-CSRFToken": "\w+"|value="\w{64}"', "", html) for html in found]

    built, kept = pages(), pages()
    settings.XUEHUI_PAGE_CACHE_SECONDS = 0
    assert built == kept == pages()
    assert society_a.name in built[1] and "<html" not in built[1]


def test_the_kept_year_overview_shows_a_staff_member_recorded_since(
    kept_pages, secretary_a_client, secretary_a, society_a
):
    import datetime as dt

    from xuehui.secretariat.models import StaffMember
    from xuehui.secretariat.services import staff_member_save

    url = society_url("detail", society_a)
    assert secretary_a_client.get(url).context["overview"].staff_count == 0
    assert "人在聘" not in secretary_a_client.get(url).content.decode()
    staff = StaffMember(society=society_a, name="张三", contract_start=dt.date(2020, 1, 1))
    staff_member_save(staff=staff, actor=secretary_a)
    assert "1 人在聘" in secretary_a_client.get(url).content.decode()
