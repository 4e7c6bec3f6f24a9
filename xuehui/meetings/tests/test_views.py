import datetime as dt

import pytest
from django.urls import reverse

from xuehui.files.models import StoredFile
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, upload
from xuehui.meetings.choices import FollowUp, MeetingKind
from xuehui.meetings.models import Meeting, Resolution

from .factories import make_meeting, make_resolution


def _post_data(**overrides):
    data = {
        "kind": MeetingKind.COUNCIL,
        "held_on": "2024-06-18",
        "title": "五届三次理事会",
        "expected_attendance": "60",
        "actual_attendance": "45",
        "supervisors_attended": "on",
        "note": "",
    }
    return data | overrides


def test_the_list_flags_attendance_below_two_thirds_and_absent_supervisors(
    secretary_a_client, society_a
):
    make_meeting(society_a, title="四届五次理事会", expected_attendance=60, actual_attendance=39)
    make_meeting(
        society_a,
        kind=MeetingKind.STANDING_COUNCIL,
        title="常务理事会",
        supervisors_attended=False,
    )
    content = secretary_a_client.get(reverse("meetings:list", args=[society_a.pk])).content.decode()
    assert content.count("实到不足三分之二</span>") == 1
    assert content.count("监事未列席</span>") == 1


def test_a_secretariat_meeting_is_not_flagged_for_supervisors(secretary_a_client, society_a):
    make_meeting(society_a, kind=MeetingKind.SECRETARIAT, supervisors_attended=False)
    content = secretary_a_client.get(reverse("meetings:list", args=[society_a.pk])).content.decode()
    assert "监事未列席</span>" not in content


def test_the_list_filters_by_year_and_kind(secretary_a_client, society_a):
    make_meeting(society_a, title="二〇二三年理事会", held_on=dt.date(2023, 3, 1))
    make_meeting(society_a, title="二〇二四年理事会", held_on=dt.date(2024, 3, 1))
    make_meeting(
        society_a,
        kind=MeetingKind.SUPERVISORY_BOARD,
        title="二〇二四年监事会",
        held_on=dt.date(2024, 4, 1),
    )
    url = reverse("meetings:list", args=[society_a.pk])
    content = secretary_a_client.get(
        url, {"year": 2024, "kind": MeetingKind.COUNCIL}
    ).content.decode()
    assert "二〇二四年理事会" in content
    assert "二〇二三年理事会" not in content
    assert "二〇二四年监事会" not in content


def test_the_detail_shows_the_shortfall_in_chinese(secretary_a_client, society_a):
    meeting = make_meeting(society_a, expected_attendance=30, actual_attendance=19)
    content = secretary_a_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "实到19人，应到30人，实到人数不足应到人数的三分之二" in content


def test_a_secretary_records_a_meeting_with_its_minutes(secretary_a_client, society_a):
    data = _post_data(upload=upload("纪要.pdf", pdf_bytes()))
    response = secretary_a_client.post(reverse("meetings:create", args=[society_a.pk]), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(society=society_a)
    assert meeting.has_minutes
    assert meeting.minutes_file.original_name == "纪要.pdf"


def test_more_present_than_expected_is_refused(secretary_a_client, society_a):
    data = _post_data(expected_attendance="30", actual_attendance="31")
    response = secretary_a_client.post(reverse("meetings:create", args=[society_a.pk]), data)
    assert "实到人数不能多于应到人数" in response.content.decode()
    assert not Meeting.objects.exists()


def test_two_meetings_of_a_kind_on_one_day_are_refused(secretary_a_client, society_a):
    make_meeting(society_a, held_on=dt.date(2024, 6, 18))
    response = secretary_a_client.post(
        reverse("meetings:create", args=[society_a.pk]), _post_data()
    )
    assert "该学会同一天已有同类型的会议" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_resolutions_are_added_and_followed_up(secretary_a_client, society_a):
    meeting = make_meeting(society_a)
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    response = secretary_a_client.post(
        url, {"text": "修订会员管理办法", "status": FollowUp.PENDING}
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get(meeting=meeting)
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    secretary_a_client.post(
        url, {"text": resolution.text, "status": FollowUp.DONE, "note": "已印发"}
    )
    resolution.refresh_from_db()
    assert resolution.status == FollowUp.DONE
    content = secretary_a_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "已印发" in content


def test_deleting_a_meeting_deletes_its_resolutions_and_minutes(secretary_a_client, society_a):
    meeting = make_meeting(society_a, minutes_file=make_stored_file(society_a))
    make_resolution(meeting)
    response = secretary_a_client.post(reverse("meetings:delete", args=[meeting.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert not Resolution.objects.exists()
    assert not StoredFile.objects.exists()


@pytest.mark.parametrize("name", ["list", "create"])
def test_society_pages_are_scoped(name, secretary_b_client, anonymous_client, society_a):
    url = reverse(f"meetings:{name}", args=[society_a.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


def test_the_detail_is_scoped(secretary_b_client, viewer_client, society_a):
    meeting = make_meeting(society_a)
    url = reverse("meetings:detail", args=[meeting.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert viewer_client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["edit", "delete", "resolution_create"])
def test_meeting_actions_are_scoped(
    name, secretary_b_client, viewer_client, anonymous_client, society_a
):
    meeting = make_meeting(society_a)
    url = reverse(f"meetings:{name}", args=[meeting.pk])
    assert secretary_b_client.post(url).status_code == 404
    assert viewer_client.post(url).status_code == 403
    assert anonymous_client.post(url).status_code == 302
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("name", ["resolution_edit", "resolution_delete"])
def test_resolution_actions_are_scoped(
    name, secretary_b_client, viewer_client, anonymous_client, society_a
):
    resolution = make_resolution(make_meeting(society_a))
    url = reverse(f"meetings:{name}", args=[resolution.pk])
    assert secretary_b_client.post(url, {"text": "改", "status": FollowUp.DONE}).status_code == 404
    assert viewer_client.post(url, {"text": "改", "status": FollowUp.DONE}).status_code == 403
    assert anonymous_client.post(url).status_code == 302
    resolution.refresh_from_db()
    assert resolution.status == FollowUp.PENDING


def _fill(society, n: int, start: int = 0):
    for i in range(start, start + n):
        meeting = make_meeting(
            society,
            held_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            minutes_file=make_stored_file(society, name=f"纪要{i}.pdf"),
        )
        make_resolution(meeting)


def test_the_list_query_count_does_not_grow_with_meetings(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    url = reverse("meetings:list", args=[society_a.pk])
    _fill(society_a, 2)
    with django_assert_max_num_queries(20) as small:
        secretary_a_client.get(url)
    _fill(society_a, 25, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary_a_client.get(url)


def test_the_detail_query_count_does_not_grow_with_resolutions(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    meeting = make_meeting(society_a)
    make_resolution(meeting)
    url = reverse("meetings:detail", args=[meeting.pk])
    with django_assert_max_num_queries(20) as small:
        secretary_a_client.get(url)
    for i in range(20):
        make_resolution(meeting, text=f"决议{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary_a_client.get(url)


def test_the_list_is_paginated(secretary_a_client, society_a):
    for i in range(55):
        make_meeting(
            society_a,
            kind=MeetingKind.SECRETARIAT,
            held_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
        )
    url = reverse("meetings:list", args=[society_a.pk])
    first = secretary_a_client.get(url).content.decode()
    assert "第1/2页，共55次" in first
    second = secretary_a_client.get(url, {"page": 2}).content.decode()
    assert second.count("秘书长工作会</td>") == 5


def test_another_societys_meeting_answers_like_a_missing_one(secretary_b_client, society_a):
    """W12: the 404 text once told "exists elsewhere" (未找到该学会) from "missing" (未找到该记录)."""
    meeting = make_meeting(society_a)
    hidden = secretary_b_client.get(reverse("meetings:detail", args=[meeting.pk]))
    missing = secretary_b_client.get(reverse("meetings:detail", args=[meeting.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert "未找到该记录" in hidden.content.decode()
    assert "未找到该学会" not in hidden.content.decode()
