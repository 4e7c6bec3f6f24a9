"""AuditBatch: the entries of a bulk write, the same whether given as records or as values."""

import datetime as dt

import pytest

from xuehui.audit.models import AuditEntry
from xuehui.audit.services import AuditBatch
from xuehui.governance.choices import Gender
from xuehui.members.choices import MemberStatus
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


ODD_TEXTS = ['引号"与\\反斜杠', "换行\n制表\t", "\u2028行分隔", "e+1", "", "  ", "ascii"]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_detail_text_written_from_a_row_is_the_canonical_json_of_its_dict(text):
    from xuehui.audit.chain import canonical_json
    from xuehui.audit.diff import created_json_maker, created_values_maker

    fields = [f.attname for f in IndividualMember._meta.concrete_fields]
    rows = [
        {
            "name": text or "张三",
            "employer": text,
            "note": text,
            "id_number": make_id_number(dt.date(1980, 1, 2)),
            "phone": "13812345678",
            "birth_date": dt.date(1980, 1, 2),
            "join_date": dt.date(2001, 2, 3),
            "is_frontline": flag,
            "gender": Gender.MALE,
            "status": MemberStatus.ACTIVE,
            "society_id": 7,
            "left_on": None,
        }
        for flag in (True, False, None)
    ]
    rows.append({"name": "浮点", "society_id": 1.0, "member_number": 2.5})  # the generic path
    made, expected = (
        created_json_maker(IndividualMember, fields),
        created_values_maker(IndividualMember, fields),
    )
    for values in rows:
        row = tuple(values.get(name) for name in fields)
        assert made(row) == canonical_json(expected(row))


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_content_of_a_bulk_write_is_that_of_each_entry(text):
    from django.utils import timezone

    from xuehui.audit.chain import content, content_maker

    now = timezone.now()
    for actor_id, society_id, address in ((None, None, ""), (3, 12, "10.0.0.1"), (1, 2, text)):
        made = content_maker(now, actor_id, address)
        for target_id in ("", "17", text):
            fields = ("individual_member_create", "members.individualmember", target_id)
            detail = '{"changes":{}}'
            assert made(*fields, society_id, text, detail) == content(
                now, actor_id, *fields, society_id, address, text, detail
            )
