"""Start long work as a task and keep its Job row current: progress while it runs, the result
or a Chinese message when it ends.

A task body is `job_execute(job_pk, work)`: `work(job, progress)` returns the result (a
JSON-able dict) or raises JobFailed with the message the user reads. Running a finished job
again does nothing, so a task delivered twice (a worker killed after the work committed) does
not repeat it; work that writes does so in one transaction, so a worker killed mid-task leaves
nothing half-written and the redelivered task starts over.

A worker process killed alone is replaced and its task delivered again at once
(reject_on_worker_lost). A whole worker killed (the machine lost, SIGKILL to every process)
leaves its task unacknowledged in Redis until the broker's visibility timeout, an hour: while a
job runs on a worker, a thread beats on its row (`heartbeat_at`), and `job_requeue_stalled`,
scheduled every few minutes, hands a running job whose beat stopped to a worker again. The
first delivery to start a job claims it (`delivery`), so the old message, restored by the
broker later, finds the job taken and does nothing.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from celery import current_app, current_task
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import NO_RESULTS
from django.urls import reverse
from django.utils import timezone

from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send

from .choices import FINISHED, JobStatus
from .models import HEARTBEAT_SECONDS, Job

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "处理时出现意外错误，数据未作任何改动。请稍后重试；若仍失败，请将任务编号{pk}告知管理员"
)
# A task whose worker process died is delivered again (acks_late, reject_on_worker_lost). One
# that kills every worker it reaches (a file past the worker's memory cap, config/memory.py,
# in native code that aborts) would be delivered for ever: after this many starts it fails.
MAX_ATTEMPTS = 3
WORKER_LOST = (
    "任务已开始执行{n}次，每次处理它的后台进程都意外退出（可能是文件过大，超出了服务器设定的"
    "内存上限），已停止重试，数据未作任何改动。请把文件拆分成几个较小的文件后重新上传；"
    "若仍失败，请将任务编号{pk}告知管理员"
)


# A running job untouched for this long has lost its worker (it beats every
# HEARTBEAT_SECONDS; a beat in a long SQLite write may wait its turn: 20 s).
STALLED_AFTER = dt.timedelta(minutes=5)


class JobFailed(Exception):
    """The work cannot be done; the message is shown to the user as it is."""


class Progress:
    """Report how far the work has come; writes to the database at most every half second."""

    interval = 0.5

    def __init__(self, job: Job, *, through: BaseDatabaseWrapper | None = None):
        self.job = job
        self._last = 0.0
        self._through = through  # a connection of its own (see `live`)

    def __call__(self, done: int, total: int | None = None, *, stage: str | None = None) -> None:
        now = time.monotonic()
        if stage is None and now - self._last < self.interval:
            return
        self._last = now
        fields: dict = {"done": done}
        if total is not None:
            fields["total"] = total
        if stage is not None:
            fields["stage"] = stage
        self._write(fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def _write(self, fields: dict) -> None:
        if self._through is None:
            Job.objects.filter(pk=self.job.pk).update(**fields)
        else:
            _update_through(self._through, self.job.pk, fields)

    @contextmanager
    def live(self) -> Iterator["Progress"]:
        """A Progress for work done in one long transaction (a campaign's launch): on
        PostgreSQL it writes through a connection of its own, committed at once, so the job's
        page follows the work before it commits, and it may be called while the work's own
        connection is busy (in a COPY). On SQLite, which has one writer at a time, the numbers
        stay on the job in memory and the page sees the end."""
        if connection.vendor != "postgresql":
            yield _InMemory(self.job)
            return
        through = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            yield Progress(self.job, through=through)
        finally:
            through.close()


def _update_through(through: BaseDatabaseWrapper, job_pk: int, fields: dict) -> None:
    """The job's row updated through a connection other than the default one (autocommitted:
    seen at once by the job's page and by the sweep of stalled jobs)."""
    query = UpdateQuery(Job)
    query.add_q(Q(pk=job_pk))
    query.add_update_values(fields)
    query.get_compiler(connection=through).execute_sql(NO_RESULTS)


class _InMemory(Progress):
    def _write(self, fields: dict) -> None:
        pass


def job_start(
    *,
    task,
    user,
    title: str,
    params: dict | None = None,
    next_url: str | Callable[[Job], str] = "",
) -> Job:
    """Record the job and hand it to a worker once the record is committed (at once, in
    this process, when no broker is configured). `next_url` is where the user goes when it
    has succeeded: a URL, or a function of the job (for a page named by the job's number)."""
    job = Job.objects.create(task=task.name, user=user, title=title[:200], params=params or {})
    job.next_url = next_url(job) if callable(next_url) else next_url
    Job.objects.filter(pk=job.pk).update(next_url=job.next_url)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply(args=[job.pk])
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: task.delay(job.pk))
    return job


def job_execute(job_pk: int, work: Callable[[Job, Progress], dict]) -> None:
    """Run `work` for the job unless it has already finished (or another delivery of it has
    started it), and record how it ended."""
    job = Job.objects.filter(pk=job_pk).select_related("user").first()
    if job is None or job.status in FINISHED:
        return
    if _attempts_spent(job):
        return
    delivery, now = _delivery_id(), timezone.now()
    claim = Job.objects.filter(pk=job.pk).exclude(status__in=FINISHED)
    if delivery:  # the same delivery again (its worker process died) may start it over
        claim = claim.filter(Q(delivery="") | Q(delivery=delivery))
    started = claim.update(
        status=JobStatus.RUNNING,
        started_at=now,
        # in-process the job ends with its request: no heartbeat, nothing to sweep or warn of
        heartbeat_at=None if settings.CELERY_TASK_ALWAYS_EAGER else now,
        attempts=F("attempts") + 1,
        delivery=delivery or F("delivery"),
    )
    if not started:
        logger.info("job %s (%s): delivery %s finds it taken", job.pk, job.task, delivery)
        return
    job.status = JobStatus.RUNNING
    job.attempts += 1  # above 1: a worker died in an earlier attempt (its transaction undone)
    try:
        with _heartbeat(job.pk):
            result = work(job, Progress(job))
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, message=str(failure))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.task)
        _finish(job, JobStatus.FAILED, message=UNEXPECTED.format(pk=job.pk))
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result or {})


def _delivery_id() -> str:
    """The id of the broker's message running this task ('' outside a task)."""
    request = getattr(current_task, "request", None)
    return str(getattr(request, "id", None) or "")


@contextmanager
def _heartbeat(job_pk: int) -> Iterator[None]:
    """On a worker, a thread touches the job's row every HEARTBEAT_SECONDS while the work
    runs, through a connection of its own (the work's transaction hides its own writes until
    it commits). In-process (no broker) the job ends with the request: nothing to watch."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        through = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    _update_through(through, job_pk, {"heartbeat_at": timezone.now()})
                except DatabaseError:  # the next beat tries again
                    logger.warning("job %s: heartbeat not written", job_pk, exc_info=True)
        finally:
            through.close()

    thread = threading.Thread(target=beat, name=f"job-{job_pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_requeue_stalled() -> int:
    """Hand every running job whose worker stopped beating (STALLED_AFTER) to a worker again;
    returns how many. A job that has already used its attempts fails with WORKER_LOST. The
    job goes back to the queue unclaimed: the new message claims it when it starts."""
    before = timezone.now() - STALLED_AFTER
    stalled = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, started_at__lt=before)
    )
    handed = 0
    for job in stalled.select_related("user"):
        if _attempts_spent(job):
            continue
        if job.task not in current_app.tasks:  # a release removed it since
            logger.error("job %s (%s): its worker stopped; no such task now", job.pk, job.task)
            _finish(job, JobStatus.FAILED, message=UNEXPECTED.format(pk=job.pk))
            continue
        back = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, delivery=job.delivery)
        if not back.update(status=JobStatus.QUEUED, delivery="", heartbeat_at=None):
            continue  # it ended, or another sweep took it, meanwhile
        logger.warning("job %s (%s): its worker stopped; queued again", job.pk, job.task)
        transaction.on_commit(partial(current_app.tasks[job.task].delay, job.pk))
        handed += 1
    return handed


def _attempts_spent(job: Job) -> bool:
    """A job whose workers died MAX_ATTEMPTS times is not run again: it fails with WORKER_LOST
    (True), whether a delivery or the sweep finds it."""
    if job.attempts < MAX_ATTEMPTS:
        return False
    logger.error("job %s (%s): its worker died %s times", job.pk, job.task, job.attempts)
    _finish(job, JobStatus.FAILED, message=WORKER_LOST.format(n=job.attempts, pk=job.pk))
    return True


def _finish(job: Job, status: str, *, message: str = "", result: dict | None = None) -> None:
    fields = {"status": status, "message": message, "finished_at": timezone.now()}
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # in-process the user is still on the page
        _notify(job)


def _notify(job: Job) -> None:
    ended = "已完成" if job.status == JobStatus.SUCCEEDED else "未能完成"
    notification_send(
        user=job.user,
        kind=NotificationKind.SYSTEM,
        title=f"{job.title}：{ended}",
        body=job.message,
        url=job.next_url
        if job.status == JobStatus.SUCCEEDED and job.next_url
        else reverse("jobs:detail", args=[job.pk]),
        dedupe_key=f"job-{job.pk}",
        email=False,
    )
