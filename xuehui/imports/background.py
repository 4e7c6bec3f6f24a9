"""Imports too large to wait for: a task checks the file, and after the confirm writes it,
while the user watches a progress page (xuehui.jobs).

A file larger than XUEHUI_IMPORT_INLINE_BYTES takes this way; smaller ones are checked and
written in the request as before. What the task found is kept on its Job as a report (counts,
the first errors, a masked sample of rows), which the preview page shows; nothing but the
report leaves the task, so personal data in the file stays in the file.

Each import kind that may run here registers how its importer is built from the upload's
owner and parameters (`register_importer`), so a worker can build it again.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from xuehui.jobs.choices import JobStatus
from xuehui.jobs.models import Job
from xuehui.jobs.services import JobFailed, Progress, job_start
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.identifiers import mask_id_number, mask_phone
from xuehui.lib.importing import ImportRun

from .claims import ImportClaimed, release_claims
from .models import PendingImport
from .pending import pending_delete, pending_run

REPORT_ERRORS = 200
REPORT_SAMPLE = 20
MASKS = {"id_number": mask_id_number, "phone": mask_phone, "contact_phone": mask_phone}

# An Importer, or anything with `run(source, *, filename, dry_run)`, `actor`, `progress` and
# a `report(run)` (the yearly workbook).
ImporterBuilder = Callable[..., Any]
_BUILDERS: dict[str, ImporterBuilder] = {}


def register_importer(kind: str, build: ImporterBuilder) -> None:
    """`build(user, params)` makes the importer of an upload of this kind, checking access."""
    _BUILDERS[kind] = build


def importer_for(user, kind: str, params: dict):
    """The importer of an upload of `kind` for `user`, built as a worker builds it (the
    access checked again: 404 / 403 outside the user's scope; 404 for an unknown kind)."""
    try:
        build = _BUILDERS[kind]
    except KeyError:
        raise Http404("未知的导入类型") from None
    return build(user, params)


def in_background(pending: PendingImport) -> bool:
    return pending.kind in _BUILDERS and pending.size > settings.XUEHUI_IMPORT_INLINE_BYTES


def run_report(run: ImportRun) -> dict:
    """What the preview and the result page show of a run, personal numbers masked."""
    result = run.result
    errors = result.errors
    keys = [column.key for column in result.found]
    # Rows with problems first, then those that change something, then the rest, in file order.
    shown = sorted(result.rows, key=lambda r: (r.ok, not r.changes, r.number))[:REPORT_SAMPLE]
    sample = [
        {
            "number": row.number,
            "sheet": row.sheet,
            "ok": row.ok,
            "note": row.note,
            "cells": [
                (
                    MASKS.get(key, str)(row.cells.get(key, "")),
                    MASKS.get(key, str)(row.changes[key]) if key in row.changes else "",
                )
                for key in keys
            ],
        }
        for row in sorted(shown, key=lambda r: (r.sheet, r.number))
    ]
    outcome = run.outcome
    return {
        "ok": run.ok,
        "rows": len(result.rows),
        "header_row": result.header_row,
        "columns": [column.name for column in result.found],
        "errors": [str(error) for error in errors[:REPORT_ERRORS]],
        "error_count": len(errors),
        "error_rows": result.error_rows,
        "warnings": list(result.warnings),
        "summary": outcome.summary() if outcome else "",
        "notes": list(outcome.notes) if outcome else [],
        "removed": list(outcome.removed) if outcome else [],
        "created": len(outcome.created) if outcome else 0,
        "updated": len(outcome.updated) if outcome else 0,
        "sample": sample,
        "written": bool(outcome is not None and not run.dry_run and run.ok),
    }


def import_job(
    pending: PendingImport,
    *,
    write: bool,
    links: dict,
    preview_url: str = "",
    options: dict | None = None,
) -> Job:
    """The pending upload's check (or write) job, started if it has none yet or its last
    one failed; a second click while it runs gets the same job. `links` (back_url,
    back_label, start_url) lead on from the result page."""
    from .tasks import import_check, import_write

    field = "write_job" if write else "check_job"
    job = getattr(pending, field)
    # One running or done is the same job; a failed one, or a write that ended without
    # writing (the file changed meanwhile, a deletion not confirmed), may be tried again.
    retry = job is not None and write and job.finished and not job.result.get("written")
    if job is not None and job.status != JobStatus.FAILED and not retry:
        return job
    job = job_start(
        task=import_write if write else import_check,
        user=pending.user,
        title=f"{'导入' if write else '检查'}文件“{pending.filename}”",
        params={
            "pending": pending.pk,
            "filename": pending.filename,
            "options": options or {},
            **links,
        },
        next_url=_result_url if write else preview_url,
    )
    if PendingImport.objects.filter(pk=pending.pk).update(**{field: job}):
        setattr(pending, field, job)
    return job


def _result_url(job: Job) -> str:
    return reverse("imports:job_result", args=[job.pk])


def _pending_and_importer(job: Job, progress: Progress) -> tuple[PendingImport, Any]:
    pending = PendingImport.objects.filter(pk=job.params.get("pending")).first()
    if pending is None:
        raise JobFailed("上传的文件已失效（已导入、已取消或已过期），请重新上传")
    try:
        importer = _BUILDERS[pending.kind](job.user, pending.params)
    except (PermissionDenied, Http404, KeyError):
        raise JobFailed("您已无权进行此项导入") from None
    importer.progress = progress
    for name, value in job.params.get("options", {}).items():
        if hasattr(importer, name):  # what the user ticked on the preview
            setattr(importer, name, value)
    return pending, importer


def _report(importer, run) -> dict:
    """The importer's own report (the workbook's is by sheet), else the table's."""
    own = getattr(importer, "report", None)
    return own(run) if own is not None else run_report(run)


def check_work(job: Job, progress: Progress) -> dict:
    pending, importer = _pending_and_importer(job, progress)
    try:
        return _report(importer, pending_run(pending, importer, dry_run=True))
    except SpreadsheetError as error:
        raise JobFailed(str(error)) from None


def write_work(job: Job, progress: Progress) -> dict:
    pending, importer = _pending_and_importer(job, progress)
    if job.attempts > 1:
        # The earlier attempt's worker died holding the upload's claim; this job is the only
        # writer of this upload (a second confirm gets the same job), so it takes it back.
        release_claims(token=pending.token)
    try:
        run = pending_run(pending, importer, dry_run=False)
    except (SpreadsheetError, ImportClaimed) as error:
        raise JobFailed(str(error)) from None
    report = _report(importer, run)
    if run.ok:
        pending_delete(pending)
        follow_up = getattr(importer, "background_result", None)
        if follow_up is not None:
            report.update(follow_up(job))
    return report


def background_response(request, job: Job, *, failure_url: str, show_report: Callable):
    """Where a large upload's job stands, as a response: its progress page while it runs,
    the report (`show_report(report)`) on its own page, or back to `failure_url` with why."""
    if job.status == JobStatus.FAILED:
        messages.error(request, job.message)
        return redirect(failure_url)
    if job.status == JobStatus.SUCCEEDED and job.next_url:
        if job.next_url != request.get_full_path():
            return redirect(job.next_url)
        return show_report(job.result)
    return redirect("jobs:detail", job.pk)


def report_response(
    request, job: Job, *, pending, target, confirm_url: str, cancel_url: str, failure_url: str
):
    """`background_response` with the shared preview page (imports/report.html) of an upload
    whose pages are not a society's (registry, roster, accounts)."""

    def show_report(report):
        context = {
            "pending": pending,
            "target": target,
            "report": report,
            "confirm_url": confirm_url,
            "cancel_url": cancel_url,
        }
        return render(request, "imports/report.html", context)

    return background_response(request, job, failure_url=failure_url, show_report=show_report)
