import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from xuehui.access import (
    audit_entries_visible,
    can_grant,
    expert_covers,
    expert_prefixes,
    forget_scope,
    societies_visible,
    society_for,
    user_for,
    users_visible,
)
from xuehui.accounts.choices import AccountAction, Role
from xuehui.accounts.models import RoleAssignment
from xuehui.audit.services import audit_record
from xuehui.tests import factories


def test_a_federation_admin_sees_societies_of_federations_below(admin_user, federation):
    city = factories.make_federation(name="武汉市科协", code="wuhan", parent=federation)
    district = factories.make_federation(name="武昌区科协", code="wuchang", parent=city)
    deep = factories.make_society(federation=district)
    elsewhere = factories.make_society()
    visible = set(societies_visible(admin_user))
    assert deep in visible
    assert elsewhere not in visible


def test_a_secretary_gets_404_for_another_society(secretary_a, society_a, society_b):
    assert society_for(secretary_a, society_a.pk, edit=True) == society_a
    with pytest.raises(Http404):
        society_for(secretary_a, society_b.pk)
    with pytest.raises(Http404):
        society_for(secretary_a, "not-a-number")


def test_a_federation_viewer_reads_but_may_not_edit(federation, society_a):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    assert society_for(leader, society_a.pk) == society_a
    with pytest.raises(PermissionDenied):
        society_for(leader, society_a.pk, edit=True)


# ---------------------------------------------------------------- experts


def test_an_expert_sees_the_assigned_society_only_while_the_campaign_runs(
    expert_user, federation, society_a, society_b
):
    from xuehui.campaigns.choices import CampaignStatus

    from .factories import assign_expert, make_campaign

    campaign = make_campaign(federation=federation, societies=[society_a])
    assign_expert(campaign, expert_user, society_a)
    assert society_for(expert_user, society_a.pk) == society_a
    with pytest.raises(PermissionDenied):
        society_for(expert_user, society_a.pk, edit=True)
    with pytest.raises(Http404):
        society_for(expert_user, society_b.pk)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    forget_scope(expert_user)
    with pytest.raises(Http404):
        society_for(expert_user, society_a.pk)


def test_an_expert_of_a_draft_campaign_sees_nothing(expert_user, federation, society_a):
    from xuehui.campaigns.choices import CampaignStatus

    from .factories import assign_expert, make_campaign

    campaign = make_campaign(
        federation=federation, societies=[society_a], status=CampaignStatus.DRAFT
    )
    assign_expert(campaign, expert_user, society_a)
    assert not societies_visible(expert_user).exists()


def test_an_expert_assigned_to_no_society_sees_every_society_of_that_campaign(
    expert_user, federation, society_a
):
    from .factories import assign_expert, make_campaign

    other = factories.make_society(federation=federation)
    not_in_campaign = factories.make_society(federation=federation)
    campaign = make_campaign(federation=federation, societies=[society_a, other])
    assign_expert(campaign, expert_user)
    assert set(societies_visible(expert_user)) == {society_a, other}
    assert not_in_campaign not in set(societies_visible(expert_user))


def test_an_expert_covers_only_the_assigned_requirement_group(expert_user, federation, society_a):
    from .factories import assign_expert, make_campaign

    campaign = make_campaign(federation=federation, societies=[society_a])
    assign_expert(campaign, expert_user, society_a, prefix="2.1")
    entry = campaign.entries.get(society=society_a)
    prefixes = expert_prefixes(expert_user, entry)
    covers = {key: expert_covers(prefixes, key) for key in ("2.1", "2.1.3", "2.10", "3.1")}
    assert covers == {"2.1": True, "2.1.3": True, "2.10": False, "3.1": False}
    # Another expert, assigned nothing, covers nothing.
    other = factories.make_user("other-expert", role=Role.EXPERT)
    assert expert_prefixes(other, entry) is None
    assert not expert_covers(expert_prefixes(other, entry), "2.1")


def test_a_user_holding_two_roles_gets_both_scopes(federation, society_b):
    leader = factories.make_user("both", role=Role.FEDERATION_VIEWER, federation=federation)
    RoleAssignment.objects.create(user=leader, role=Role.SOCIETY_EDITOR, society=society_b)
    inside = factories.make_society(federation=federation)
    assert society_for(leader, society_b.pk, edit=True) == society_b
    with pytest.raises(PermissionDenied):
        society_for(leader, inside.pk, edit=True)


def test_a_system_administrator_sees_and_edits_everything(society_a, society_b):
    root = factories.make_user("root", role=Role.SYSTEM_ADMIN)
    assert society_for(root, society_b.pk, edit=True) == society_b
    assert set(societies_visible(root)) == {society_a, society_b}


def test_an_anonymous_visitor_sees_nothing(society_a):
    assert not societies_visible(AnonymousUser()).exists()


def test_a_deactivated_user_sees_nothing(secretary_a, society_a):
    secretary_a.is_active = False
    secretary_a.save()
    with pytest.raises(Http404):
        society_for(secretary_a, society_a.pk)


# ---------------------------------------------------------------- users and roles


def test_a_federation_admin_sees_users_with_a_role_in_the_subtree(
    admin_user, federation, secretary_a, secretary_b
):
    city = factories.make_federation(name="武汉市科协", code="wuhan", parent=federation)
    city_leader = factories.make_user("city", role=Role.FEDERATION_VIEWER, federation=city)
    visible = set(users_visible(admin_user))
    assert {admin_user, secretary_a, city_leader} <= visible
    assert secretary_b not in visible


def test_a_federation_admin_only_sees_a_user_who_also_serves_elsewhere(
    admin_user, secretary_a, society_b
):
    RoleAssignment.objects.create(user=secretary_a, role=Role.SOCIETY_EDITOR, society=society_b)
    assert user_for(admin_user, secretary_a.pk) == secretary_a
    with pytest.raises(PermissionDenied):
        user_for(admin_user, secretary_a.pk, edit=True)


def test_a_federation_admin_gets_404_for_a_user_elsewhere(admin_user, secretary_b):
    with pytest.raises(Http404):
        user_for(admin_user, secretary_b.pk)
    with pytest.raises(Http404):
        user_for(admin_user, "x")


def test_a_secretary_and_a_viewer_see_no_users(secretary_a, federation):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    assert not users_visible(secretary_a).exists()
    assert not users_visible(leader).exists()


@pytest.mark.parametrize(
    ("role", "where", "allowed"),
    [
        (Role.SOCIETY_EDITOR, "inside", True),
        (Role.SOCIETY_EDITOR, "outside", False),
        (Role.FEDERATION_VIEWER, "inside", True),
        (Role.FEDERATION_ADMIN, "child", True),
        (Role.FEDERATION_ADMIN, "outside", False),
        (Role.FEDERATION_ADMIN, "parent", False),
        (Role.EXPERT, "inside", True),
        (Role.EXPERT, "nowhere", False),
        (Role.SYSTEM_ADMIN, "nowhere", False),
    ],
)
def test_a_federation_admin_grants_only_roles_inside_the_subtree(
    admin_user, federation, other_federation, society_a, society_b, role, where, allowed
):
    parent = factories.make_federation(name="中国科协", code="cast")
    federation.parent = parent
    federation.save()
    child = factories.make_federation(name="武汉市科协", code="wuhan", parent=federation)
    forget_scope(admin_user)
    places = {
        "inside": (federation, society_a),
        "child": (child, None),
        "outside": (other_federation, society_b),
        "parent": (parent, None),
        "nowhere": (None, None),
    }
    fed, society = places[where]
    if role == Role.SOCIETY_EDITOR:
        fed = None
    else:
        society = None
    assert can_grant(admin_user, role=role, federation=fed, society=society) is allowed


@pytest.mark.parametrize("scope", ["none", "federation", "society"])
def test_the_same_role_cannot_be_granted_twice_for_the_same_scope(scope, federation, society_a):
    from django.db import IntegrityError, transaction

    from xuehui.accounts.models import RoleAssignment

    user = factories.make_user("twice")
    role, fields = {
        "none": (Role.EXPERT, {}),
        "federation": (Role.FEDERATION_ADMIN, {"federation": federation}),
        "society": (Role.SOCIETY_EDITOR, {"society": society_a}),
    }[scope]
    RoleAssignment.objects.create(user=user, role=role, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=role, **fields)


# ---------------------------------------------------------------- W8c: the log follows the data


@pytest.mark.django_db
def test_an_admin_does_not_see_another_root_federations_entries_of_a_shared_expert():
    hubei, jiangxi = (
        factories.make_federation(name=n, code=c) for n, c in [("湖北", "hb"), ("江西", "jx")]
    )
    hb_society = factories.make_society(federation=hubei)
    jx_society = factories.make_society(federation=jiangxi)
    jx_admin = factories.make_user("jx_admin", role=Role.FEDERATION_ADMIN, federation=jiangxi)
    hb_admin = factories.make_user("hb_admin", role=Role.FEDERATION_ADMIN, federation=hubei)
    expert = factories.make_user("zj_expert", role=Role.EXPERT, federation=hubei)
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT, federation=jiangxi)
    in_hubei = audit_record(actor=expert, action="verdict_record", society=hb_society)
    in_jiangxi = audit_record(actor=expert, action="verdict_record", society=jx_society)
    unscoped = audit_record(actor=expert, action="evaluation_run_create")
    by_hb_admin = audit_record(actor=hb_admin, action="campaign_launch")
    granted = audit_record(
        actor=hb_admin, action=AccountAction.ROLE_GRANT, target=expert, summary="湖北评审专家"
    )
    sign_in = audit_record(actor=expert, action=AccountAction.LOGIN, target=expert)

    seen = set(audit_entries_visible(jx_admin))
    assert in_jiangxi in seen and sign_in in seen
    assert not seen & {in_hubei, unscoped, by_hb_admin, granted}
    seen_by_hubei = set(audit_entries_visible(hb_admin))
    assert {in_hubei, by_hb_admin, granted, sign_in} <= seen_by_hubei
    assert in_jiangxi not in seen_by_hubei
