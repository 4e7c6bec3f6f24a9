"""Pages of the yearly data workbook (学会信息填报工作簿) and the year overview card.

Upload → preview of every sheet and row → confirm, as the other imports: the file waits in
the default storage (xuehui.imports.pending) and is read and validated again on confirm.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import can_edit_society, society_for
from xuehui.core.pages import full_export_page, society_page_context
from xuehui.files.forms import upload_within_quota
from xuehui.imports.background import background_response, import_job, in_background
from xuehui.imports.choices import ClaimStatus
from xuehui.imports.claims import answers_claimed, claimed_for_token, import_claim
from xuehui.imports.pending import pending_discard, pending_get, pending_store
from xuehui.lib.export import XLSX_CONTENT_TYPE
from xuehui.lib.htmx import render_page

from .exporters import workbook_filename, write_workbook
from .forms import WorkbookUploadForm
from .importers import KIND
from .selectors import FIRST_YEAR, year_overview
from .services import workbook_check, workbook_export_audit, workbook_import
from .sheets import ALL_SHEETS

TAB = "workbook"


def _year(request) -> int:
    """The year asked for in the query string; anything odd means the current year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


@login_required
@require_GET
def year_overview_card(request, society_pk):
    society = society_for(request.user, society_pk)
    overview = year_overview(society, _year(request))
    context = society_page_context(request, society, "basic", overview=overview)
    return render_page(
        request, "workbook/year_overview.html", "societies/_year_overview.html", context
    )


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def workbook_page(request, society_pk):
    """The society's workbook: download it, download a blank one, upload a filled one."""
    society = society_for(request.user, society_pk)
    form = None
    if can_edit_society(request.user, society):
        form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    elif request.method == "POST":
        society_for(request.user, society_pk, edit=True)  # answers 403
    uploaded = form is not None and request.method == "POST" and form.is_valid()
    if uploaded and upload_within_quota(form, user=request.user):
        pending = pending_store(
            request, kind=KIND, upload=form.cleaned_data["file"], params={"society": society.pk}
        )
        return redirect("workbook:preview", pending.token)
    sheets = [(sheet.title, sheet.columns) for sheet in ALL_SHEETS]  # classes: not for templates
    context = society_page_context(request, society, TAB, form=form, sheets=sheets)
    return render(request, "workbook/workbook.html", context)


@login_required
@require_GET
def workbook_export(request, society_pk):
    """ID and phone numbers masked for every role (the workbook imports back: a masked number
    keeps the stored one); audited as an export."""
    society = society_for(request.user, society_pk)
    return _workbook_file(request, society, reason=None)


@login_required
@require_http_methods(["GET", "POST"])
def workbook_export_full(request, society_pk):
    """「导出完整号码」: the workbook with full numbers, for who may edit, with a reason."""
    society = society_for(request.user, society_pk, edit=True)
    return full_export_page(
        request,
        society,
        TAB,
        what="信息填报工作簿",
        back=reverse("workbook:society", args=[society.pk]),
        respond=lambda reason: _workbook_file(request, society, reason=reason),
    )


def _workbook_file(request, society, *, reason: str | None) -> HttpResponse:
    data = write_workbook(society, masked=reason is None)
    workbook_export_audit(actor=request.user, society=society, reason=reason)
    return _xlsx(data, workbook_filename(society))


@login_required
@require_GET
def workbook_blank(request):
    return _xlsx(write_workbook(None), workbook_filename(None))


def _pending(request, token: str):
    pending = pending_get(request, token)
    society = society_for(request.user, pending.params.get("society"), edit=True)
    return pending, society


def _run(pending, society, request, *, write: bool):
    """Read the waiting file again and check it, or import it; None if the file is gone."""
    try:
        with default_storage.open(pending.key, "rb") as handle:
            data = handle.read()
    except OSError:
        pending_discard(request, pending)
        messages.error(request, "上传的文件已失效，请重新上传")
        return None
    arguments = {"filename": pending.filename, "society": society, "actor": request.user}
    if not write:
        return workbook_check(source=io.BytesIO(data), **arguments)
    with import_claim(pending=pending, user=request.user, data=data) as hold:
        run = workbook_import(source=io.BytesIO(data), **arguments)
        hold.succeeded = run.ok
        if run.ok:  # what the done page shows, kept with the import's record
            hold.outcome = {
                "filename": pending.filename,
                "society": society.pk,
                "sheets": [_sheet_record(sheet) for sheet in run.sheets],
            }
    return run


def _sheet_record(sheet) -> dict:
    outcome = sheet.outcome
    return {
        "title": sheet.title,
        "summary": sheet.summary(),
        "notes": list(outcome.notes) if outcome else [],
        "created": list(outcome.created) if outcome else [],
        "updated": list(outcome.updated) if outcome else [],
        "unchanged": len(outcome.unchanged) if outcome else 0,
    }


def _background(request, pending, society, *, write: bool):
    """A large workbook is checked and imported by a task (xuehui.imports.background)."""
    start_url = reverse("workbook:society", args=[society.pk])
    links = {"back_url": start_url, "back_label": "信息填报工作簿", "start_url": start_url}
    job = import_job(pending, write=write, links=links, preview_url=request.path)

    def show_report(report):
        context = society_page_context(
            request, society, TAB, pending=pending, report=report, job=job
        )
        return render(request, "workbook/report.html", context)

    return background_response(request, job, failure_url=start_url, show_report=show_report)


@login_required
@require_GET
@answers_claimed
def workbook_preview(request, token: str):
    pending, society = _pending(request, token)
    if in_background(pending):
        return _background(request, pending, society, write=False)
    run = _run(pending, society, request, write=False)
    if run is None:
        return redirect("workbook:society", society.pk)
    context = society_page_context(request, society, TAB, pending=pending, run=run)
    return render(request, "workbook/preview.html", context)


@login_required
@require_POST
@answers_claimed
def workbook_confirm(request, token: str):
    pending, society = _pending(request, token)
    if in_background(pending):
        return _background(request, pending, society, write=True)
    run = _run(pending, society, request, write=True)
    if run is None:
        return redirect("workbook:society", society.pk)
    context = society_page_context(request, society, TAB, pending=pending, run=run)
    if not run.ok:
        return render(request, "workbook/preview.html", context, status=422)
    pending_discard(request, pending)
    # Post/redirect/get: reloading the result posts nothing again.
    return redirect("workbook:done", token)


@login_required
@require_GET
def workbook_done(request, token: str):
    """What a confirmed workbook wrote, from the import's record."""
    claim = claimed_for_token(token=token, user=request.user)
    if claim is None or claim.status != ClaimStatus.DONE or "sheets" not in claim.outcome:
        raise Http404("未找到该导入的结果")
    society = society_for(request.user, claim.outcome["society"])
    context = society_page_context(request, society, TAB, done=claim.outcome, claim=claim)
    return render(request, "workbook/done.html", context)


@login_required
@require_POST
@answers_claimed
def workbook_cancel(request, token: str):
    pending, society = _pending(request, token)
    pending_discard(request, pending)
    messages.info(request, "已取消导入，上传的文件已删除")
    return redirect("workbook:society", society.pk)
