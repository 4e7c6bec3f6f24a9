"""W8a: every service write through audited_save/audited_delete keeps old and new values."""

import datetime as dt
from decimal import Decimal

import pytest

from xuehui.audit.models import AuditEntry
from xuehui.members.models import IndividualMember
from xuehui.members.services import (
    individual_member_delete,
    individual_member_save,
)
from xuehui.secretariat.models import StaffMember
from xuehui.secretariat.services import (
    staff_member_delete,
    staff_member_save,
)

pytestmark = pytest.mark.django_db


def _changed(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


def test_an_update_records_old_and_new_value_of_each_changed_field(society_a, secretary_a):
    staff = staff_member_save(
        staff=StaffMember(
            society=society_a,
            name="张三",
            post="秘书",
            contract_start=dt.date(2024, 1, 1),
            monthly_pay=Decimal("5000.00"),
        ),
        actor=secretary_a,
    )
    created = _entry("staff_member_create").detail
    assert created["operation"] == "create"
    assert created["changes"]["name"] == [None, "张三"]
    assert created["changes"]["contract_start"] == [None, "2024-01-01"]

    staff_member_save(
        staff=_changed(staff, post="秘书长", monthly_pay=Decimal("6500")), actor=secretary_a
    )
    detail = _entry("staff_member_update").detail
    assert detail["operation"] == "update"
    assert detail["changes"] == {
        "post": ["秘书", "秘书长"],
        "monthly_pay": ["5000.00", "6500"],
    }


def test_a_delete_keeps_the_full_old_record(society_a, secretary_a):
    staff = staff_member_save(
        staff=StaffMember(
            society=society_a,
            name="李四",
            post="会计",
            contract_start=dt.date(2023, 3, 1),
            is_finance_staff=True,
        ),
        actor=secretary_a,
    )
    staff_member_delete(staff=staff, actor=secretary_a)
    old = _entry("staff_member_delete").detail["old"]
    assert old["name"] == "李四" and old["post"] == "会计" and old["is_finance_staff"] is True
    assert old["society"] == society_a.pk


def test_personal_fields_are_masked_in_the_stored_diff(society_a, secretary_a):
    member = individual_member_save(
        member=IndividualMember(
            society=society_a,
            name="王五",
            id_number="420106198001011237",
            phone="13812345678",
            birth_date=dt.date(1980, 1, 1),
        ),
        actor=secretary_a,
    )
    individual_member_save(member=_changed(member, phone="13987654321"), actor=secretary_a)
    changes = _entry("individual_member_update").detail["changes"]
    assert changes == {"phone": ["138****5678", "139****4321"]}
    created = _entry("individual_member_create").detail["changes"]
    assert created["id_number"][1] == "420***********1237"
    assert created["birth_date"][1] == "1980-**-**"
    individual_member_delete(member=member, actor=secretary_a)
    old = _entry("individual_member_delete").detail["old"]
    assert old["id_number"] == "420***********1237" and old["phone"] == "139****4321"
    stored = str(AuditEntry.objects.values_list("detail", flat=True))
    assert "420106198001011237" not in stored and "13987654321" not in stored


def test_an_unchanged_save_records_no_changes(society_a, secretary_a):
    staff = staff_member_save(
        staff=StaffMember(society=society_a, name="赵六", contract_start=dt.date(2024, 1, 1)),
        actor=secretary_a,
    )
    staff_member_save(staff=_changed(staff, name="赵六"), actor=secretary_a)
    assert _entry("staff_member_update").detail["changes"] == {}
