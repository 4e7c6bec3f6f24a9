import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from xuehui.accounts.access import societies_visible, society_for
from xuehui.accounts.choices import Role
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
