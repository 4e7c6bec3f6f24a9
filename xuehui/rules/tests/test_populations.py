"""Populations as the documents' words say: 专兼职 staff, 境内外 exchanges, all 退休干部."""

import datetime as dt

import pytest

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.rules.choices import Status
from xuehui.rules.facts import gather
from xuehui.secretariat.models import StaffMember
from xuehui.tests import factories as f

from .test_engine import result

ON = dt.date(2024, 12, 31)


@pytest.fixture
def society(db):
    society = f.make_society()
    # Tianjin's group 二 (tasks 7–10) applies to a society that re-elected after 2018.
    f.make_term(society, number=0, start_on=dt.date(2017, 6, 1), ended_on=dt.date(2022, 6, 1))
    f.make_term(society, start_on=dt.date(2022, 6, 1))
    return society


def hire(society, name, *, full_time):
    return StaffMember.objects.create(
        society=society, name=name, contract_start=dt.date(2023, 1, 1), is_full_time=full_time
    )


def test_tianjin_counts_part_time_staff_as_office_staff(society):
    assert result("tianjin-tasks:T10.1.b", society, ON).status == Status.FAIL
    hire(society, "兼职会计", full_time=False)
    outcome = result("tianjin-tasks:T10.1.b", society, ON)
    assert outcome.status == Status.PASS
    assert "专兼职" in outcome.explanation


def test_a_part_time_employee_is_not_full_time_staff_elsewhere(society):
    hire(society, "兼职会计", full_time=False)
    assert result("hubei-2h-2017:5.1.7", society, ON).status == Status.FAIL
    facts = gather([society.pk], ON)[society.pk]
    assert facts["staff.full_time"] == 0
    assert facts["staff.all"] == 1


@pytest.mark.parametrize(
    ("kind", "level", "status"),
    [
        (ActivityKind.INTERNATIONAL, ActivityLevel.INTERNATIONAL, Status.PASS),
        (ActivityKind.ACADEMIC_EXCHANGE, ActivityLevel.PROVINCIAL, Status.PASS),
        (ActivityKind.SCIENCE_POPULARIZATION, ActivityLevel.PROVINCIAL, Status.NOT_DONE),
    ],
)
def test_tianjin_counts_domestic_as_well_as_international_exchanges(society, kind, level, status):
    Activity.objects.create(
        society=society,
        title="交流活动",
        kind=kind,
        level=level,
        role=ActivityRole.HOST,
        start_on=dt.date(2024, 5, 1),
        end_on=dt.date(2024, 5, 1),
    )
    assert result("tianjin-tasks:T12.4", society, ON).status == status
