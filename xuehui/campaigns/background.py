"""A large launch as a background job: above XUEHUI_LAUNCH_INLINE_ITEMS items (societies ×
requirements) the request only starts the job, and the user watches its progress and is then
taken to the campaign (in the request itself when no broker is configured, as every job).

The job holds what the form chose (ids and dates, JSON); the task launches through the same
service, checking the actor again. A task delivered twice launches once: the campaign names
its job (`Campaign.launch_job`, unique), so a second delivery finds it, and a delivery that
runs while the first is still writing waits on that key and then finds it. The launch writes
in one transaction, so a worker that dies mid-way leaves nothing and the next delivery starts
over.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from xuehui.jobs.models import Job
from xuehui.jobs.services import JobFailed, Progress, job_start
from xuehui.rules.models import FrameworkVersion, Requirement
from xuehui.societies.models import Federation

from . import services
from .models import Campaign

DATES = (
    "facts_on",
    "plan_deadline",
    "self_assessment_deadline",
    "review_deadline",
    "rectification_deadline",
)


def launch_size(fields: dict) -> int:
    """About how many items the launch writes: societies × requirements decided on their own."""
    decided = (
        Requirement.objects.filter(version__in=fields["versions"]).exclude(decision="").count()
    )
    return len(fields["societies"]) * decided


def in_background(fields: dict) -> bool:
    return launch_size(fields) > settings.XUEHUI_LAUNCH_INLINE_ITEMS


def launch_start(*, user, fields: dict) -> Job:
    """Start the launch of `fields` (CampaignLaunchForm.service_fields) as a job."""
    from .tasks import launch_campaign

    params = {
        "federation": fields["federation"].pk,
        "name": fields["name"].strip(),
        "versions": [v.pk for v in fields["versions"]],
        "societies": sorted(s.pk for s in fields["societies"]),
        "assessment_year": fields["assessment_year"],
        **{name: fields[name].isoformat() for name in DATES},
    }
    title = f"启动评估检查工作「{params['name']}」（{len(params['societies'])}个学会）"
    return job_start(task=launch_campaign, user=user, title=title, params=params)


def launch_work(job: Job, progress: Progress) -> dict:
    """The task's body: the campaign this job launched, launching it unless done already."""
    campaign = Campaign.objects.filter(launch_job=job).first()
    if campaign is None:
        try:
            with progress.live() as live:
                campaign = services.campaign_launch(
                    actor=job.user, job=job, progress=live, **_arguments(job.params)
                )
        except IntegrityError:  # another delivery of this job launched it meanwhile
            campaign = Campaign.objects.filter(launch_job=job).first()
            if campaign is None:
                raise
        except ValidationError as error:
            raise JobFailed("；".join(error.messages)) from None
        except (PermissionDenied, Federation.DoesNotExist):
            raise JobFailed("您已无权在该科协启动评估检查工作") from None
    job.next_url = reverse("campaigns:detail", args=[campaign.pk])
    Job.objects.filter(pk=job.pk).update(next_url=job.next_url)
    return {"campaign": campaign.pk, "societies": campaign.entries.count()}


def _arguments(params: dict) -> dict:
    versions = list(FrameworkVersion.objects.filter(pk__in=params["versions"]))
    if len(versions) != len(params["versions"]):
        raise JobFailed("所选政策框架的版本已不存在，请重新启动")
    return {
        "federation": Federation.objects.get(pk=params["federation"]),
        "name": params["name"],
        "versions": sorted(versions, key=lambda v: params["versions"].index(v.pk)),
        "societies": params["societies"],
        "assessment_year": params["assessment_year"],
        **{name: dt.date.fromisoformat(params[name]) for name in DATES},
    }
