"""The year's scoring as a background job: computing an evaluation reads every society's records
and judges them against the scheme, seconds of work at the size of a province, so the request
only starts the job; the user watches its progress and is then taken back to the evaluation
(in the request itself when no broker is configured, as every job).

A delivery that runs twice computes twice: `services.evaluation_compute` updates each
society's row in place under a lock on the evaluation, in one transaction, so the second run
finds the rows of the first and a worker that dies mid-way leaves the previous results whole.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xuehui.jobs.models import Job
from xuehui.jobs.services import JobFailed, Progress, job_start

from . import services
from .models import Evaluation


def compute_start(*, user, evaluation: Evaluation) -> Job:
    """Start computing `evaluation`'s results as a job."""
    from .tasks import compute_evaluation

    return job_start(
        task=compute_evaluation,
        user=user,
        title=f"计算年度考评：{evaluation}",
        params={"evaluation": evaluation.pk},
        next_url=reverse("evaluation:detail", args=[evaluation.pk]),
    )


def compute_work(job: Job, progress: Progress) -> dict:
    """The task's body: score every society of the evaluation's 科协 and store the results."""
    found = Evaluation.objects.select_related("scheme").filter(pk=job.params["evaluation"]).first()
    if found is None:
        raise JobFailed("该年度考评已不存在")
    progress(0, None, stage="读取各学会数据并计算得分")
    try:
        count = services.evaluation_compute(evaluation=found, actor=job.user)
    except ValidationError as error:
        raise JobFailed("；".join(error.messages)) from None
    except PermissionDenied:
        raise JobFailed("您已无权计算该科协的年度考评") from None
    progress(count, count, stage="已保存")
    return {"evaluation": found.pk, "societies": count}
