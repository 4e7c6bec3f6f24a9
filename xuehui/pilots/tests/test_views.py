"""Pilot pages: a society's memberships, joined and ended by the 科协; scoping and queries."""

import datetime as dt

import pytest
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.pilots.models import PilotMembership
from xuehui.pilots.services import pilot_membership_add, pilot_programme_save
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories as f


@pytest.fixture
def programme(federation):
    framework = load_library_framework("hubei-2h-2017")
    return pilot_programme_save(
        actor=SYSTEM,
        key="hubei-2h",
        name="湖北两化试点",
        federation=federation,
        framework=framework,
    )


def test_the_federation_administrator_adds_and_ends_a_membership(
    admin_client, programme, society_a
):
    url = reverse("pilots:society", args=[society_a.pk])
    response = admin_client.post(
        url, {"programme": programme.pk, "since": "2017-10-01", "note": ""}
    )
    assert response.status_code == 302
    membership = PilotMembership.objects.get()
    response = admin_client.post(
        reverse("pilots:membership_end", args=[membership.pk]), {"until": "2018-11-01"}
    )
    membership.refresh_from_db()
    assert membership.until == dt.date(2018, 11, 1)


def test_an_overlapping_membership_is_shown_as_an_error_and_not_saved(
    admin_client, programme, society_a
):
    pilot_membership_add(
        programme=programme, society=society_a, since=dt.date(2017, 10, 1), actor=SYSTEM
    )
    url = reverse("pilots:society", args=[society_a.pk])
    response = admin_client.post(url, {"programme": programme.pk, "since": "2018-01-01"})
    assert response.status_code == 200 and "不能重叠" in response.content.decode()
    assert PilotMembership.objects.count() == 1


def test_a_secretary_sees_her_pilots_but_may_not_change_them(
    secretary_a_client, programme, society_a
):
    url = reverse("pilots:society", args=[society_a.pk])
    assert secretary_a_client.get(url).status_code == 200
    response = secretary_a_client.post(url, {"programme": programme.pk, "since": "2017-10-01"})
    assert response.status_code == 403
    assert not PilotMembership.objects.exists()


def test_another_society_answers_404(secretary_b_client, admin_client, programme, society_a):
    membership = pilot_membership_add(
        actor=SYSTEM, programme=programme, society=society_a, since=dt.date(2017, 10, 1)
    )
    assert secretary_b_client.get(reverse("pilots:society", args=[society_a.pk])).status_code == 404
    response = secretary_b_client.post(
        reverse("pilots:membership_end", args=[membership.pk]), {"until": "2018-01-01"}
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login(anonymous_client, society_a):
    response = anonymous_client.get(reverse("pilots:society", args=[society_a.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_programme_page_lists_visible_members_in_bounded_queries(
    django_assert_max_num_queries, admin_client, programme, federation
):
    for _ in range(2):
        pilot_membership_add(
            actor=SYSTEM,
            programme=programme,
            society=f.make_society(federation=federation),
            since=dt.date(2018, 1, 1),
        )
    url = reverse("pilots:programme", args=["hubei-2h"])
    with django_assert_max_num_queries(20) as small:
        admin_client.get(url)
    for _ in range(6):
        pilot_membership_add(
            actor=SYSTEM,
            programme=programme,
            society=f.make_society(federation=federation),
            since=dt.date(2018, 1, 1),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(url)
    assert len(response.context["memberships"]) == 8
    assert admin_client.get(reverse("pilots:list")).status_code == 200


def test_a_secretary_sees_the_programme_their_society_takes_part_in(
    secretary_a_client, secretary_b_client, programme, society_a
):
    pilot_membership_add(
        programme=programme, society=society_a, since=dt.date(2017, 10, 1), actor=SYSTEM
    )
    listed = secretary_a_client.get(reverse("pilots:list")).context["programmes"]
    assert [p.key for p in listed] == [programme.key]
    detail = secretary_a_client.get(reverse("pilots:programme", args=[programme.key]))
    assert [m.society for m in detail.context["memberships"]] == [society_a]
    # a secretary of a society outside the programme sees nothing of it
    assert list(secretary_b_client.get(reverse("pilots:list")).context["programmes"]) == []
    assert (
        secretary_b_client.get(reverse("pilots:programme", args=[programme.key])).status_code == 404
    )
