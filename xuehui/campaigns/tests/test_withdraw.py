"""Withdrawing a campaign launched by mistake, before any society has acted on it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.campaigns import selectors, services
from xuehui.campaigns.choices import CampaignStatus, SelfAssessment
from xuehui.campaigns.selectors import entries_of_user
from xuehui.files.tests.factories import pdf_bytes, upload
from xuehui.notifications.models import Notification
from xuehui.workplans.tests.factories import make_plan

from .conftest import item, submitted


def test_an_administrator_withdraws_an_untouched_campaign_with_a_reason(
    admin_client, campaign, entry, secretary_a, django_capture_on_commit_callbacks
):
    launch_notice = Notification.objects.create(
        user=secretary_a,
        kind="assignment",
        title=f"新的评估检查工作：{campaign.name}",
        dedupe_key=f"campaign-launch-{campaign.pk}-{entry.society_id}-{secretary_a.pk}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("campaigns:withdraw", args=[campaign.pk]), {"reason": "参评范围选错"}
        )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.WITHDRAWN
    assert campaign.withdrawal_reason == "参评范围选错"
    assert AuditEntry.objects.filter(action="campaign_withdraw").exists()
    assert not entries_of_user(secretary_a).filter(campaign=campaign).exists()
    notice = Notification.objects.get(user=secretary_a, title__startswith="评估检查工作已撤回")
    assert "参评范围选错" in notice.body
    launch_notice.refresh_from_db()
    assert launch_notice.read_at is not None  # nothing left to do: the launch notice is retired
    assert notice.read_at is None
    page = admin_client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "本次工作已于" in page and "撤回：参评范围选错" in page


@pytest.mark.parametrize("acted", ["self_assessment", "submitted"])
def test_once_a_society_has_acted_the_campaign_cannot_be_withdrawn(
    campaign, entry, secretary_a, admin_user, acted
):
    if acted == "submitted":
        submitted(entry, secretary_a)
    else:
        services.self_assessment_save(
            item=item(entry, "1"), actor=secretary_a, assessment=SelfAssessment.MET, statement=""
        )
    with pytest.raises(ValidationError, match="已有学会开始填报"):
        services.campaign_withdraw(campaign=campaign, reason="选错", actor=admin_user)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_a_withdrawal_needs_a_reason_and_an_administrator(campaign, entry, admin_user, secretary_a):
    with pytest.raises(ValidationError, match="请填写撤回原因"):
        services.campaign_withdraw(campaign=campaign, reason="  ", actor=admin_user)
    with pytest.raises(PermissionDenied):
        services.campaign_withdraw(campaign=campaign, reason="选错", actor=secretary_a)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_the_secretary_cannot_post_a_withdrawal(secretary_a_client, campaign, entry):
    response = secretary_a_client.post(
        reverse("campaigns:withdraw", args=[campaign.pk]), {"reason": "x"}
    )
    assert response.status_code in (403, 404)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_what_the_societies_have_done_is_read_in_one_query(
    campaign, entry, secretary_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert selectors.campaign_acted_on(campaign) == []
    services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("材料.pdf", pdf_bytes())
    )
    make_plan(entry)
    with django_assert_num_queries(1):
        assert selectors.campaign_acted_on(campaign) == ["已上传佐证材料", "已编制工作方案"]
    submitted(entry, secretary_a)  # every item self-assessed, then submitted
    with django_assert_num_queries(1):
        assert selectors.campaign_acted_on(campaign) == [
            "已提交自评",
            "已填写自评",
            "已上传佐证材料",
            "已编制工作方案",
        ]
