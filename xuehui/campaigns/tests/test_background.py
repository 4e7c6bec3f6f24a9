"""A large launch runs as a job: the user follows it to the campaign, a task delivered twice
launches once, and a launch that fails mid-way leaves nothing written."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from xuehui.campaigns import background, services, tasks
from xuehui.campaigns.models import Campaign, CampaignItem
from xuehui.jobs.choices import JobStatus
from xuehui.jobs.models import Job
from xuehui.jobs.services import JobFailed, Progress
from xuehui.societies.models import Federation

from .factories import FACTS_ON

pytestmark = pytest.mark.django_db

DATA = {
    "name": "2025年学会改革评估",
    "scope": "all",
    "facts_on": "2024-06-30",
    "plan_deadline": "2099-01-31",
    "self_assessment_deadline": "2099-03-31",
    "review_deadline": "2099-05-31",
    "rectification_deadline": "2099-07-31",
    "confirmed": "True",
}


@pytest.fixture
def large(settings):
    settings.XUEHUI_LAUNCH_INLINE_ITEMS = 0  # every launch is "large"


def _post(client, federation, version, **overrides):
    data = DATA | {"federation": federation.pk, "frameworks": [version.pk]} | overrides
    return client.post(reverse("campaigns:launch"), data)


def _job(admin_user, federation, version, societies, **overrides) -> Job:
    """A launch job as the view records it, not yet run."""
    params = {
        "federation": federation.pk,
        "name": "2025年学会改革评估",
        "versions": [version.pk],
        "societies": [s.pk for s in societies],
        "assessment_year": None,
        "facts_on": FACTS_ON.isoformat(),
        "plan_deadline": "2099-01-31",
        "self_assessment_deadline": "2099-03-31",
        "review_deadline": "2099-05-31",
        "rectification_deadline": "2099-07-31",
    } | overrides
    return Job.objects.create(
        task=tasks.launch_campaign.name, user=admin_user, title="启动", params=params
    )


def test_a_large_launch_runs_as_a_job_and_leads_to_the_campaign(
    large, admin_client, federation, society_a, version
):
    response = _post(admin_client, federation, version)
    campaign = Campaign.objects.get()
    job = Job.objects.get(task=tasks.launch_campaign.name)
    assert response.status_code == 302
    assert response.url == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.launch_job == job and job.status == JobStatus.SUCCEEDED
    assert job.result == {"campaign": campaign.pk, "societies": 1}
    assert job.next_url == response.url  # where the job's page sends the user
    page = admin_client.get(response.url).content.decode()
    assert "已启动「2025年学会改革评估」：1个学会。" in page


def test_a_small_launch_is_done_in_the_request(admin_client, federation, society_a, version):
    assert background.launch_size({"societies": [society_a], "versions": [version]}) > 0
    _post(admin_client, federation, version)
    assert Campaign.objects.get().launch_job is None and not Job.objects.exists()


def test_with_a_broker_the_user_watches_the_jobs_page(
    large, settings, admin_client, federation, society_a, version, monkeypatch
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.launch_campaign, "delay", lambda pk: None)
    response = _post(admin_client, federation, version)
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and not Campaign.objects.exists()


def test_a_job_that_fails_in_process_shows_the_form_again_with_why(
    large, admin_client, federation, society_a, version, monkeypatch
):
    def refused(job, progress):
        raise JobFailed("所选政策框架的版本已不存在，请重新启动")

    monkeypatch.setattr(tasks, "launch_work", refused)
    response = _post(admin_client, federation, version)
    assert response.status_code == 200
    assert "所选政策框架的版本已不存在" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_task_run_twice_launches_once(admin_user, federation, society_a, society_b, version):
    job = _job(admin_user, federation, version, [society_a])
    first = background.launch_work(job, Progress(job))
    items = CampaignItem.objects.count()
    again = background.launch_work(job, Progress(job))
    assert first == again and Campaign.objects.count() == 1
    assert CampaignItem.objects.count() == items > 0


def test_a_delivery_that_loses_the_race_returns_the_winners_campaign(
    admin_user, federation, society_a, version, monkeypatch
):
    job = _job(admin_user, federation, version, [society_a])
    real = services.campaign_launch

    def racing(**kwargs):
        real(**kwargs)  # the other delivery, committed first
        raise IntegrityError("campaigns_campaign_launch_job_id_key")

    monkeypatch.setattr(services, "campaign_launch", racing)
    result = background.launch_work(job, Progress(job))
    assert result["campaign"] == Campaign.objects.get(launch_job=job).pk


def test_an_integrity_error_of_anything_else_is_not_hidden(
    admin_user, federation, society_a, version, monkeypatch
):
    def broken(**kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(services, "campaign_launch", broken)
    job = _job(admin_user, federation, version, [society_a])
    with pytest.raises(IntegrityError):
        background.launch_work(job, Progress(job))


def test_a_launch_that_fails_mid_way_leaves_nothing_and_may_run_again(
    admin_user, federation, society_a, society_b, version, monkeypatch
):
    job = _job(admin_user, federation, version, [society_a])
    real = services._item_rows

    def broken(*args):
        rows = list(real(*args))
        return rows + rows[-1:]  # the last item twice: the unique constraint refuses it

    monkeypatch.setattr(services, "_item_rows", broken)
    tasks.launch_campaign(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "数据未作任何改动" in job.message
    assert not Campaign.objects.exists() and not CampaignItem.objects.exists()
    monkeypatch.setattr(services, "_item_rows", real)
    background.launch_work(job, Progress(job))  # a later delivery starts over
    assert Campaign.objects.get().entries.count() == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ("deactivated", "已停用，不能发起评估检查工作"),
        ("no_longer_admin", "您已无权在该科协启动评估检查工作"),
        ("version_gone", "所选政策框架的版本已不存在"),
    ],
)
def test_what_changed_since_the_job_started_is_told_in_chinese(
    change, message, admin_user, federation, society_a, version, monkeypatch
):
    job = _job(admin_user, federation, version, [society_a])
    if change == "deactivated":
        Federation.objects.filter(pk=federation.pk).update(is_active=False)
    elif change == "no_longer_admin":
        admin_user.role_assignments.all().delete()
    else:
        job.params["versions"] = [version.pk + 1000]
    with pytest.raises(JobFailed, match=message):
        background.launch_work(job, Progress(job))
    assert not Campaign.objects.exists()


def test_the_launch_tells_its_progress_by_society(admin_user, federation, society_a, version):
    told = []

    def progress(done, total=None, *, stage=None):
        told.append((done, total, stage))

    services.campaign_launch(
        federation=federation,
        name="评估",
        versions=[version],
        societies=[society_a],
        facts_on=FACTS_ON,
        plan_deadline=FACTS_ON,
        self_assessment_deadline=FACTS_ON,
        review_deadline=FACTS_ON,
        rectification_deadline=FACTS_ON,
        actor=admin_user,
        progress=progress,
    )
    assert told == [
        (0, 1, "正在读取各学会的数据"),
        (0, 1, "正在核验并写入评估事项"),
        (1, 1, None),
        (1, 1, "正在保存"),
    ]
