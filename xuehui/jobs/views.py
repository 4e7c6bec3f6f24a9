"""A job's page: progress that refreshes itself (htmx polling) and, when done, the way on."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from xuehui.audit.services import audit_export
from xuehui.lib.export import download_response
from xuehui.lib.htmx import render_page, vary_on_htmx, wants_partial

from .choices import JobStatus
from .exports import export_file_of
from .selectors import job_for


@login_required
@require_GET
def job_detail(request, pk: int):
    job = job_for(request.user, pk)
    if wants_partial(request) and job.status == JobStatus.SUCCEEDED and job.next_url:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.next_url
        return vary_on_htmx(response)
    return render_page(request, "jobs/detail.html", "jobs/_progress.html", {"job": job})


@login_required
@require_GET
def job_download(request, pk: int):
    """A background export's file, for the user who asked for it."""
    found = export_file_of(job_for(request.user, pk))
    if found is None:
        raise Http404("导出文件不存在或已过期，请重新导出")
    data, filename, content_type = found
    what, _, fmt = filename.rpartition(".")
    audit_export(actor=request.user, what=what or filename, rows=None, fmt=fmt)
    return download_response(data, filename, content_type)
