"""The pages: who sees what (a secretary its own society's applications only), the forms, the
allocation button, the ledger, and query counts that do not grow with the societies."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.subsidies import services
from xuehui.subsidies.models import SubsidyApplication, SubsidyProgramme
from xuehui.tests import factories as f

from .factories import give_secretary, make_application, make_category, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_societies(category, society_a, federation):
    """Society A and a neighbour C of the same 科协 both apply; A is funded."""
    neighbour = f.make_society(federation=federation, name="湖北省化学学会")
    give_secretary(society_a)
    give_secretary(neighbour)
    mine, theirs = make_application(category, society_a), make_application(category, neighbour)
    services.subsidy_allocate(programme=category.programme, actor=SYSTEM)
    return mine, theirs


def test_a_secretary_sees_only_its_own_application(secretary_a_client, two_societies):
    mine, theirs = two_societies
    page = secretary_a_client.get(reverse("subsidies:programme", args=[mine.category.programme_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "湖北省环境科学学会" in text and "湖北省化学学会" not in text
    assert (
        secretary_a_client.get(reverse("subsidies:application", args=[mine.pk])).status_code == 200
    )
    assert (
        secretary_a_client.get(reverse("subsidies:application", args=[theirs.pk])).status_code
        == 404
    )
    ledger = secretary_a_client.get(reverse("subsidies:ledger", args=[mine.category.programme_id]))
    sheet = load_workbook(io.BytesIO(ledger.content)).active
    societies = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert societies == ["湖北省环境科学学会"]


def test_a_leader_reads_but_cannot_write(two_societies, federation):
    leader = Client()
    leader.force_login(f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    mine, _ = two_societies
    programme = mine.category.programme
    assert leader.get(reverse("subsidies:programme", args=[programme.pk])).status_code == 200
    assert leader.get(reverse("subsidies:decision_edit", args=[mine.pk])).status_code == 403
    assert (
        leader.post(reverse("subsidies:allocation_refresh", args=[programme.pk])).status_code == 403
    )
    assert leader.get(reverse("subsidies:application_new", args=[programme.pk])).status_code == 403


def test_another_federations_secretary_gets_404(secretary_b_client, two_societies):
    mine, _ = two_societies
    assert (
        secretary_b_client.get(
            reverse("subsidies:programme", args=[mine.category.programme_id])
        ).status_code
        == 404
    )
    assert (
        secretary_b_client.get(reverse("subsidies:application", args=[mine.pk])).status_code == 404
    )
    assert secretary_b_client.get(reverse("subsidies:list")).status_code == 200


def test_the_administrator_creates_allocates_decides_and_pays(admin_client, federation, society_a):
    give_secretary(society_a)
    response = admin_client.post(reverse("subsidies:programme_new"), {
        "federation": federation.pk, "key": "post-2025", "name": "专职秘书长岗位补贴", "year": 2025,
        "budget": "30000", "facts_on": "2025-12-31",
    })  # fmt: skip
    programme = SubsidyProgramme.objects.get(key="post-2025")
    assert response.status_code == 302 and programme.score_year == 2024
    duplicate = admin_client.post(reverse("subsidies:programme_new"), {
        "federation": federation.pk, "key": "post-2025", "name": "x", "year": 2025, "budget": "1",
    })  # fmt: skip
    assert "已被使用" in duplicate.content.decode()
    edit = admin_client.post(reverse("subsidies:programme_edit", args=[programme.pk]), {
        "name": "专职秘书长岗位补贴", "year": 2025, "budget": "30000", "facts_on": "2025-12-31",
        "note": "奉贤4、（3）",
    })  # fmt: skip
    assert edit.status_code == 302
    category_data = {"key": "sg", "name": "岗位补贴", "kind": "secretary_post", "position": 1,
                     "amount": "30000", "min_stars": 0, "priorities": ["party_working", "star_rated"]}  # fmt: skip
    assert (
        admin_client.post(
            reverse("subsidies:category_new", args=[programme.pk]), category_data
        ).status_code
        == 302
    )
    again = admin_client.post(reverse("subsidies:category_new", args=[programme.pk]), category_data)
    assert "已有该类别代码" in again.content.decode()
    category = programme.categories.get()
    edited = admin_client.post(
        reverse("subsidies:category_edit", args=[category.pk]), category_data | {"name": "岗位"}
    )
    assert edited.status_code == 302
    nominate = admin_client.post(
        reverse("subsidies:application_new", args=[programme.pk]),
        {"category": category.pk, "society": society_a.pk},
    )
    assert nominate.status_code == 302
    assert (
        admin_client.post(reverse("subsidies:allocation_refresh", args=[programme.pk])).status_code
        == 302
    )
    application = SubsidyApplication.objects.get()
    assert application.allocated_amount == 30000
    page = admin_client.get(reverse("subsidies:programme", args=[programme.pk])).content.decode()
    assert "按排序安排30000元" in page and "发挥党建功能" in page
    refused = admin_client.post(
        reverse("subsidies:decision_edit", args=[application.pk]), {"decision": "reject"}
    )
    assert "请说明理由" in refused.content.decode()
    assert (
        admin_client.get(reverse("subsidies:decision_edit", args=[application.pk])).status_code
        == 200
    )
    admin_client.post(
        reverse("subsidies:decision_edit", args=[application.pk]), {"decision": "approve"}
    )
    pay = admin_client.post(
        reverse("subsidies:payment_add", args=[application.pk]),
        {"paid_on": "2025-10-01", "amount": "30000", "voucher_no": "记-18"},
    )
    assert pay.status_code == 302
    detail = admin_client.get(
        reverse("subsidies:application", args=[application.pk])
    ).content.decode()
    assert "记-18" in detail
    too_much = admin_client.post(
        reverse("subsidies:payment_add", args=[application.pk]),
        {"paid_on": "2025-10-02", "amount": "1", "voucher_no": "记-19"},
    )
    assert "不能超过批准金额" in too_much.content.decode()
    sheet = load_workbook(
        io.BytesIO(admin_client.get(reverse("subsidies:ledger", args=[programme.pk])).content)
    ).active
    row = next(sheet.iter_rows(min_row=3, values_only=True))
    assert row[2] == society_a.name and row[6] == 30000 and row[8] == 30000 and "记-18" in row[10]


def test_a_secretary_applies_from_the_page(secretary_a_client, category, society_a):
    url = reverse("subsidies:application_new", args=[category.programme_id])
    assert secretary_a_client.get(url).status_code == 200
    response = secretary_a_client.post(url, {"category": category.pk, "society": society_a.pk})
    assert response.status_code == 302
    assert SubsidyApplication.objects.get().applied_by.username == "sec_a"
    assert secretary_a_client.get(reverse("subsidies:programme_new")).status_code == 403


def test_a_secretary_of_another_federation_cannot_apply(federation, secretary_b_client, category):
    url = reverse("subsidies:application_new", args=[category.programme_id])
    assert secretary_b_client.get(url).status_code == 404


def _page_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("subsidies:programme", args=[programme.pk])).status_code == 200
    return len(captured)


def _programme_with(federation, n):
    programme = make_programme(federation)
    category = make_category(programme)
    for _ in range(n):
        society = f.make_society(federation=federation)
        make_application(category, society)
    services.subsidy_allocate(programme=programme, actor=SYSTEM)
    return programme


def test_the_programme_page_and_list_queries_do_not_grow(admin_client, federation):
    small, large = _programme_with(federation, 3), _programme_with(federation, 15)
    assert _page_queries(admin_client, small) == _page_queries(admin_client, large)
    with CaptureQueriesContext(connection) as captured:
        admin_client.get(reverse("subsidies:list"))
    assert len(captured) < 15
    assert large.categories.get().applications.filter(allocated_amount=Decimal(0)).count() == 15
