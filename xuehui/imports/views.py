"""Preview of every row → confirm → result, for the imports the apps register
(`kinds.register_kind`: the society registry, council rosters…), and their blank templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from xuehui.jobs.choices import JobStatus
from xuehui.jobs.selectors import job_for
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.export import download_response

from .background import import_job, in_background, report_response
from .choices import ClaimStatus
from .claims import answers_claimed, claimed_for_token
from .kinds import blank_for, target_for
from .pending import pending_discard, pending_get, pending_run


@login_required
@answers_claimed
def preview(request, token: str):
    pending = pending_get(request, token)
    target = target_for(request.user, pending.kind, pending.params)
    if in_background(pending):
        job = import_job(
            pending, write=False, links=_links(target), preview_url=request.get_full_path()
        )
        return _background(request, pending, target, job)
    try:
        run = pending_run(pending, target.importer, dry_run=True)
    except SpreadsheetError as error:
        pending_discard(request, pending)
        messages.error(request, str(error))
        return redirect(target.start_url)
    context = {"pending": pending, "target": target, "run": run, "result": run.result}
    return render(request, "imports/preview.html", context)


@login_required
@require_POST
@answers_claimed
def confirm(request, token: str):
    pending = pending_get(request, token)
    target = target_for(request.user, pending.kind, pending.params)
    options = _confirmed_options(request, target.importer)
    if in_background(pending):
        job = import_job(pending, write=True, links=_links(target), options=options)
        return _background(request, pending, target, job)
    for name, value in options.items():
        setattr(target.importer, name, value)
    links = _links(target) | {"title": target.title}
    try:
        run = pending_run(pending, target.importer, dry_run=False, links=links)
    except SpreadsheetError as error:
        pending_discard(request, pending)
        messages.error(request, str(error))
        return redirect(target.start_url)
    context = {"pending": pending, "target": target, "run": run, "result": run.result}
    if not run.ok:
        return render(request, "imports/preview.html", context, status=422)
    pending_discard(request, pending)
    # Post/redirect/get: reloading the result page never posts the file again.
    return redirect("imports:done", token)


@login_required
@require_GET
def done(request, token: str):
    """What a confirmed import wrote, from its record (the confirm redirects here)."""
    claim = claimed_for_token(token=token, user=request.user)
    if claim is None or claim.status != ClaimStatus.DONE:
        raise Http404("未找到该导入的结果")
    return render(request, "imports/done.html", {"done": claim.outcome, "claim": claim})


def _confirmed_options(request, importer) -> dict:
    """What the user ticked on the preview: deleting the posts a roster no longer lists."""
    if not hasattr(importer, "removals_confirmed"):
        return {}
    return {"removals_confirmed": request.POST.get("confirm_removals") == "1"}


def _links(target) -> dict:
    return {
        "back_url": target.back_url,
        "back_label": target.back_label,
        "start_url": target.start_url,
    }


def _background(request, pending, target, job):
    return report_response(
        request,
        job,
        pending=pending,
        target=target,
        confirm_url=reverse("imports:confirm", args=[pending.token]),
        cancel_url=reverse("imports:cancel", args=[pending.token]),
        failure_url=target.start_url,
    )


@login_required
@require_GET
def job_result(request, pk: int):
    """What a background import wrote, or why it wrote nothing."""
    job = job_for(request.user, pk)
    if not job.finished:
        return redirect("jobs:detail", job.pk)
    if job.status == JobStatus.FAILED:
        return render(request, "jobs/detail.html", {"job": job})
    return render(request, "imports/job_result.html", {"job": job, "report": job.result})


@login_required
@require_POST
@answers_claimed
def cancel(request, token: str):
    pending = pending_get(request, token)
    target = target_for(request.user, pending.kind, pending.params)
    pending_discard(request, pending)
    messages.info(request, "已取消导入，上传的文件已删除")
    return redirect(target.start_url)


@login_required
def template(request, kind: str):
    blank = blank_for(kind)
    if blank is None:
        raise Http404("没有这种导入模板")
    return download_response(blank.write(), blank.filename)
