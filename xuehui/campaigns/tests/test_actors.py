"""Services that change a campaign check who acts, wherever they are called from: the web, the
command line or a future API. The platform itself acts as `xuehui.access.SYSTEM`; a call that
does not say who acts (`actor=None`) is refused like a stranger's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.campaigns import services
from xuehui.campaigns.choices import CampaignStatus
from xuehui.tests import factories as f

from .factories import launch


@pytest.fixture
def leader(federation):
    return f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)


@pytest.fixture
def other_admin(other_federation):
    return f.make_user("jx_admin", role=Role.FEDERATION_ADMIN, federation=other_federation)


@pytest.mark.parametrize("who", ["none", "anonymous", "leader", "secretary", "other_admin"])
def test_only_an_administrator_of_its_federation_closes_a_campaign(
    request, campaign, who, leader, secretary_a, other_admin
):
    actor = {
        "none": None,
        "anonymous": AnonymousUser(),
        "leader": leader,
        "secretary": secretary_a,
        "other_admin": other_admin,
    }[who]
    with pytest.raises(PermissionDenied):
        services.campaign_close(campaign=campaign, actor=actor)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_the_platform_itself_and_the_administrator_may(
    campaign, admin_user, federation, society_a, version
):
    services.campaign_close(campaign=campaign, actor=admin_user)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    again = launch(federation, [society_a], versions=[version], actor=SYSTEM)
    services.campaign_close(campaign=again, actor=SYSTEM)
    again.refresh_from_db()
    assert again.status == CampaignStatus.CLOSED


def test_a_launch_without_an_actor_or_in_another_federation_creates_nothing(
    federation, society_a, version, other_admin
):
    from xuehui.campaigns.models import Campaign

    for actor in (None, other_admin):
        with pytest.raises(PermissionDenied):
            launch(federation, [society_a], versions=[version], actor=actor)
    assert not Campaign.objects.exists()


def test_assigning_experts_and_refreshing_are_checked_too(campaign, expert_user, leader):
    with pytest.raises(PermissionDenied):
        services.expert_assign(campaign=campaign, expert=expert_user, actor=leader)
    with pytest.raises(PermissionDenied):
        services.campaign_refresh(campaign=campaign, actor=None)
    assert not campaign.assignments.exists()
