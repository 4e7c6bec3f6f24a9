"""Exports too large to build while the user waits: a job builds the file, keeps it in the
storage (object storage in production) and the job's page offers it for download.

An app registers what it can export in the background (`register_export(name, build)`, from
its `AppConfig.ready`); `build(job, progress)` returns the file's bytes, its Chinese name and
its content type, checking the user's access again (a user who lost it gets a message, not the
file). Only the job's owner downloads it; `exports_cleanup` deletes files older than the
upload retention."""

import datetime as dt
import uuid
from collections.abc import Callable

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from .choices import JobStatus
from .models import Job
from .services import JobFailed, Progress, job_execute, job_start

Build = Callable[[Job, Progress], tuple[bytes, str, str]]
EXPORTS: dict[str, Build] = {}
PREFIX = "exports/"


def register_export(name: str, build: Build) -> None:
    EXPORTS[name] = build


def export_start(*, user, name: str, title: str, params: dict) -> Job:
    """Build the export in the background; the job's page leads to its download."""
    if name not in EXPORTS:
        raise ValueError(f"unknown export {name}")
    return job_start(
        task=export_file,
        user=user,
        title=title,
        params={"export": name, **params},
        next_url=lambda job: reverse("jobs:download", args=[job.pk]),
    )


def export_work(job: Job, progress: Progress) -> dict:
    build = EXPORTS.get(job.params.get("export", ""))
    if build is None:
        raise JobFailed("该导出已不可用，请重新导出")
    progress(0, stage="正在生成文件")
    data, filename, content_type = build(job, progress)
    path = default_storage.save(f"{PREFIX}{job.pk}/{uuid.uuid4().hex}", ContentFile(data))
    return {"path": path, "filename": filename, "content_type": content_type, "size": len(data)}


@shared_task(name="xuehui.jobs.exports.export_file")
def export_file(job_pk: int) -> None:
    """Build one background export (see `export_start`)."""
    job_execute(job_pk, export_work)


def export_file_of(job: Job) -> tuple[bytes, str, str] | None:
    """The finished export's bytes, name and type, or None (not finished, or cleaned up)."""
    path = (job.result or {}).get("path", "")
    if job.status != JobStatus.SUCCEEDED or not path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read(), job.result["filename"], job.result["content_type"]


def exports_cleanup(*, before: dt.datetime) -> int:
    """Delete the files of exports finished before `before`; the jobs stay, their link says the
    file is gone."""
    deleted = 0
    finished = Job.objects.filter(
        task=export_file.name, status=JobStatus.SUCCEEDED, finished_at__lt=before
    )
    for job in finished.iterator():
        path = (job.result or {}).get("path", "")
        if path and default_storage.exists(path):
            default_storage.delete(path)
            deleted += 1
    return deleted
