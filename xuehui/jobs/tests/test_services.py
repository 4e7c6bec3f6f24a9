"""Jobs: started on a worker after commit (in-process without a broker), run once, and a
failure leaves nothing written and a message the user can act on."""

from unittest import mock

import pytest
from celery import shared_task
from django.db import connection, transaction

from xuehui.jobs.choices import JobStatus
from xuehui.jobs.models import Job
from xuehui.jobs.services import JobFailed, Progress, job_execute, job_start
from xuehui.notifications.models import Notification
from xuehui.societies.models import Society

pytestmark = pytest.mark.django_db

RUNS: list[int] = []


def _work(job, progress):
    RUNS.append(job.pk)
    progress(0, 10, stage="开始")
    progress(10)
    return {"rows": 10}


@shared_task(name="xuehui.jobs.tests.count_rows")
def count_rows(job_pk):
    job_execute(job_pk, _work)


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()


def test_without_a_broker_the_job_runs_at_once_in_process(secretary_a):
    job = job_start(task=count_rows, user=secretary_a, title="数行", next_url="/x/")
    assert job.status == JobStatus.SUCCEEDED and job.result == {"rows": 10}
    assert job.percent == 100 and job.attempts == 1 and job.stage == "开始"
    assert [job.pk] == RUNS
    assert not Notification.objects.exists()  # the user is still on the page


def test_with_a_broker_the_job_is_queued_once_the_transaction_commits(
    settings, secretary_a, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(count_rows, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = job_start(task=count_rows, user=secretary_a, title="数行")
        assert job.status == JobStatus.QUEUED and not delay.called
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(job.pk)


def test_a_job_run_twice_does_its_work_once_and_notifies_its_user(settings, secretary_a):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    job = Job.objects.create(task=count_rows.name, user=secretary_a, title="数行", next_url="/r/")
    job_execute(job.pk, _work)
    job_execute(job.pk, _work)  # the broker delivered it again
    assert [job.pk] == RUNS
    (notification,) = Notification.objects.filter(user=secretary_a)
    assert notification.title == "数行：已完成" and notification.url == "/r/"


def test_a_failure_rolls_back_what_the_work_wrote_and_says_so(secretary_a, federation):
    def work(job, progress):
        with transaction.atomic():
            Society.objects.create(name="半途学会", federation=federation)
            raise RuntimeError("worker bug")

    job = Job.objects.create(task="t", user=secretary_a, title="导入")
    job_execute(job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert f"任务编号{job.pk}" in job.message and "数据未作任何改动" in job.message
    assert not Society.objects.filter(name="半途学会").exists()


def test_a_refusal_is_shown_as_written(secretary_a):
    def work(job, progress):
        raise JobFailed("上传的文件已失效，请重新上传")

    job = Job.objects.create(task="t", user=secretary_a, title="导入")
    job_execute(job.pk, work)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "上传的文件已失效，请重新上传")
    assert job.finished and job.percent == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a connection of its own: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_live_progress_is_seen_before_the_work_commits(secretary_a):
    job = Job.objects.create(task="x", user=secretary_a, title="长任务")
    with transaction.atomic(), Progress(job).live() as live:
        live(5, 10, stage="写入")
        assert Job.objects.filter(pk=job.pk).values_list("done", "total", "stage").get() == (
            5,
            10,
            "写入",
        )  # read committed: this transaction sees what the other connection committed
        transaction.set_rollback(True)
    job.refresh_from_db()
    assert (job.done, job.stage) == (5, "写入")  # not undone with the work


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite: one writer at a time")
def test_live_progress_on_sqlite_keeps_the_numbers_on_the_job_only(secretary_a):
    job = Job.objects.create(task="x", user=secretary_a, title="长任务")
    with Progress(job).live() as live:
        live(5, 10, stage="写入")
    assert (job.done, job.total, job.stage) == (5, 10, "写入")
    assert Job.objects.values_list("done", "stage").get() == (0, "")
