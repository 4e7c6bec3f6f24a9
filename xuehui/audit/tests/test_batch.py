"""AuditBatch: the entries of a bulk write, the same whether given as records or as values."""

import datetime as dt

import pytest

from xuehui.audit.models import AuditEntry
from xuehui.audit.services import AuditBatch
from xuehui.members.models import IndividualMember
from xuehui.tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def test_entries_of_new_records_given_as_values_are_those_of_the_records(society_a):
    member = IndividualMember.objects.create(
        society=society_a,
        name="张三",
        member_number="A1",
        id_number=make_id_number(dt.date(1980, 1, 2)),
        birth_date=dt.date(1980, 1, 2),
        phone="13812345678",
    )
    values = {f.attname: getattr(member, f.attname) for f in IndividualMember._meta.concrete_fields}
    batch = AuditBatch(actor=None, source="test_import")
    batch.created(member, action="individual_member_create", society=society_a, summary="甲")
    batch.created_each(
        IndividualMember,
        iter([(member.pk, values, "甲")]),
        action="individual_member_create",
        society=society_a,
    )
    batch.created(member, action="individual_member_create", society=society_a, summary="甲")
    fields = list(reversed(values))  # values by position, in any order the caller writes them
    batch.created_each(
        IndividualMember,
        iter([(member.pk, tuple(values[name] for name in fields), "甲")]),
        action="individual_member_create",
        society=society_a,
        fields=fields,
    )
    assert batch.save() == 4
    entries = list(
        AuditEntry.objects.order_by("pk").values(
            "action", "target_type", "target_id", "society", "summary", "detail", "actor"
        )
    )
    assert len(entries) == 4 and entries[0] == entries[1] == entries[2] == entries[3]
    assert entries[0]["detail"]["changes"]["phone"] == [None, "138****5678"]
