"""工作台: the overview of a federation's staff and the card of a society's secretary."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.governance.choices import Office
from xuehui.societies.choices import DisciplineCategory, SocietyStatus
from xuehui.tests import factories

HOME = reverse("dashboard:home")


def overdue_society(federation, name: str):
    today = timezone.localdate()
    society = factories.make_society(name=name, federation=federation)
    factories.make_term(
        society,
        start_on=today - dt.timedelta(days=2000),
        planned_end_on=today - dt.timedelta(days=5),
    )
    return society


def test_an_administrator_sees_counts_by_category_and_status(admin_client, federation):
    factories.make_society(federation=federation, category=DisciplineCategory.MEDICINE)
    factories.make_society(
        federation=federation, category=DisciplineCategory.MEDICINE, status=SocietyStatus.INACTIVE
    )
    factories.make_society(federation=federation, category=DisciplineCategory.SCIENCE)
    factories.make_society()  # elsewhere: not counted
    overview = admin_client.get(HOME).context["overview"]
    rows = {row.category: dict(row.by_status) for row in overview.rows}
    assert rows[DisciplineCategory.MEDICINE] == {"active": 1, "inactive": 1, "deregistered": 0}
    assert rows[DisciplineCategory.SCIENCE]["active"] == 1
    assert overview.total == 3


def test_it_lists_overdue_terms_and_societies_without_a_term(admin_client, federation):
    late = overdue_society(federation, "逾期学会")
    bare = factories.make_society(name="无届次学会", federation=federation)
    response = admin_client.get(HOME)
    overview = response.context["overview"]
    assert [s.name for s in overview.overdue] == [late.name]
    assert [s.name for s in overview.missing] == [bare.name]
    html = response.content.decode()
    assert "?term_state=overdue" in html
    assert reverse("governance:council", args=[late.pk]) in html


def test_it_counts_every_overdue_society_but_lists_ten(admin_client, federation):
    for i in range(12):
        overdue_society(federation, f"逾期{i:02d}")
    overview = admin_client.get(HOME).context["overview"]
    assert overview.overdue_count == 12
    assert len(overview.overdue) == 10
    assert "全部 12 个" in admin_client.get(HOME).content.decode()


def test_it_counts_every_society_without_a_term_but_lists_ten(admin_client, federation):
    overdue_society(federation, "逾期学会")
    for i in range(11):
        factories.make_society(name=f"无届次{i:02d}", federation=federation)
    response = admin_client.get(HOME)
    overview = response.context["overview"]
    assert (overview.missing_count, len(overview.missing), overview.overdue_count) == (11, 10, 1)
    assert "全部 11 个" in response.content.decode()


def test_a_secretary_of_a_demo_society_sees_the_demo_banner(secretary_a_client, society_a):
    assert "演示数据，均为虚构" not in secretary_a_client.get(HOME).content.decode()
    society_a.is_synthetic = True
    society_a.save(update_fields=["is_synthetic"])
    assert "演示数据，均为虚构" in secretary_a_client.get(HOME).content.decode()


def test_a_secretary_sees_a_card_for_their_society_and_no_overview(
    secretary_a_client, society_a, society_b
):
    response = secretary_a_client.get(HOME)
    assert response.context["overview"] is None
    assert response.context["own_societies"] == [society_a]
    html = response.content.decode()
    assert reverse("governance:council", args=[society_a.pk]) in html
    assert society_b.name not in html


def test_a_read_only_leader_sees_the_overview(federation, client, society_a):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    assert client.get(HOME).context["overview"].total == 1


def test_a_user_without_roles_is_told_so(db, client):
    client.force_login(factories.make_user("nobody"))
    assert "暂未分配可查看的学会" in client.get(HOME).content.decode()


def test_an_expert_is_not_told_they_have_nothing(expert_client):
    html = expert_client.get(HOME).content.decode()
    assert "暂未分配可查看的学会" not in html
    assert reverse("campaigns:queue") in html


def test_the_demo_banner_shows_when_synthetic_societies_are_visible(admin_client, federation):
    assert "演示数据，均为虚构" not in admin_client.get(HOME).content.decode()
    factories.make_society(federation=federation, is_synthetic=True)
    assert "演示数据，均为虚构" in admin_client.get(HOME).content.decode()


@pytest.mark.parametrize("fixture", ["admin_client", "secretary_a_client"])
def test_the_home_page_costs_the_same_for_3_or_30_societies(request, federation, fixture):
    client = request.getfixturevalue(fixture)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    for i in range(3):
        overdue_society(federation, f"甲{i:02d}")
    small = queries()
    for i in range(27):
        overdue_society(federation, f"乙{i:02d}")
        factories.make_society(federation=federation)
    # 20: the pilots, the evaluation's to-dos and its standings cost one query each for a 科协
    # that runs none; the overview's counts ride on its grouping
    assert queries() == small <= 20


def test_the_secretarys_card_shows_the_current_council_in_figures(secretary_a_client, society_a):
    term = factories.make_term(society_a, start_on=timezone.localdate() - dt.timedelta(days=30))
    for _ in range(3):
        factories.make_position(term, Office.DIRECTOR)
    factories.make_position(term, Office.SUPERVISOR)
    response = secretary_a_client.get(HOME)
    card = response.context["own_societies"][0]
    assert card.figures.council.size == 3
    assert "理事会 3 人" in response.content.decode()


def test_the_home_page_shows_the_bell_it_computed_instead_of_loading_it_again(
    admin_client, federation
):
    html = admin_client.get(HOME).content.decode()
    assert 'id="todo-bell"' in html and "data-todos=" in html
    assert reverse("todos:badge") not in html
    other = admin_client.get(reverse("societies:list")).content.decode()
    assert reverse("todos:badge") in other


# ---- kept across requests (core.page_cache) --------------------------------------------------


def test_a_registered_society_shows_on_the_next_request(kept_pages, admin_client, federation):
    from xuehui.access import SYSTEM
    from xuehui.societies.services import society_register

    factories.make_society(federation=federation)
    assert admin_client.get(HOME).context["overview"].total == 1
    assert admin_client.get(HOME).context["overview"].total == 1
    society_register(
        actor=SYSTEM, name="新登记学会", uscc=factories.make_uscc(), federation=federation
    )
    assert admin_client.get(HOME).context["overview"].total == 2


def test_a_kept_home_page_asks_fewer_queries(kept_pages, admin_client, federation):
    overdue_society(federation, "逾期学会")
    with CaptureQueriesContext(connection) as cold:
        first = admin_client.get(HOME)
    with CaptureQueriesContext(connection) as warm:
        second = admin_client.get(HOME)
    assert len(warm.captured_queries) < len(cold.captured_queries) - 5
    unmasked = [
        re.sub(r'"X-CSRFToken": "\w+"|value="\w{64}"', "", r.content.decode())
        for r in (first, second)
    ]
    assert unmasked[0] == unmasked[1]


def test_no_scope_reads_another_scopes_figures(
    kept_pages, admin_client, secretary_a_client, secretary_b_client, society_a, society_b
):
    assert admin_client.get(HOME).context["overview"].total == 1
    mine = secretary_a_client.get(HOME)
    assert mine.context["overview"] is None
    assert [s.pk for s in mine.context["own_societies"]] == [society_a.pk]
    theirs = secretary_b_client.get(HOME).context
    assert [s.pk for s in theirs["own_societies"]] == [society_b.pk]
    leader = factories.make_user(
        "leader", role=Role.FEDERATION_VIEWER, federation=society_b.federation
    )
    from django.test import Client

    client = Client()
    client.force_login(leader)
    assert "江西省化学化工学会" in client.get(HOME).content.decode()  # its society lacks a term
    assert "江西省化学化工学会" not in admin_client.get(HOME).content.decode()
