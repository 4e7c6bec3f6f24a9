"""The jobs app's own tasks, for Celery's autodiscovery."""

from celery import shared_task

from .exports import export_file
from .services import job_requeue_stalled

__all__ = ["export_file", "requeue_stalled"]


@shared_task(name="xuehui.jobs.tasks.requeue_stalled")
def requeue_stalled() -> int:
    """Running jobs whose worker was lost, handed to a worker again (scheduled every few
    minutes: the broker alone would wait an hour)."""
    return job_requeue_stalled()
