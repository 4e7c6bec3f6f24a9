"""Pilot programmes: joining and leaving with dates, the command, and what the engine sees."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from xuehui.access import SYSTEM
from xuehui.pilots.models import PilotMembership
from xuehui.pilots.services import pilot_membership_add, pilot_membership_end, pilot_programme_save
from xuehui.rules.facts import gather
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories as f


@pytest.fixture
def programme(federation):
    framework = load_library_framework("hubei-2h-2017")
    return pilot_programme_save(
        actor=SYSTEM,
        key="hubei-2h",
        name="湖北两化试点",
        federation=federation,
        framework=framework,
    )


def test_a_member_belongs_from_its_start_until_the_day_it_leaves(programme, society_a):
    membership = pilot_membership_add(
        actor=SYSTEM, programme=programme, society=society_a, since=dt.date(2017, 10, 1)
    )
    pilot_membership_end(membership=membership, until=dt.date(2018, 11, 1), actor=SYSTEM)
    programmes = lambda day: gather([society_a.pk], day)[society_a.pk]["pilots.programmes"]  # noqa: E731
    assert programmes(dt.date(2017, 9, 30)) == []
    assert programmes(dt.date(2017, 10, 1)) == ["hubei-2h"]
    assert programmes(dt.date(2018, 10, 31)) == ["hubei-2h"]
    assert programmes(dt.date(2018, 11, 1)) == []


def test_overlapping_memberships_are_refused(programme, society_a):
    pilot_membership_add(
        programme=programme, society=society_a, since=dt.date(2017, 10, 1), actor=SYSTEM
    )
    with pytest.raises(ValidationError, match="不能重叠"):
        pilot_membership_add(
            programme=programme, society=society_a, since=dt.date(2018, 1, 1), actor=SYSTEM
        )


def test_a_society_of_another_federation_cannot_join(programme, society_b):
    with pytest.raises(ValidationError, match="不属于"):
        pilot_membership_add(
            programme=programme, society=society_b, since=dt.date(2017, 10, 1), actor=SYSTEM
        )
    assert not PilotMembership.objects.exists()


def test_a_society_of_a_subordinate_federation_can_join(programme, federation):
    city = f.make_federation(parent=federation)
    society = f.make_society(federation=city)
    assert pilot_membership_add(
        programme=programme, society=society, since=dt.date(2018, 1, 1), actor=SYSTEM
    ).pk


def test_pilot_add_command(programme, society_a):
    out = StringIO()
    call_command(
        "pilot_add",
        "--programme",
        "hubei-2h",
        "--society",
        society_a.uscc,
        "--since",
        "2017-10-01",
        stdout=out,
    )
    assert "加入湖北两化试点" in out.getvalue()
    assert PilotMembership.objects.get().since == dt.date(2017, 10, 1)
    with pytest.raises(CommandError, match="没有代码为「nope」的试点项目"):
        call_command("pilot_add", "--programme", "nope", "--society", society_a.uscc)


def test_only_an_administrator_of_the_society_s_federation_adds_it(
    programme, society_a, secretary_a, admin_user
):
    from django.core.exceptions import PermissionDenied

    for actor in (None, secretary_a):
        with pytest.raises(PermissionDenied):
            pilot_membership_add(
                programme=programme, society=society_a, since=dt.date(2018, 1, 1), actor=actor
            )
    assert not PilotMembership.objects.exists()
    pilot_membership_add(
        programme=programme, society=society_a, since=dt.date(2018, 1, 1), actor=admin_user
    )
    assert PilotMembership.objects.filter(society=society_a).exists()


def test_pilot_add_puts_the_society_in_the_batch_of_its_year(programme, society_a, society_b):
    from xuehui.pilots.services import batch_create

    batch = batch_create(programme=programme, year=2017, actor=SYSTEM)
    out = StringIO()
    call_command(
        "pilot_add", "--programme", "hubei-2h", "--society", society_a.uscc,
        "--since", "2017-10-01", stdout=out,
    )  # fmt: skip
    assert PilotMembership.objects.get().batch == batch and "2017年批次" in out.getvalue()
    with pytest.raises(CommandError, match="没有2030年的批次"):
        call_command(
            "pilot_add", "--programme", "hubei-2h", "--society", society_a.uscc, "--batch", "2030"
        )
