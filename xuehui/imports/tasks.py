from celery import shared_task

from xuehui.jobs.services import job_execute

from .background import check_work, write_work
from .services import cleanup_cutoff, uploads_cleanup


@shared_task(name="xuehui.imports.tasks.cleanup_uploads")
def cleanup_uploads() -> str:
    """The hourly clean-up of abandoned uploads (scheduled in CELERY_BEAT_SCHEDULE)."""
    return uploads_cleanup(before=cleanup_cutoff()).summary()


@shared_task(name="xuehui.imports.tasks.import_check")
def import_check(job_pk: int) -> None:
    """Check every row of a large upload (a dry run) and keep the report on the job."""
    job_execute(job_pk, check_work)


@shared_task(name="xuehui.imports.tasks.import_write")
def import_write(job_pk: int) -> None:
    """Import a large upload after its confirm: all rows in one transaction, or none."""
    job_execute(job_pk, write_work)
