import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.files.models import StoredFile
from xuehui.jobs.exports import export_start, export_work
from xuehui.jobs.models import Job
from xuehui.jobs.services import job_execute
from xuehui.reports import exports, services
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport, ReportSetting
from xuehui.tests.factories import make_society, make_user

from .factories import YEAR, cover_upload, seed_society

D = dt.date


def url(name, society, year=YEAR, *rest):
    return reverse(f"reports:{name}", args=[society.pk, year, *rest])


@pytest.fixture
def seeded(society_a):
    seed_society(society_a)
    return society_a


def test_the_secretary_writes_uploads_and_submits_from_the_page(seeded, secretary_a_client):
    page = secretary_a_client.get(url("report", seeded))
    html = page.content.decode()
    assert page.status_code == 200 and "一、基本信息" in html and "2 条记录" in html
    assert html.count('name="form_token"') == 3  # the narrative, the cover, the submission
    secretary_a_client.post(
        url("edit", seeded),
        {"work_summary": "全年工作", "governance_note": "常务理事会少开一次：换届筹备"},
    )
    response = secretary_a_client.post(url("cover_add", seeded), {"file": cover_upload()})
    assert response.status_code == 302
    secretary_a_client.post(url("submit", seeded))
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.cover.original_name == "封面.pdf"
    html = secretary_a_client.get(url("report", seeded)).content.decode()
    assert "已报送待审" in html and "科协初审" not in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("封面.pdf", b"just some text pretending", "无法识别"),
        ("封面.exe", b"MZ\x90\x00binary", ""),
        ("封面.docx", b"PK\x03\x04not really", ""),
    ],
)
def test_a_bad_cover_is_refused_in_chinese_and_nothing_is_kept(
    seeded, secretary_a_client, name, content, message
):
    response = secretary_a_client.post(
        url("cover_add", seeded), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "签章封面" in text and (message in text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("签章封面", ""))
    assert not StoredFile.objects.exists()
    assert AnnualReport.objects.filter(cover__isnull=False).count() == 0


def test_another_societys_secretary_gets_404(seeded, secretary_b_client):
    for name in ("report", "edit", "submit"):
        method = secretary_b_client.get if name == "report" else secretary_b_client.post
        assert method(url(name, seeded)).status_code == 404
    assert secretary_b_client.get(url("document", seeded, YEAR, "docx")).status_code == 404
    assert secretary_b_client.get(reverse("reports:society", args=[seeded.pk])).status_code == 404


def test_the_federation_returns_and_accepts_from_the_page(seeded, admin_client):
    services.report_save(
        society=seeded, year=YEAR, actor=SYSTEM, work_summary="x", governance_note="原因"
    )
    services.report_cover_attach(society=seeded, year=YEAR, upload=cover_upload(), actor=SYSTEM)
    services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 3, 1))
    assert "科协初审" in admin_client.get(url("report", seeded)).content.decode()
    admin_client.post(url("return", seeded), {"reason": "请补充财务说明", "working_days": 5})
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.RETURNED and report.correction_due_on
    services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 3, 2))
    admin_client.post(url("accept", seeded))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.frozen_figures
    html = admin_client.get(url("report", seeded)).content.decode()
    assert "数据已锁定" in html and "请补充财务说明" in html


def test_accepting_a_report_never_filed_is_refused_with_a_message(seeded, admin_client):
    response = admin_client.post(url("accept", seeded), follow=True)
    assert "尚未填报" in response.content.decode()


def test_the_documents_are_word_and_pdf(seeded, secretary_a_client):
    docx = secretary_a_client.get(url("document", seeded, YEAR, "docx"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    pdf = secretary_a_client.get(url("document", seeded, YEAR, "pdf"))
    assert pdf.content[:5] == b"%PDF-"
    assert secretary_a_client.get(url("document", seeded, YEAR, "odt")).status_code == 404


def test_the_federations_list_costs_the_same_for_3_or_30_societies(admin_client, federation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("reports:list"), {"year": YEAR}).status_code == 200
            assert admin_client.get(reverse("reports:late"), {"year": YEAR}).status_code == 200
        return len(captured)

    queries()  # the first page of a sign-in writes its session; the pages measured do not
    for _ in range(3):
        society = make_society(federation=federation)
        AnnualReport.objects.create(society=society, year=YEAR)
    small = queries()
    for _ in range(27):
        society = make_society(federation=federation)
        AnnualReport.objects.create(society=society, year=YEAR)
    assert queries() == small


def test_the_list_shows_statuses_and_the_late_list_the_missing(federation, admin_client, society_a):
    late = admin_client.get(reverse("reports:late"), {"year": 2020}).content.decode()
    assert "逾期未报送（1）" in late and society_a.name in late
    page = admin_client.get(reverse("reports:list"), {"year": 2020, "status": ""})
    assert society_a.name in page.content.decode() and "未填报 1" in page.content.decode()


def test_an_expert_sees_no_reports(expert_client, society_a):
    assert expert_client.get(reverse("reports:list")).status_code == 403
    assert expert_client.get(url("report", society_a)).status_code == 404


def test_the_society_tab_lists_its_years(seeded, secretary_a_client):
    html = secretary_a_client.get(reverse("reports:society", args=[seeded.pk])).content.decode()
    assert f"{YEAR}年度" in html


def test_the_administrator_sets_the_deadline(federation, admin_client, secretary_a_client):
    page = reverse("reports:setting_edit", args=[federation.pk])
    assert admin_client.get(page).status_code == 200
    data = {"due_month": 4, "due_day": 30, "council_meetings": 1,
            "standing_council_meetings": 2, "correction_days": 10}  # fmt: skip
    assert admin_client.post(page, data).status_code == 302
    assert ReportSetting.objects.get(federation=federation).due_for(YEAR) == D(2026, 4, 30)
    assert secretary_a_client.get(page).status_code == 404


def test_the_command_prints_the_figures_and_writes_documents(seeded, capsys, tmp_path):
    call_command("annual_report", society=seeded.uscc, year=YEAR, format="json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["figures"]["activities.total"] == 4
    assert payload["status_label"] == "未填报"
    target = tmp_path / "年报.docx"
    call_command("annual_report", society=seeded.uscc, year=YEAR, format="docx", output=str(target))
    assert target.read_bytes()[:2] == b"PK"
    json_file = tmp_path / "年报.json"
    call_command("annual_report", society=seeded.name, year=YEAR, output=str(json_file))
    assert json.loads(json_file.read_text(encoding="utf-8"))["year"] == YEAR
    exports = AuditEntry.objects.filter(action="export", society=seeded).order_by("pk")
    assert [(e.detail["format"], e.detail["path"]) for e in exports] == [
        ("json", ""),
        ("docx", str(target)),
        ("json", str(json_file)),
    ]


def test_the_dashboard_loads_the_late_and_missing_counts(
    admin_client, secretary_a_client, society_a
):
    from django.utils import timezone

    from xuehui.reports.selectors import current_report_year

    home = admin_client.get(reverse("dashboard:home")).content.decode()
    assert reverse("reports:outstanding") in home
    cards = admin_client.get(reverse("reports:outstanding"))
    counts = cards.context["counts"]
    assert counts.year == current_report_year(timezone.localdate())
    assert "年报逾期未报送" in cards.content.decode()
    assert secretary_a_client.get(reverse("reports:outstanding")).content == b""


def test_the_secretary_is_reminded_of_last_years_report_until_it_is_submitted(seeded, secretary_a):
    from xuehui.todos.registry import todos_for

    def mine(day):
        return [t for t in todos_for(secretary_a, day) if t.key.startswith("annual-report:")]

    (todo,) = mine(D(2026, 3, 1))
    assert todo.due == D(2026, 5, 31) and "尚未报送" in todo.detail
    services.report_save(
        society=seeded, year=YEAR, actor=SYSTEM, work_summary="x", governance_note="y"
    )
    services.report_cover_attach(society=seeded, year=YEAR, upload=cover_upload(), actor=SYSTEM)
    report = services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 3, 1))
    assert mine(D(2026, 3, 2)) == []
    services.report_return(
        report=report, reason="补充", working_days=2, actor=SYSTEM, on=D(2026, 3, 2)
    )
    (todo,) = mine(D(2026, 3, 3))
    assert todo.due == D(2026, 3, 4) and "退回" in todo.detail


def test_refusals_come_back_as_messages(seeded, secretary_a_client, admin_client):
    response = secretary_a_client.post(url("submit", seeded), follow=True)
    assert "请先填写年报" in response.content.decode()
    response = admin_client.post(
        url("return", seeded), {"reason": "", "working_days": 3}, follow=True
    )
    assert "尚未填报" in response.content.decode()
    services.report_save(
        society=seeded, year=YEAR, actor=SYSTEM, work_summary="x", governance_note="y"
    )
    services.report_cover_attach(society=seeded, year=YEAR, upload=cover_upload(), actor=SYSTEM)
    services.report_submit(society=seeded, year=YEAR, actor=SYSTEM, on=D(2026, 3, 1))
    response = admin_client.post(
        url("return", seeded), {"reason": "", "working_days": 3}, follow=True
    )
    assert "退回理由" in response.content.decode()
    response = secretary_a_client.post(url("edit", seeded), {"work_summary": "改"}, follow=True)
    assert "不能修改" in response.content.decode()


def test_a_bad_year_is_404_on_a_report_and_ignored_on_the_list(seeded, admin_client):
    assert admin_client.get(url("report", seeded, 1999)).status_code == 404
    assert admin_client.get(reverse("reports:list"), {"year": "abc"}).status_code == 200
    assert admin_client.get(reverse("reports:list"), {"year": "1800"}).status_code == 200


def test_a_federation_below_starts_from_the_setting_it_inherits(federation, admin_client):
    from xuehui.tests.factories import make_federation

    ReportSetting.objects.create(federation=federation, due_month=3, due_day=15)
    child = make_federation(parent=federation)
    page = admin_client.get(reverse("reports:setting_edit", args=[child.pk]))
    assert page.context["form"].initial["due_day"] == 15
    assert str(ReportSetting.objects.get()) == f"{federation} 年报设置"


def test_a_deadline_of_29_february_falls_on_the_28th_in_other_years(federation):
    setting = ReportSetting(federation=federation, due_month=2, due_day=29)
    assert setting.due_for(2023) == D(2024, 2, 29) and setting.due_for(2024) == D(2025, 2, 28)


def test_the_command_refuses_a_bad_year_and_an_unwritable_file(seeded, tmp_path):
    with pytest.raises(SystemExit):
        call_command("annual_report", society=seeded.uscc, year=1800)
    with pytest.raises(SystemExit):
        target = tmp_path / "no-such-folder" / "x.docx"
        call_command(
            "annual_report", society=seeded.uscc, year=YEAR, format="docx", output=str(target)
        )


def _accepted(society):
    seed_society(society)
    services.report_save(
        society=society, year=YEAR, actor=SYSTEM, work_summary="全年工作", governance_note="原因"
    )
    services.report_cover_attach(society=society, year=YEAR, upload=cover_upload(), actor=SYSTEM)
    report = services.report_submit(society=society, year=YEAR, actor=SYSTEM, on=D(2026, 3, 1))
    return services.report_accept(report=report, actor=SYSTEM, on=D(2026, 3, 2))


def test_the_administrator_exports_the_accepted_reports_as_a_zip_by_a_job(
    federation, society_a, society_b, admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _accepted(society_a)
    services.report_save(society=society_b, year=YEAR, actor=SYSTEM, work_summary="草稿")
    page = admin_client.get(reverse("reports:list") + f"?year={YEAR}").content.decode()
    export = reverse("reports:federation_export", args=[federation.pk])
    assert export in page
    response = admin_client.post(export, {"year": YEAR, "fmt": "docx"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded" and (job.done, job.total) == (1, 1)
    download = admin_client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.namelist() == [f"{society_a.name}{YEAR}年度工作报告.docx"]  # not the draft
        assert archive.read(archive.namelist()[0])[:2] == b"PK"
    response = admin_client.post(export, {"year": YEAR, "fmt": "odt"}, follow=True)
    assert "请选择导出为 Word 或 PDF" in response.content.decode()


def test_the_bulk_export_is_for_administrators_and_checked_again_when_it_runs(
    federation, society_a, admin_client, admin_user, secretary_a_client, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    export = reverse("reports:federation_export", args=[federation.pk])
    assert secretary_a_client.post(export, {"year": YEAR, "fmt": "pdf"}).status_code == 404
    client.force_login(make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    assert client.post(export, {"year": YEAR, "fmt": "pdf"}).status_code == 403
    admin_client.post(export, {"year": YEAR, "fmt": "pdf"})  # nothing accepted yet
    assert f"没有{YEAR}年度已通过的学会年报" in Job.objects.get().message
    _accepted(society_a)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # queued: the access changes before it runs
    admin_client.post(export, {"year": YEAR, "fmt": "pdf"})
    job = Job.objects.latest("pk")
    admin_user.role_assignments.all().delete()
    job_execute(job.pk, export_work)
    job.refresh_from_db()
    assert job.status == "failed" and "无权导出" in job.message


def test_two_societies_of_one_name_get_two_files(
    federation, society_a, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    twin = make_society(federation=federation, name=society_a.name)
    _accepted(society_a), _accepted(twin)
    job = export_start(
        user=admin_user, name=exports.BUNDLE, title="导出",
        params={"federation": federation.pk, "year": YEAR, "fmt": "docx"},
    )  # fmt: skip
    with default_storage.open(job.result["path"]) as stored, zipfile.ZipFile(stored) as archive:
        names = sorted(archive.namelist())
    document = f"{society_a.name}{YEAR}年度工作报告.docx"
    assert names == sorted([document, f"{twin.uscc}_{document}"])
