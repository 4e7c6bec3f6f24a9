"""A job's page: progress that refreshes itself (htmx polling) and, when done, the way on."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .choices import JobStatus
from .selectors import job_for


@login_required
@require_GET
def job_detail(request, pk: int):
    job = job_for(request.user, pk)
    if request.htmx:
        if job.status == JobStatus.SUCCEEDED and job.next_url:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = job.next_url
            return response
        return render(request, "jobs/_progress.html", {"job": job})
    return render(request, "jobs/detail.html", {"job": job})
