import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.credit.models import Commendation, Listing, Sanction
from xuehui.tests.factories import make_user

from .factories import make_commendation, make_listing, make_sanction

D = dt.date


@pytest.fixture
def leader_client(federation):
    client = Client()
    client.force_login(make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


def _post_form(client, url, data):
    assert client.get(url).status_code == 200
    return client.post(url, data)


def test_the_administrator_records_each_kind_from_the_societys_tab(admin_client, society_a):
    page = admin_client.get(reverse("credit:society", args=[society_a.pk]))
    assert "本会目前不在活动异常名录中" in page.content.decode()
    answer = _post_form(
        admin_client, reverse("credit:commendation_new", args=[society_a.pk]),
        {"title": "全国学会先进集体", "awarded_on": "2025-09-01", "awarded_by": "中国科协",
         "level": "national"},
    )  # fmt: skip
    assert answer.status_code == 302
    _post_form(
        admin_client, reverse("credit:sanction_new", args=[society_a.pk]),
        {"kind": "talk", "issued_on": "2025-10-01", "issued_by": "湖北省科协学会部",
         "reason": "理事会会议长期未召开"},
    )  # fmt: skip
    _post_form(
        admin_client, reverse("credit:listing_new", args=[society_a.pk]),
        {"cause": "annual_report", "year": "2025", "listed_on": "2026-07-01",
         "reason": "逾期未报送2025年度工作报告"},
    )  # fmt: skip
    assert Commendation.objects.get().level == "national"
    assert Sanction.objects.get().kind == "talk"
    page = admin_client.get(reverse("credit:society", args=[society_a.pk])).content.decode()
    assert "本会目前在活动异常名录中" in page and "全国学会先进集体" in page and "约谈" in page


def test_a_bad_date_is_refused_in_chinese_and_nothing_is_stored(admin_client, society_a):
    answer = _post_form(
        admin_client, reverse("credit:sanction_new", args=[society_a.pk]),
        {"kind": "warning", "issued_on": "2025-10-01", "issued_by": "民政厅", "reason": "x",
         "lifted_on": "2025-09-01"},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "解除日期不能早于作出日期" in answer.content.decode()
    assert not Sanction.objects.exists()


def test_edit_delete_and_removal(admin_client, society_a):
    entry = make_commendation(society_a)
    sanction = make_sanction(society_a)
    listing = make_listing(society_a, on=D(2026, 7, 1))
    url = reverse("credit:commendation_edit", args=[entry.pk])
    admin_client.post(
        url,
        {
            "title": "改名",
            "awarded_on": "2025-06-01",
            "awarded_by": "省科协",
            "level": "provincial",
        },
    )
    entry.refresh_from_db()
    assert entry.title == "改名"
    assert (
        admin_client.get(reverse("credit:sanction_delete", args=[sanction.pk])).status_code == 200
    )
    admin_client.post(reverse("credit:sanction_delete", args=[sanction.pk]))
    assert not Sanction.objects.exists()
    admin_client.post(
        reverse("credit:listing_close", args=[listing.pk]),
        {"removed_on": "2026-07-20", "removal_reason": "已补报2025年度工作报告"},
    )
    listing.refresh_from_db()
    assert listing.removed_on == D(2026, 7, 20)


def test_the_secretary_reads_its_record_but_cannot_write_it(secretary_a_client, society_a):
    make_commendation(society_a, title="省级优秀学会")
    page = secretary_a_client.get(reverse("credit:society", args=[society_a.pk])).content.decode()
    assert "省级优秀学会" in page and "登记表彰" not in page
    url = reverse("credit:commendation_new", args=[society_a.pk])
    assert secretary_a_client.get(url).status_code == 403
    assert secretary_a_client.get(reverse("credit:listings")).status_code == 403


def test_another_society_and_an_expert_get_404(secretary_b_client, expert_client, society_a):
    entry = make_commendation(society_a)
    assert secretary_b_client.get(reverse("credit:society", args=[society_a.pk])).status_code == 404
    url = reverse("credit:commendation_edit", args=[entry.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert expert_client.get(reverse("credit:society", args=[society_a.pk])).status_code == 404


def test_the_leader_reads_the_list_of_societies_listed(leader_client, society_a):
    make_listing(society_a, on=D(2026, 7, 1))
    page = leader_client.get(reverse("credit:listings"))
    assert page.status_code == 200 and society_a.name in page.content.decode()
    listing = Listing.objects.get()
    assert leader_client.get(reverse("credit:listing_close", args=[listing.pk])).status_code == 403
