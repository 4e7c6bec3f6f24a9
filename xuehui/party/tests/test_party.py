import datetime as dt

import pytest
from django.urls import reverse

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.party.selectors import current_party_organisations_for, party_activity_counts

pytestmark = pytest.mark.django_db


def make_organisation(society, **fields) -> PartyOrganisation:
    defaults = {
        "form": PartyOrganisationForm.BRANCH,
        "established_on": dt.date(2018, 7, 1),
        "secretary_name": "刘书记",
        "party_member_count": 5,
    }
    return PartyOrganisation.objects.create(society=society, **(defaults | fields))


def test_the_current_organisation_is_the_latest_one_not_dissolved(
    django_assert_num_queries, society_a, society_b
):
    make_organisation(society_a, form="liaison", established_on=dt.date(2016, 1, 1))
    branch = make_organisation(society_a, established_on=dt.date(2019, 1, 1))
    make_organisation(
        society_b, established_on=dt.date(2017, 1, 1), dissolved_on=dt.date(2023, 1, 1)
    )
    with django_assert_num_queries(1):
        current = current_party_organisations_for([society_a.pk, society_b.pk], dt.date(2024, 1, 1))
    assert current == {society_a.pk: branch}
    assert society_b.pk in current_party_organisations_for([society_b.pk], dt.date(2022, 12, 31))


def test_party_activities_are_activities_of_kind_party_building(society_a):
    for kind, day in [
        (ActivityKind.PARTY_BUILDING, dt.date(2024, 3, 1)),
        (ActivityKind.PARTY_BUILDING, dt.date(2024, 7, 1)),
        (ActivityKind.ACADEMIC_EXCHANGE, dt.date(2024, 5, 1)),
        (ActivityKind.PARTY_BUILDING, dt.date(2023, 7, 1)),
    ]:
        Activity.objects.create(
            society=society_a,
            kind=kind,
            title=f"活动{day}",
            start_on=day,
            end_on=day,
            level=ActivityLevel.PROVINCIAL,
            role=ActivityRole.HOST,
        )
    assert party_activity_counts(society_a, years=[2024, 2023, 2022]) == {2024: 2, 2023: 1, 2022: 0}


def test_a_dissolution_before_establishment_is_refused(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("party:organisation_create", args=[society_a.pk]),
        {"form": "branch", "established_on": "2020-01-01", "dissolved_on": "2019-01-01"},
    )
    assert "撤销日期应晚于成立日期" in response.content.decode()
    assert not PartyOrganisation.objects.exists()


def test_the_secretary_records_a_party_branch(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("party:organisation_create", args=[society_a.pk]),
        {
            "form": "joint_branch",
            "established_on": "2021-06-30",
            "secretary_name": "陈",
            "party_member_count": "7",
        },
    )
    assert response.status_code == 302
    html = secretary_a_client.get(reverse("party:society", args=[society_a.pk])).content.decode()
    assert "联合党支部" in html and "党员7人" in html


def test_a_society_without_an_organisation_is_told_so(secretary_a_client, society_a):
    html = secretary_a_client.get(reverse("party:society", args=[society_a.pk])).content.decode()
    assert "尚未建立党组织" in html


def test_scoping_of_every_page_and_action(
    secretary_b_client, viewer_client, anonymous_client, society_a
):
    organisation = make_organisation(society_a)
    page = reverse("party:society", args=[society_a.pk])
    writes = [
        reverse("party:organisation_create", args=[society_a.pk]),
        reverse("party:organisation_edit", args=[organisation.pk]),
        reverse("party:organisation_delete", args=[organisation.pk]),
    ]
    assert secretary_b_client.get(page).status_code == 404
    assert viewer_client.get(page).status_code == 200
    assert anonymous_client.get(page).status_code == 302
    for url in writes:
        assert secretary_b_client.post(url, {}).status_code == 404, url
        assert viewer_client.post(url, {}).status_code == 403, url
    assert PartyOrganisation.objects.filter(pk=organisation.pk).exists()


def test_the_page_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretary_a_client, society_a
):
    url = reverse("party:society", args=[society_a.pk]) + "?show=all"
    for year in range(2000, 2003):
        make_organisation(society_a, established_on=dt.date(year, 1, 1))
    with django_assert_max_num_queries(14) as small:
        assert secretary_a_client.get(url).status_code == 200
    for year in range(2003, 2030):
        make_organisation(society_a, established_on=dt.date(year, 1, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert secretary_a_client.get(url).status_code == 200


def test_the_filter_shows_dissolved_organisations_only_when_asked(secretary_a_client, society_a):
    make_organisation(
        society_a,
        form="group",
        established_on=dt.date(2015, 1, 1),
        dissolved_on=dt.date(2018, 1, 1),
        note="已并入",
    )
    url = reverse("party:society", args=[society_a.pk])
    assert "已并入" not in secretary_a_client.get(url).content.decode()
    html = secretary_a_client.get(url, {"show": "all"}, HTTP_HX_REQUEST="true").content.decode()
    assert "已并入" in html
