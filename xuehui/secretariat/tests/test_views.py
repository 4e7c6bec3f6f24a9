import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember

from .factories import make_office, make_staff

pytestmark = pytest.mark.django_db


def write_urls(society, staff, office):
    return [
        reverse("secretariat:profile_edit", args=[society.pk]),
        reverse("secretariat:staff_create", args=[society.pk]),
        reverse("secretariat:staff_edit", args=[staff.pk]),
        reverse("secretariat:staff_delete", args=[staff.pk]),
        reverse("secretariat:office_create", args=[society.pk]),
        reverse("secretariat:office_edit", args=[office.pk]),
        reverse("secretariat:office_delete", args=[office.pk]),
    ]


def test_another_society_gets_404_on_every_page_and_action(secretary_b_client, society_a):
    staff, office = make_staff(society_a), make_office(society_a)
    page = reverse("secretariat:society", args=[society_a.pk])
    assert secretary_b_client.get(page).status_code == 404
    for url in write_urls(society_a, staff, office):
        assert secretary_b_client.get(url).status_code == 404, url
        assert secretary_b_client.post(url, {}).status_code == 404, url
    assert StaffMember.objects.count() == 1 and Office.objects.count() == 1


def test_a_read_only_leader_sees_the_page_and_gets_403_on_writes(viewer_client, society_a):
    staff, office = make_staff(society_a), make_office(society_a)
    page = viewer_client.get(reverse("secretariat:society", args=[society_a.pk]))
    assert page.status_code == 200 and staff.name in page.content.decode()
    assert "新增" not in page.content.decode()
    for url in write_urls(society_a, staff, office):
        assert viewer_client.post(url, {}).status_code == 403, url


def test_anonymous_is_sent_to_login(anonymous_client, society_a):
    response = anonymous_client.get(reverse("secretariat:society", args=[society_a.pk]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_page_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretary_a_client, society_a
):
    url = reverse("secretariat:society", args=[society_a.pk])
    for _ in range(3):
        make_staff(society_a)
        make_office(society_a)
    with django_assert_max_num_queries(15) as small:
        assert secretary_a_client.get(url).status_code == 200
    for _ in range(27):
        make_staff(society_a)
        make_office(society_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert secretary_a_client.get(url + "?show=all").status_code == 200


def test_the_staff_list_shows_current_staff_unless_asked_for_all(secretary_a_client, society_a):
    make_staff(society_a, name="在聘者")
    make_staff(society_a, name="离职者", contract_end=dt.date(2021, 12, 31))
    url = reverse("secretariat:society", args=[society_a.pk])
    html = secretary_a_client.get(url).content.decode()
    assert "在聘者" in html and "离职者" not in html
    html = secretary_a_client.get(url, {"show": "all"}, HTTP_HX_REQUEST="true").content.decode()
    assert "离职者" in html and "<html" not in html


def test_the_secretary_adds_staff_and_an_end_before_start_is_refused(secretary_a_client, society_a):
    url = reverse("secretariat:staff_create", args=[society_a.pk])
    bad = secretary_a_client.post(
        url, {"name": "王五", "contract_start": "2024-01-01", "contract_end": "2023-01-01"}
    )
    assert "聘用结束日期不能早于聘用开始日期" in bad.content.decode()
    assert not StaffMember.objects.exists()
    good = secretary_a_client.post(
        url,
        {
            "name": "王五",
            "post": "秘书长助理",
            "contract_start": "2024-01-01",
            "monthly_pay": "7200.50",
            "has_social_insurance": "on",
        },
    )
    assert good.status_code == 302
    staff = StaffMember.objects.get()
    assert staff.monthly_pay == Decimal("7200.50") and staff.has_social_insurance
    assert AuditEntry.objects.filter(action="staff_member_create", society=society_a).exists()


def test_the_secretary_records_an_office_with_its_area(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("secretariat:office_create", args=[society_a.pk]),
        {"address": "武昌区中北路1号", "area_m2": "24.5", "source": "rented"},
    )
    assert response.status_code == 302
    assert Office.objects.get().area_m2 == Decimal("24.5")
    refused = secretary_a_client.post(
        reverse("secretariat:office_create", args=[society_a.pk]),
        {"address": "武昌区中北路2号", "area_m2": "0", "source": "rented"},
    )
    assert "面积应大于0" in refused.content.decode()


def test_the_profile_keeps_bank_account_website_and_wechat(secretary_a_client, society_a):
    url = reverse("secretariat:profile_edit", args=[society_a.pk])
    assert 'value="" selected' in secretary_a_client.get(url).content.decode()
    response = secretary_a_client.post(
        url,
        {
            "has_own_bank_account": "true",
            "website": "https://www.hbses.org.cn",
            "wechat_account": "湖北环境科学",
        },
    )
    assert response.status_code == 302
    profile = SecretariatProfile.objects.get(society=society_a)
    assert profile.has_own_bank_account is True and profile.wechat_account == "湖北环境科学"
    secretary_a_client.post(url, {"has_own_bank_account": "false", "website": "not a url"})
    profile.refresh_from_db()
    assert profile.has_own_bank_account is True  # the bad URL refused the whole form


def test_deleting_an_office_asks_first(secretary_a_client, society_a):
    office = make_office(society_a)
    url = reverse("secretariat:office_delete", args=[office.pk])
    assert "确认删除" in secretary_a_client.get(url).content.decode()
    assert secretary_a_client.post(url).status_code == 302
    assert not Office.objects.exists()
