"""The rules app's tasks: stored results computed again after writes, and the nightly roll."""

from celery import shared_task

from xuehui.jobs.services import Progress, job_execute

from .stored import ROLL_LOCK, results_compute, results_roll


@shared_task(name="xuehui.rules.tasks.recompute_results")
def recompute_results(society_ids: list[int]) -> int:
    """Compute the societies' stored results again (after writes to their records).
    Idempotent: delivered twice, it computes them twice to the same rows."""
    from django.core.cache import cache

    try:
        return results_compute(society_ids)
    finally:
        cache.delete(ROLL_LOCK)


@shared_task(name="xuehui.rules.tasks.roll_results")
def roll_results() -> int:
    """Every active society computed for the new day (scheduled shortly after midnight)."""
    return results_roll()


@shared_task(name="xuehui.rules.tasks.recompute_job")
def recompute_job(job_pk: int) -> None:
    """An administrator's 重新核验: the societies of the job's parameters, with progress."""

    def work(job, progress: Progress) -> dict:
        ids = job.params.get("societies") or []
        progress(0, len(ids), stage="正在核验")
        count = results_compute(ids, progress=progress)
        return {"societies": count}

    job_execute(job_pk, work)
