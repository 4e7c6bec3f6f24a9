import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole, FourInto
from xuehui.activities.models import Activity
from xuehui.files.models import StoredFile
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, png_bytes, upload

from .factories import make_activity


def _post_data(**overrides):
    data = {
        "kind": ActivityKind.SCIENCE_POPULARIZATION,
        "title": "科技活动周进社区",
        "start_on": "2024-05-20",
        "end_on": "",
        "level": ActivityLevel.MUNICIPAL,
        "role": ActivityRole.HOST,
        "participants": "300",
        "revenue": "0",
        "in_science_week": "on",
        "into_communities": "on",
        "into_schools": "on",
        "note": "",
    }
    return data | overrides


def test_a_secretary_records_an_activity_with_evidence(secretary_a_client, society_a):
    data = _post_data(uploads=[upload("照片.png", png_bytes()), upload("通知.pdf", pdf_bytes())])
    response = secretary_a_client.post(reverse("activities:create", args=[society_a.pk]), data)
    assert response.status_code == 302
    activity = Activity.objects.get(society=society_a)
    assert activity.end_on == dt.date(2024, 5, 20)
    assert activity.in_science_week
    assert activity.four_into == [FourInto.COMMUNITIES, FourInto.SCHOOLS]
    assert sorted(f.original_name for f in activity.evidence.all()) == ["照片.png", "通知.pdf"]


def test_an_end_before_the_start_is_refused(secretary_a_client, society_a):
    data = _post_data(end_on="2024-05-01")
    response = secretary_a_client.post(reverse("activities:create", args=[society_a.pk]), data)
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Activity.objects.exists()


def test_one_bad_evidence_file_refuses_the_whole_form(secretary_a_client, society_a):
    data = _post_data(
        uploads=[upload("照片.png", png_bytes()), upload("a.pdf", b"#!/bin/sh\nrm -rf /\n")]
    )
    response = secretary_a_client.post(reverse("activities:create", args=[society_a.pk]), data)
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert not StoredFile.objects.exists()


def test_editing_removes_the_evidence_ticked_for_removal(secretary_a_client, society_a):
    activity = make_activity(society_a)
    keep, drop = (
        make_stored_file(society_a, name="留.pdf"),
        make_stored_file(society_a, name="删.pdf"),
    )
    activity.evidence.add(keep, drop)
    data = _post_data(
        kind=activity.kind, title=activity.title, start_on="2024-05-20", remove_files=[drop.pk]
    )
    response = secretary_a_client.post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 302
    assert list(activity.evidence.all()) == [keep]
    assert not StoredFile.objects.filter(pk=drop.pk).exists()


def test_the_list_filters_by_year_kind_and_level(secretary_a_client, society_a):
    make_activity(society_a, title="二〇二三学术年会", start_on=dt.date(2023, 5, 1))
    make_activity(society_a, title="二〇二四学术年会", start_on=dt.date(2024, 5, 1))
    make_activity(
        society_a,
        title="二〇二四全国论坛",
        start_on=dt.date(2024, 6, 1),
        level=ActivityLevel.NATIONAL,
    )
    make_activity(
        society_a, kind=ActivityKind.JOURNAL, title="二〇二四期刊", start_on=dt.date(2024, 7, 1)
    )
    url = reverse("activities:list", args=[society_a.pk])
    query = {
        "year": 2024,
        "kind": ActivityKind.ACADEMIC_EXCHANGE,
        "level": ActivityLevel.PROVINCIAL,
    }
    content = secretary_a_client.get(url, query).content.decode()
    assert "二〇二四学术年会" in content
    for absent in ("二〇二三学术年会", "二〇二四全国论坛", "二〇二四期刊"):
        assert absent not in content


def test_the_year_summary_counts_activities_by_kind(secretary_a_client, society_a):
    make_activity(society_a, start_on=dt.date(2024, 3, 1))
    make_activity(society_a, start_on=dt.date(2024, 9, 1), role=ActivityRole.CO_ORGANIZER)
    url = reverse("activities:list", args=[society_a.pk])
    content = secretary_a_client.get(url, {"year": 2024}).content.decode()
    assert "学术交流 2项（主办或承办1项）" in content


def test_the_revenue_is_kept_exactly(secretary_a_client, society_a):
    data = _post_data(revenue="12345.67")
    secretary_a_client.post(reverse("activities:create", args=[society_a.pk]), data)
    assert Activity.objects.get().revenue == Decimal("12345.67")


@pytest.mark.parametrize("name", ["list", "create"])
def test_society_pages_are_scoped(name, secretary_b_client, anonymous_client, society_a):
    url = reverse(f"activities:{name}", args=[society_a.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_activity_actions_are_scoped(
    name, secretary_b_client, viewer_client, anonymous_client, society_a
):
    activity = make_activity(society_a)
    url = reverse(f"activities:{name}", args=[activity.pk])
    assert secretary_b_client.post(url).status_code == 404
    assert viewer_client.post(url).status_code == 403
    assert anonymous_client.post(url).status_code == 302
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_evidence_downloads_are_scoped(secretary_a_client, secretary_b_client, society_a):
    activity = make_activity(society_a)
    stored = make_stored_file(society_a)
    activity.evidence.add(stored)
    url = reverse("files:download", args=[stored.pk])
    assert secretary_a_client.get(url).status_code == 200
    assert secretary_b_client.get(url).status_code == 404


def test_deleting_an_activity_deletes_its_evidence(secretary_a_client, society_a):
    activity = make_activity(society_a)
    activity.evidence.add(make_stored_file(society_a))
    assert (
        secretary_a_client.post(reverse("activities:delete", args=[activity.pk])).status_code == 302
    )
    assert not Activity.objects.exists()
    assert not StoredFile.objects.exists()


def _fill(society, n: int, start: int = 0):
    for i in range(start, start + n):
        activity = make_activity(society, start_on=dt.date(2024, 1, 1) + dt.timedelta(days=i))
        activity.evidence.add(make_stored_file(society, name=f"佐证{i}.pdf"))


def test_the_list_query_count_does_not_grow_with_activities(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    url = reverse("activities:list", args=[society_a.pk])
    _fill(society_a, 2)
    with django_assert_max_num_queries(25) as small:
        secretary_a_client.get(url, {"year": 2024})
    _fill(society_a, 30, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary_a_client.get(url, {"year": 2024})


def test_an_activity_names_the_branch_that_ran_it_with_its_papers(
    secretary_a_client, society_a, society_b
):
    from xuehui.branches.choices import BranchKind
    from xuehui.branches.models import Branch

    own = Branch.objects.create(society=society_a, name="青年委员会", kind=BranchKind.BRANCH)
    other = Branch.objects.create(society=society_b, name="外会委员会", kind=BranchKind.BRANCH)
    url = reverse("activities:create", args=[society_a.pk])
    page = secretary_a_client.get(url)
    assert list(page.context["form"].fields["branch"].queryset) == [own]
    data = _post_data(
        kind=ActivityKind.ACADEMIC_EXCHANGE, branch=str(other.pk), papers="12", honoured=""
    )
    assert secretary_a_client.post(url, data).status_code == 200  # another society's branch
    assert not Activity.objects.exists()
    assert secretary_a_client.post(url, data | {"branch": str(own.pk)}).status_code == 302
    activity = Activity.objects.get(society=society_a)
    assert (activity.branch, activity.papers, activity.honoured) == (own, 12, None)


def test_a_branch_of_another_society_is_refused_by_the_model(society_a, society_b):
    from django.core.exceptions import ValidationError

    from xuehui.branches.choices import BranchKind
    from xuehui.branches.models import Branch

    other = Branch.objects.create(society=society_b, name="外会委员会", kind=BranchKind.BRANCH)
    activity = make_activity(society_a)
    activity.branch = other
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "该分支机构不属于本学会" in str(error.value)


def test_the_list_shows_the_branch_and_the_papers(secretary_a_client, society_a):
    from xuehui.branches.choices import BranchKind
    from xuehui.branches.models import Branch

    branch = Branch.objects.create(society=society_a, name="青年委员会", kind=BranchKind.BRANCH)
    make_activity(society_a, branch=branch, papers=12)
    page = secretary_a_client.get(reverse("activities:list", args=[society_a.pk]))
    assert "青年委员会开展 交流论文12篇" in page.content.decode()
