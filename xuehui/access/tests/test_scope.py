from django.contrib.auth.models import AnonymousUser

from xuehui.access import SYSTEM, administers, scope_for
from xuehui.accounts.choices import Role
from xuehui.tests import factories as f


def test_administers_follows_the_federation_tree(db, federation, other_federation, admin_user):
    below = f.make_federation(name="武汉市科学技术协会", code="wuhan", parent=federation)
    assert administers(admin_user, federation.pk)
    assert administers(admin_user, below.pk)
    assert not administers(admin_user, other_federation.pk)


def test_nobody_unnamed_administers_anything_and_the_platform_everything(db, federation):
    for actor in (None, AnonymousUser()):
        assert not administers(actor, federation.pk)
    assert administers(SYSTEM, federation.pk)


def test_a_deactivated_administrator_administers_nothing(db, federation, admin_user):
    admin_user.is_active = False
    assert not administers(admin_user, federation.pk)


def test_the_predicates_say_what_the_sidebar_needs(
    db, federation, society_a, secretary_a, expert_user
):
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    assert scope_for(leader).sees_federations and not scope_for(leader).is_federation_staff
    assert scope_for(secretary_a).edits_societies and not scope_for(secretary_a).sees_federations
    assert scope_for(expert_user).is_expert and not scope_for(expert_user).edits_societies
