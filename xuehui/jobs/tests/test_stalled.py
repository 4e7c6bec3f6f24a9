"""A job whose whole worker was lost: its heartbeat stops, a sweep hands it to a worker again,
the new delivery claims it, and the broker's old message, restored later, does nothing."""

import datetime as dt
import threading
import time
from unittest import mock

import pytest
from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from xuehui.jobs import services
from xuehui.jobs.choices import JobStatus
from xuehui.jobs.models import Job
from xuehui.jobs.services import MAX_ATTEMPTS, STALLED_AFTER, job_execute, job_requeue_stalled

RUNS: list[int] = []


def _work(job, progress):
    RUNS.append(job.pk)
    return {"rows": 1}


@shared_task(name="xuehui.jobs.tests.stalled_rows")
def stalled_rows(job_pk):
    job_execute(job_pk, _work)


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()


def _running(user, *, beat_ago: dt.timedelta | None, delivery="first", attempts=1) -> Job:
    now = timezone.now()
    return Job.objects.create(
        task=stalled_rows.name,
        user=user,
        title="导入",
        status=JobStatus.RUNNING,
        delivery=delivery,
        attempts=attempts,
        started_at=now - dt.timedelta(hours=1),
        heartbeat_at=None if beat_ago is None else now - beat_ago,
    )


def _deliver(job: Job, delivery: str) -> None:
    """The broker hands the job's task to a worker under `delivery`."""
    with mock.patch.object(services, "_delivery_id", return_value=delivery):
        job_execute(job.pk, _work)


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_is_queued_again_and_runs_once(
    settings, secretary_a, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    job = _running(secretary_a, beat_ago=STALLED_AFTER + dt.timedelta(seconds=5))
    with mock.patch.object(stalled_rows, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            assert job_requeue_stalled() == 1
        assert job_requeue_stalled() == 0  # queued now: not handed on twice
    delay.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.delivery == "" and job.heartbeat_at is None

    _deliver(job, "second")  # the new message claims it
    _deliver(job, "first")  # the broker restores the lost worker's message an hour later
    job.refresh_from_db()
    assert [job.pk] == RUNS
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.delivery == "second"


@pytest.mark.django_db
def test_the_same_delivery_again_starts_the_job_over_and_another_finds_it_taken(secretary_a):
    job = _running(secretary_a, beat_ago=dt.timedelta(seconds=10), delivery="first")
    _deliver(job, "other")  # restored while the first delivery still runs: left alone
    job.refresh_from_db()
    assert RUNS == [] and job.status == JobStatus.RUNNING and job.attempts == 1
    _deliver(job, "first")  # its worker process died; the pool delivered it again
    job.refresh_from_db()
    assert [job.pk] == RUNS and job.status == JobStatus.SUCCEEDED and job.attempts == 2


@pytest.mark.django_db
def test_a_job_still_beating_or_ended_is_left_alone(secretary_a):
    beating = _running(secretary_a, beat_ago=STALLED_AFTER - dt.timedelta(seconds=30))
    ended = _running(secretary_a, beat_ago=dt.timedelta(hours=2))
    Job.objects.filter(pk=ended.pk).update(status=JobStatus.SUCCEEDED)
    assert job_requeue_stalled() == 0
    beating.refresh_from_db()
    assert beating.status == JobStatus.RUNNING and beating.delivery == "first"


@pytest.mark.django_db
def test_a_stalled_job_that_has_used_its_attempts_fails_with_a_message(settings, secretary_a):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    job = _running(secretary_a, beat_ago=dt.timedelta(hours=1), attempts=MAX_ATTEMPTS)
    unknown = _running(secretary_a, beat_ago=dt.timedelta(hours=1))
    Job.objects.filter(pk=unknown.pk).update(task="xuehui.removed_task")
    with mock.patch.object(stalled_rows, "delay") as delay:
        assert job_requeue_stalled() == 0
    assert not delay.called
    job.refresh_from_db(), unknown.refresh_from_db()
    assert job.status == JobStatus.FAILED and "已停止重试" in job.message
    assert unknown.status == JobStatus.FAILED and f"任务编号{unknown.pk}" in unknown.message


@pytest.mark.django_db
def test_the_job_page_says_when_its_worker_has_gone_quiet(client, secretary_a):
    client.force_login(secretary_a)
    job = _running(secretary_a, beat_ago=dt.timedelta(minutes=3))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "可能已中断" in page and "自动重新执行" in page
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "可能已中断" not in page


@pytest.mark.django_db(transaction=True)
def test_on_a_worker_the_row_is_touched_while_the_work_runs(settings, secretary_a, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.05)
    job = Job.objects.create(task=stalled_rows.name, user=secretary_a, title="导入")
    beats: list = []
    threads: list[str] = []

    def slow(job, progress):
        threads.extend(t.name for t in threading.enumerate())
        started = Job.objects.get(pk=job.pk).heartbeat_at
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = Job.objects.get(pk=job.pk).heartbeat_at
            if now != started:
                beats.append(now)
                break
        return {}

    job_execute(job.pk, slow)
    assert f"job-{job.pk}-heartbeat" in threads
    assert beats, "the heartbeat did not reach the row"
    assert f"job-{job.pk}-heartbeat" not in [t.name for t in threading.enumerate()]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_the_schedule_sweeps_for_stalled_jobs(settings):
    from xuehui.jobs.tasks import requeue_stalled

    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stalled-jobs"]
    assert entry["task"] == requeue_stalled.name
    assert entry["schedule"] < STALLED_AFTER.total_seconds()


@pytest.mark.django_db
def test_in_process_a_job_has_no_heartbeat_and_is_never_silent(secretary_a):
    job = Job.objects.create(task=stalled_rows.name, user=secretary_a, title="导入")
    seen: list = []

    def slow(job, progress):
        Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
        seen.append(Job.objects.get(pk=job.pk))
        return {}

    job_execute(job.pk, slow)  # no broker: the work runs in the request
    (running,) = seen
    assert running.status == JobStatus.RUNNING and running.heartbeat_at is None
    assert not running.silent
