import datetime as dt

import pytest
from django.urls import reverse

from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.branches.selectors import branch_summary_for

pytestmark = pytest.mark.django_db


def make_branch(society, **fields) -> Branch:
    n = Branch.objects.count() + 1
    defaults = {
        "name": f"第{n}专业委员会",
        "kind": BranchKind.SPECIALIST_COMMITTEE,
        "filed_on": dt.date(2019, 5, 1),
        "head_name": "周主任",
    }
    return Branch.objects.create(society=society, **(defaults | fields))


def report(branch, year, day=None) -> BranchReport:
    return BranchReport.objects.create(
        branch=branch, year=year, reported_on=day or dt.date(year + 1, 1, 15)
    )


def test_the_summary_counts_filed_reported_and_dormant_branches_in_one_query(
    django_assert_num_queries, society_a, society_b
):
    reported = make_branch(society_a)
    report(reported, 2023)
    report(reported, 2022)
    make_branch(society_a, filed_on=None, status=BranchStatus.DORMANT)
    make_branch(society_a, status=BranchStatus.REVOKED)
    make_branch(society_b)
    with django_assert_num_queries(1):
        summary = branch_summary_for([society_a.pk, society_b.pk], 2023)
    assert summary[society_a.pk] == {"total": 2, "filed": 1, "reported": 1, "dormant": 1}
    assert summary[society_b.pk]["reported"] == 0


def test_the_secretary_adds_a_branch_and_a_duplicate_name_is_refused(secretary_a_client, society_a):
    url = reverse("branches:branch_create", args=[society_a.pk])
    data = {"name": "青年工作委员会", "kind": "working_committee", "status": "active"}
    assert secretary_a_client.post(url, data).status_code == 302
    again = secretary_a_client.post(url, data)
    assert "该学会已有同名的分支机构" in again.content.decode()
    assert Branch.objects.count() == 1


def test_the_secretary_records_a_yearly_report_once_per_year(secretary_a_client, society_a):
    branch = make_branch(society_a)
    url = reverse("branches:report_create", args=[branch.pk])
    ok = secretary_a_client.post(url, {"year": 2023, "reported_on": "2024-01-20"})
    assert ok.status_code == 302
    twice = secretary_a_client.post(url, {"year": 2023, "reported_on": "2024-02-20"})
    assert "该分支机构已有该年度的述职记录" in twice.content.decode()
    far = secretary_a_client.post(url, {"year": 2021, "reported_on": "2024-02-20"})
    assert "述职日期应在2021年或2022年" in far.content.decode()
    assert BranchReport.objects.count() == 1
    html = secretary_a_client.get(reverse("branches:society", args=[society_a.pk])).content.decode()
    assert "2023年度：2024-01-20" in html


def test_scoping_of_every_page_and_action(
    secretary_b_client, viewer_client, anonymous_client, society_a
):
    branch = make_branch(society_a)
    entry = report(branch, 2023)
    page = reverse("branches:society", args=[society_a.pk])
    writes = [
        reverse("branches:branch_create", args=[society_a.pk]),
        reverse("branches:branch_edit", args=[branch.pk]),
        reverse("branches:branch_delete", args=[branch.pk]),
        reverse("branches:report_create", args=[branch.pk]),
        reverse("branches:report_edit", args=[entry.pk]),
        reverse("branches:report_delete", args=[entry.pk]),
    ]
    assert secretary_b_client.get(page).status_code == 404
    assert viewer_client.get(page).status_code == 200
    assert anonymous_client.get(page).status_code == 302
    for url in writes:
        assert secretary_b_client.get(url).status_code == 404, url
        assert secretary_b_client.post(url, {}).status_code == 404, url
        assert viewer_client.post(url, {}).status_code == 403, url
    assert Branch.objects.count() == 1 and BranchReport.objects.count() == 1


def test_the_page_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretary_a_client, society_a
):
    url = reverse("branches:society", args=[society_a.pk])

    def add(n):
        for _ in range(n):
            branch = make_branch(society_a)
            report(branch, 2022)
            report(branch, 2023)

    add(3)
    with django_assert_max_num_queries(14) as small:
        assert secretary_a_client.get(url).status_code == 200
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert secretary_a_client.get(url).status_code == 200


def test_filters_narrow_the_list(secretary_a_client, society_a):
    make_branch(society_a, name="甲分会", kind=BranchKind.BRANCH)
    make_branch(society_a, name="乙专委会", status=BranchStatus.DORMANT)
    url = reverse("branches:society", args=[society_a.pk])
    html = secretary_a_client.get(
        url, {"status": "dormant"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "乙专委会" in html and "甲分会" not in html
    html = secretary_a_client.get(url, {"kind": "branch"}).content.decode()
    assert "甲分会" in html and "乙专委会" not in html


def test_deleting_a_branch_removes_its_reports(secretary_a_client, society_a):
    branch = make_branch(society_a)
    report(branch, 2023)
    url = reverse("branches:branch_delete", args=[branch.pk])
    assert "述职记录将一并删除" in secretary_a_client.get(url).content.decode()
    secretary_a_client.post(url)
    assert not Branch.objects.exists() and not BranchReport.objects.exists()


def test_the_secretary_corrects_and_deletes_a_report_and_the_audit_keeps_the_old_date(
    secretary_a_client, society_a
):
    from xuehui.audit.models import AuditEntry

    branch = make_branch(society_a)
    kept = report(branch, 2023, dt.date(2024, 1, 20))
    url = reverse("branches:report_edit", args=[kept.pk])
    assert "负责人述职" in secretary_a_client.get(url).content.decode()
    wrong = secretary_a_client.post(url, {"year": 2023, "reported_on": "2026-01-01"})
    assert wrong.status_code == 200 and "述职日期应在2023年或2024年" in wrong.content.decode()
    done = secretary_a_client.post(url, {"year": 2023, "reported_on": "2024-02-01"})
    assert done["Location"] == reverse("branches:society", args=[society_a.pk])
    kept.refresh_from_db()
    assert kept.reported_on == dt.date(2024, 2, 1)
    entry = AuditEntry.objects.filter(action="branch_report_update").get()
    assert entry.detail["changes"]["reported_on"] == ["2024-01-20", "2024-02-01"]

    delete_url = reverse("branches:report_delete", args=[kept.pk])
    assert secretary_a_client.get(delete_url).status_code == 200
    assert secretary_a_client.post(delete_url).status_code == 302
    assert not BranchReport.objects.exists()
    assert secretary_a_client.get(url).status_code == 404  # gone: 未找到该记录
