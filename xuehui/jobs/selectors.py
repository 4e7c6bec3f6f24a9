from django.http import Http404

from .models import Job


def job_for(user, pk) -> Job:
    """The user's own job; anyone else's, or none, is 404."""
    job = Job.objects.filter(pk=pk, user=user).first()
    if job is None:
        raise Http404("未找到该任务")
    return job
