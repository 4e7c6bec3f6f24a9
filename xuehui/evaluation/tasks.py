"""The evaluation's tasks, for Celery's autodiscovery."""

from celery import shared_task

from xuehui.jobs.services import job_execute

from .background import compute_work


@shared_task(name="xuehui.evaluation.tasks.compute_evaluation")
def compute_evaluation(job_pk: int) -> None:
    """Compute one evaluation's results in the background (see `background.compute_start`)."""
    job_execute(job_pk, compute_work)
