"""The services that write a society's records check who acts themselves, so the command
line, a background task or a future API cannot go around the pages' access rules."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.branches.models import Branch
from xuehui.branches.services import branch_save
from xuehui.finances.models import FinanceYear
from xuehui.finances.services import finance_year_save
from xuehui.secretariat.models import Office
from xuehui.secretariat.services import office_delete, office_save
from xuehui.tests import factories as f


def _records(society):
    return [
        lambda actor: branch_save(
            branch=Branch(society=society, name="青年工作委员会", kind="branch"), actor=actor
        ),
        lambda actor: finance_year_save(
            finance_year=FinanceYear(society=society, year=2024, income_dues=Decimal("100")),
            actor=actor,
        ),
        lambda actor: office_save(
            office=Office(
                society=society, address="武昌区1号", area_m2=Decimal("30"), source="rented"
            ),
            actor=actor,
        ),
    ]


@pytest.mark.parametrize("who", ["none", "anonymous", "other_secretary", "leader", "expert"])
def test_nobody_outside_the_society_s_editors_writes_its_records(
    who, federation, society_a, secretary_b, expert_user
):
    actor = {
        "none": None,
        "anonymous": AnonymousUser(),
        "other_secretary": secretary_b,
        "leader": f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation),
        "expert": expert_user,
    }[who]
    for write in _records(society_a):
        with pytest.raises(PermissionDenied):
            write(actor)
    assert not Branch.objects.exists() and not FinanceYear.objects.exists()
    assert not Office.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "administrator", "system"])
def test_its_editors_and_the_platform_itself_write_them(who, society_a, secretary_a, admin_user):
    actor = {"secretary": secretary_a, "administrator": admin_user, "system": SYSTEM}[who]
    for write in _records(society_a):
        write(actor)
    assert Branch.objects.filter(society=society_a).count() == 1


def test_a_delete_is_checked_too(society_a, secretary_a, secretary_b):
    office = office_save(
        office=Office(
            society=society_a, address="武昌区1号", area_m2=Decimal("30"), source="rented"
        ),
        actor=secretary_a,
    )
    with pytest.raises(PermissionDenied):
        office_delete(office=office, actor=secretary_b)
    assert Office.objects.filter(pk=office.pk).exists()
    office_delete(office=office, actor=secretary_a)
    assert not Office.objects.exists()
