"""The campaigns' tasks, for Celery's autodiscovery."""

from celery import shared_task

from xuehui.jobs.services import job_execute

from .background import launch_work


@shared_task(name="xuehui.campaigns.tasks.launch_campaign")
def launch_campaign(job_pk: int) -> None:
    """Launch one campaign in the background (see `background.launch_start`)."""
    job_execute(job_pk, launch_work)
