import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.activities.choices import ActivityKind
from xuehui.activities.tests.factories import make_activity
from xuehui.jobs.choices import JobStatus
from xuehui.jobs.exports import export_work
from xuehui.jobs.models import Job
from xuehui.jobs.services import job_execute
from xuehui.members.tests.factories import make_year_stat
from xuehui.stats.models import StatisticsReturn
from xuehui.stats.tables import TABLES
from xuehui.stats.tests.factories import seed_society
from xuehui.tests.factories import make_federation, make_society, make_user

pytestmark = pytest.mark.django_db


def _url(name, pk, **query):
    url = reverse(f"stats:{name}", args=[pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the background exports' files


@pytest.fixture
def viewer_client(client, federation):
    client.force_login(make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


def test_the_administrator_sees_every_table_with_totals(admin_client, federation, society_a):
    seed_society(society_a)
    response = admin_client.get(_url("federation", federation.pk, year=2024))
    assert response.status_code == 200
    text = response.content.decode()
    for table in TABLES:
        assert table.title in text
    assert "湖北省环境科学学会" in text and "填写报表说明" in text
    assert "551500.50" in text  # the society's and the 科协's income


def test_the_index_sends_each_role_to_what_it_sees(
    admin_client, secretary_a_client, federation, society_a
):
    child = make_federation(parent=federation)
    assert admin_client.get(reverse("stats:index")).url == _url("federation", federation.pk)
    assert child.pk != federation.pk
    response = secretary_a_client.get(reverse("stats:index"))
    assert response.url == reverse("stats:society", args=[society_a.pk])


def test_an_expert_has_no_statistics(client, expert_user):
    client.force_login(expert_user)
    assert client.get(reverse("stats:index")).status_code == 403


def test_a_secretary_sees_only_their_own_society(
    secretary_a_client, federation, society_a, society_b
):
    assert secretary_a_client.get(_url("society", society_a.pk, year=2024)).status_code == 200
    assert secretary_a_client.get(_url("society", society_b.pk)).status_code == 404
    assert secretary_a_client.get(_url("society_xlsx", society_b.pk)).status_code == 404
    assert secretary_a_client.get(_url("federation", federation.pk)).status_code == 404
    assert secretary_a_client.post(_url("federation_xlsx", federation.pk)).status_code == 404


def test_another_federations_return_is_not_found(admin_client, other_federation):
    assert admin_client.get(_url("federation", other_federation.pk)).status_code == 404
    assert admin_client.get(_url("explanation_edit", other_federation.pk)).status_code == 404


def test_the_leader_reads_but_does_not_write(viewer_client, federation, society_a):
    assert viewer_client.get(_url("federation", federation.pk)).status_code == 200
    assert viewer_client.get(_url("explanation_edit", federation.pk)).status_code == 403
    response = viewer_client.post(_url("explanation_edit", federation.pk), {"explanation": "x"})
    assert response.status_code == 403
    assert not StatisticsReturn.objects.exists()


def test_a_bad_year_says_so_and_shows_the_default(admin_client, federation):
    response = admin_client.get(_url("federation", federation.pk, year="abc", threshold="-5"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "请填写年份" in text
    assert f"{dt.date.today().year - 1}年度综合统计报表" in text


def test_the_administrator_writes_the_explanations(admin_client, federation, society_a):
    make_year_stat(society_a, 2023, 100)
    make_year_stat(society_a, 2024, 200)
    url = _url("explanation_edit", federation.pk, year=2024, threshold=30)
    page = admin_client.get(url)
    assert "表1 组织建设情况 · 个人会员数（100→200，+100.0%）" in page.content.decode()
    flags = page.context["form"].flags
    assert {f.row.kind for f in flags} == {"federation"}  # societies check their own records
    index = next(i for i, f in enumerate(flags) if f.figure_key == "individual_members")
    response = admin_client.post(
        url, {"explanation": "  全部学会已报送  ", f"note_{index}": "会员名册补录"}
    )
    assert response.status_code == 302
    found = StatisticsReturn.objects.get(federation=federation, year=2024)
    assert found.explanation == "全部学会已报送"
    assert found.notes == {flags[index].key: "会员名册补录"}
    page = admin_client.get(_url("federation", federation.pk, year=2024))
    assert "会员名册补录" in page.content.decode()
    assert "全部学会已报送" in page.content.decode()


def test_the_workbook_has_a_sheet_per_table_and_the_flags(admin_client, federation, society_a):
    make_activity(society_a, kind=ActivityKind.ACADEMIC_EXCHANGE, start_on=dt.date(2024, 3, 1))
    StatisticsReturn.objects.create(federation=federation, year=2024, explanation="说明文字")
    response = admin_client.post(_url("federation_xlsx", federation.pk, year=2024))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.done == job.total > len(TABLES)
    assert job.result["filename"] == f"{federation.name}2024年度综合统计报表.xlsx"
    download = admin_client.get(reverse("jobs:download", args=[job.pk]))
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == [*(t.title for t in TABLES), "报表说明", "变动说明", "指标说明"]
    academic = book["表2 学术交流情况"]
    assert academic["A3"].value == federation.name and academic["E3"].value == 1
    assert academic["A4"].value == society_a.name and academic["E4"].value == 1
    assert academic["E4"].fill.fgColor.rgb.endswith("FFE699")  # from 0: flagged
    assert book["报表说明"]["A2"].value == "说明文字"
    flags = list(book["变动说明"].iter_rows(min_row=3, values_only=True))
    assert ("学会", "表2 学术交流情况", "举办学术会议（交流活动）次数", 0, 1, "上年为0") in [
        row[1:7] for row in flags
    ]


def test_the_leader_exports_the_return_and_a_lost_access_fails_the_job(
    viewer_client, federation, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # queued: the access changes before it runs
    response = viewer_client.post(_url("federation_xlsx", federation.pk, year=2023))
    job = Job.objects.get()
    assert job.params == {
        "export": "statistics-return", "federation": federation.pk, "year": 2023,
        "threshold": str(job.params["threshold"]),
    } and response.status_code == 302  # fmt: skip
    assert viewer_client.get(_url("federation_xlsx", federation.pk)).status_code == 405
    job.user.role_assignments.all().delete()
    job_execute(job.pk, export_work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "无权导出" in job.message
    assert job.user.notifications.get().title.endswith("未能完成")


def test_a_secretary_downloads_their_own_figures(secretary_a_client, society_a):
    seed_society(society_a)
    response = secretary_a_client.get(_url("society_xlsx", society_a.pk, year=2024))
    book = load_workbook(io.BytesIO(response.content))
    assert book["表5 经费收支情况"]["E3"].value == 551500.5


def test_the_federation_page_query_count_is_flat(
    admin_client, federation, django_assert_max_num_queries
):
    for _ in range(5):
        seed_society(make_society(federation=federation))
    with django_assert_max_num_queries(60):
        admin_client.get(_url("federation", federation.pk, year=2024))
