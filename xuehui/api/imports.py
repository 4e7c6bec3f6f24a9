"""The API's imports: the same upload → check → confirm as the pages (xuehui.imports), the
upload bound by the page's own form (limits, quota, what the import needs to know), every row
checked before anything is written and the whole file written in one transaction or not at
all. A file over XUEHUI_IMPORT_INLINE_BYTES is checked and written by the pages' own background
jobs (xuehui.imports.background), whose progress and report the API's job route reports."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404
from django.urls import reverse

from xuehui.access import federations_administered, society_for
from xuehui.files.forms import upload_within_quota
from xuehui.governance.forms import RosterImportForm
from xuehui.governance.importers import ROSTER
from xuehui.imports.background import import_job, importer_for, in_background, run_report
from xuehui.imports.pending import pending_delete, pending_get, pending_run, pending_store
from xuehui.jobs.models import Job
from xuehui.members.choices import MemberKind
from xuehui.members.forms import MemberImportForm
from xuehui.members.importers import import_kind
from xuehui.societies.forms import SocietyImportForm
from xuehui.societies.importers import SOCIETIES, require_federation_admin

KINDS = (SOCIETIES, ROSTER, *(import_kind(kind) for kind in MemberKind.values))
REPORT_FIELDS = (
    "ok", "written", "rows", "header_row", "columns", "errors", "error_count", "error_rows",
    "warnings", "summary", "notes", "removed", "created", "updated",
)  # fmt: skip


class UploadRefused(Exception):
    """The upload's form found problems: `errors` by field, in Chinese."""

    def __init__(self, errors: dict):
        super().__init__("上传的文件或参数有误")
        self.errors = errors


@dataclass
class Bound:
    form: forms.Form
    params: Callable[[Any], dict]  # (the valid form) → the pending import's params


def _bound(user, kind: str, data, files) -> Bound:
    """The page's upload form for `kind`, checking the user's access as the page does."""
    if kind == SOCIETIES:
        require_federation_admin(user)
        federations = federations_administered(user).filter(is_active=True)
        form: forms.Form = SocietyImportForm(data, files, federations=federations)
        return Bound(form, lambda f: {"federation": f.cleaned_data["federation"].pk})
    if kind not in KINDS:
        raise UploadRefused({"kind": [f"未知的导入类型，可选：{'、'.join(KINDS)}"]})
    society = society_for(user, data.get("society"), edit=True)
    if kind == ROSTER:
        form = RosterImportForm(data, files)
        return Bound(form, lambda f: f.params(society))
    member_kind = kind.removeprefix("members-")
    form = MemberImportForm({"kind": member_kind}, files)
    return Bound(form, lambda f: {"society": society.pk, "kind": member_kind})


def api_upload(request, *, kind: str):
    """Store the upload for `request.user`; (pending, report) with every row checked, or
    (pending, None) when the file is large enough for a job (`api_job`)."""
    bound = _bound(request.user, kind, request.data, request.FILES)
    if not (bound.form.is_valid() and upload_within_quota(bound.form, user=request.user)):
        raise UploadRefused({k: list(v) for k, v in bound.form.errors.items()})
    params = bound.params(bound.form)
    pending = pending_store(
        request, kind=kind, upload=bound.form.cleaned_data["file"], params=params
    )
    if in_background(pending):
        return pending, None
    return pending, api_run(request.user, pending, write=False)


def api_pending(request, token: str):
    """The user's own upload of a kind the API imports (404 otherwise)."""
    pending = pending_get(request, token)
    if pending.kind not in KINDS:
        raise Http404("该导入只能在网页上确认")
    return pending


# Where the job's page (for a person who follows the notification) leads back to.
JOB_LINKS = {"back_label": "数据接口说明"}


def api_job(pending, *, write: bool, removals_confirmed: bool = False) -> Job:
    """The upload's check (or write) job, as the pages start it: a repeated request gets the
    same job while it runs or once it has succeeded; a failed one starts again."""
    # The links are kept in the job's parameters: the upload's token rides along with them.
    links = {**JOB_LINKS, "back_url": reverse("api:docs"), "token": pending.token}
    options = {"removals_confirmed": True} if write and removals_confirmed else {}
    return import_job(pending, write=write, links=links, options=options)


def api_job_report(job: Job) -> dict:
    """What the API shows of an import job's result: the fields of a report, nothing else
    (no sample of rows, nothing a page keeps for itself)."""
    return {name: job.result[name] for name in REPORT_FIELDS if name in job.result}


def api_run(user, pending, *, write: bool, removals_confirmed: bool = False) -> dict:
    """Check (or write) a pending upload again, as its owner; the report the API returns.
    Raises SpreadsheetError (the file cannot be read) and ImportClaimed like the pages."""
    if pending.kind not in KINDS:
        raise Http404("该导入只能在网页上确认")
    importer = importer_for(user, pending.kind, pending.params)
    if write and hasattr(importer, "removals_confirmed"):  # dry runs list them, as the page
        importer.removals_confirmed = removals_confirmed
    run = pending_run(pending, importer, dry_run=not write)
    if write and run.ok:
        pending_delete(pending)
    report = run_report(run)
    return {
        "token": pending.token,
        "kind": pending.kind,
        "filename": pending.filename,
        **{name: report[name] for name in REPORT_FIELDS},
    }
