"""A campaign export too large to build while the user waits (ux item 7): a job builds it, the
job's page leads to the download, only its owner downloads it, the clean-up removes it."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from xuehui.campaigns.tests.factories import launch, load_version
from xuehui.jobs.exports import export_work, exports_cleanup
from xuehui.jobs.models import Job
from xuehui.jobs.services import job_execute


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(federation, society_a, admin_user):
    return launch(federation, [society_a], versions=[load_version()], actor=admin_user)


def test_a_small_export_is_sent_at_once(admin_client, campaign, settings):
    settings.XUEHUI_EXPORT_INLINE_ROWS = 10_000
    response = admin_client.get(reverse("campaigns:export", args=[campaign.pk]))
    assert response.status_code == 200 and not Job.objects.exists()


def test_a_large_export_is_built_by_a_job_and_downloaded_by_its_owner(
    admin_client, secretary_a_client, campaign, settings
):
    settings.XUEHUI_EXPORT_INLINE_ROWS = 0  # every export counts as large
    response = admin_client.get(reverse("campaigns:export", args=[campaign.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    page = admin_client.get(response["Location"]).content.decode()
    download = reverse("jobs:download", args=[job.pk])
    assert "已完成" in page and download in page
    file = admin_client.get(download)
    assert file.status_code == 200 and ".xlsx" in file["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(file.content))
    assert book.sheetnames[0] == "各学会汇总"
    assert secretary_a_client.get(download).status_code == 404  # not theirs

    exports_cleanup(before=timezone.now() + dt.timedelta(minutes=1))
    gone = admin_client.get(download)
    assert gone.status_code == 404 and "已过期" in gone.content.decode()


def test_a_user_who_lost_access_gets_a_message_not_the_file(
    admin_client, admin_user, campaign, settings
):
    settings.XUEHUI_EXPORT_INLINE_ROWS = 0
    settings.CELERY_TASK_ALWAYS_EAGER = False  # queued (never sent in a test's transaction)
    admin_client.get(reverse("campaigns:export", args=[campaign.pk]))
    job = Job.objects.get()
    admin_user.role_assignments.all().delete()  # the access changes before a worker runs it
    job_execute(job.pk, export_work)
    job.refresh_from_db()
    assert job.status == "failed" and "无权导出" in job.message
