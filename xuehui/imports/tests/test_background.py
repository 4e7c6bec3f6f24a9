"""Large uploads are checked and imported by a task, with a progress page (W2: no request waits
on a long import); what the task found is shown from its report, personal numbers masked."""

import datetime as dt

import pytest
from django.urls import reverse

from xuehui.governance.models import Person, Position, Term
from xuehui.imports.models import PendingImport
from xuehui.jobs.choices import JobStatus
from xuehui.jobs.models import Job
from xuehui.tests.factories import make_id_number

from .files import client_tokens
from .test_views import ROSTER_HEADER, roster_post, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def everything_in_background(settings):
    settings.XUEHUI_IMPORT_INLINE_BYTES = 0


def roster_rows(count: int, *, bad_row: int | None = None) -> list[list]:
    rows = [["名册"], [*ROSTER_HEADER, "身份证号"]]
    for index in range(count):
        birth = "1965.13" if index == bad_row else "1965.03"
        number = make_id_number(dt.date(1965, 3, 1 + index % 28))
        rows.append([f"成员{index}", birth, "理事", "是", number])
    return rows


def test_a_large_roster_is_checked_by_a_task_and_previewed_from_its_report(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(30))
    (token,) = client_tokens(secretary_a_client)
    preview_url = reverse("imports:preview", args=[token])

    response = secretary_a_client.get(preview_url)  # in-process: the check is done at once
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.task == "xuehui.imports.tasks.import_check" and job.next_url == preview_url

    page = response.content.decode()
    assert "全部30行检查通过。确认后将：新增30人" in page
    assert "20行示例（有问题的行、有变化的行在前" in page
    assert reverse("imports:confirm", args=[token]) in page
    assert not Person.objects.exists() and not Term.objects.exists()  # a dry run
    assert job.result["sample"][0]["cells"][-1][0].count("*") >= 8  # ID numbers masked
    assert secretary_a_client.get(preview_url).status_code == 200
    assert Job.objects.count() == 1  # looking again reuses the finished check


def test_the_confirm_imports_in_a_task_and_the_result_page_says_what_was_written(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(25))
    (token,) = client_tokens(secretary_a_client)
    secretary_a_client.get(reverse("imports:preview", args=[token]))

    response = secretary_a_client.post(reverse("imports:confirm", args=[token]))
    write = Job.objects.get(task="xuehui.imports.tasks.import_write")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job_result", args=[write.pk])
    assert Position.objects.filter(term__society=society_a).count() == 25
    assert not PendingImport.objects.exists() and stored_files(media_in_tmp) == []

    page = secretary_a_client.get(response["Location"]).content.decode()
    assert "导入完成" in page and "全部25行已写入：新增25人" in page


def test_a_large_file_with_errors_offers_no_confirm_and_writes_nothing(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(30, bad_row=7))
    (token,) = client_tokens(secretary_a_client)
    preview_url = reverse("imports:preview", args=[token])
    secretary_a_client.get(preview_url)
    page = secretary_a_client.get(preview_url).content.decode()
    assert "发现1处问题" in page and "第10行" in page
    assert reverse("imports:confirm", args=[token]) not in page
    assert not Person.objects.exists()


def test_a_job_is_its_owners_alone(
    secretary_a_client, secretary_b_client, admin_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(3))
    (token,) = client_tokens(secretary_a_client)
    secretary_a_client.get(reverse("imports:preview", args=[token]))
    job = Job.objects.get()
    for client in (secretary_b_client, admin_client):
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("imports:job_result", args=[job.pk])).status_code == 404
    assert secretary_a_client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_the_progress_fragment_sends_htmx_on_when_the_job_has_succeeded(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(3))
    (token,) = client_tokens(secretary_a_client)
    secretary_a_client.get(reverse("imports:preview", args=[token]))
    job = Job.objects.get()
    response = secretary_a_client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == job.next_url == reverse("imports:preview", args=[token])

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=500, total=2000, stage="逐行检查"
    )
    fragment = secretary_a_client.get(
        reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "逐行检查（500/2000）" in fragment and "25%" in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_a_spreadsheet_the_task_cannot_read_is_reported_and_the_upload_page_says_why(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, roster_rows(3))
    pending = PendingImport.objects.get()
    pending.key and media_in_tmp.joinpath(pending.key).write_bytes(b"PK\x03\x04 not a workbook")
    response = secretary_a_client.get(reverse("imports:preview", args=[pending.token]), follow=True)
    assert Job.objects.get().status == JobStatus.FAILED
    assert response.redirect_chain[-1][0] == reverse(
        "governance:roster_import", args=[society_a.pk]
    )
    assert "文件" in Job.objects.get().message
    assert Job.objects.get().message in response.content.decode()


def test_a_secretary_who_lost_the_society_between_check_and_confirm_writes_nothing(
    secretary_a, secretary_a_client, society_a, media_in_tmp
):
    from xuehui.imports.background import write_work
    from xuehui.jobs.services import job_execute

    roster_post(secretary_a_client, society_a, roster_rows(3))
    pending = PendingImport.objects.get()
    job = Job.objects.create(
        task="xuehui.imports.tasks.import_write", user=secretary_a, params={"pending": pending.pk}
    )
    secretary_a.role_assignments.all().delete()
    job_execute(job.pk, write_work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "您已无权进行此项导入"
    assert not Person.objects.exists()


def test_a_write_retried_after_its_worker_died_takes_its_claim_back_and_imports_once(
    secretary_a, secretary_a_client, society_a, media_in_tmp
):
    from xuehui.imports.background import write_work
    from xuehui.imports.choices import ClaimStatus
    from xuehui.imports.models import ImportClaim
    from xuehui.jobs.services import job_execute

    roster_post(secretary_a_client, society_a, roster_rows(4))
    pending = PendingImport.objects.get()
    # The first attempt claimed the upload, and its worker was killed: the transaction that
    # wrote rows is gone, the claim (committed on its own) and the running job are left.
    ImportClaim.objects.create(
        token=pending.token, fingerprint="f" * 64, kind=pending.kind, filename="x", user=secretary_a
    )
    job = Job.objects.create(
        task="xuehui.imports.tasks.import_write",
        user=secretary_a,
        params={"pending": pending.pk},
        status=JobStatus.RUNNING,
        attempts=1,
    )
    job_execute(job.pk, write_work)  # the broker delivers it again
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert Position.objects.filter(term__society=society_a).count() == 4
    assert list(ImportClaim.objects.values_list("status", flat=True)) == [ClaimStatus.DONE]
    job_execute(job.pk, write_work)  # and once more: nothing repeats
    assert Position.objects.filter(term__society=society_a).count() == 4
