"""A register exported masked (the default) imports back: a masked ID number or phone keeps
the number stored for the row's member (matched as the import matches rows: 会员编号, else
the ID number, else the name); one that shows nobody's stored number is refused, and the
import then changes nothing."""

import datetime as dt

import pytest

from xuehui.access import SYSTEM
from xuehui.imports.tests.files import read_xlsx, xlsx_bytes
from xuehui.lib.identifiers import MASKED_ID_NUMBER, MASKED_PHONE, mask_id_number
from xuehui.members.choices import MemberKind
from xuehui.members.exporters import exporter_for
from xuehui.members.importers import importer_for
from xuehui.members.models import IndividualMember, InstitutionalMember
from xuehui.members.services import individual_member_anonymise
from xuehui.tests.factories import make_id_number

from .factories import make_individual_member, make_institutional_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(society_a):
    for n in range(3):
        make_individual_member(
            society_a,
            name=f"会员{n}",
            birth_date=dt.date(1970, 5, 1 + n),
            id_number=make_id_number(dt.date(1970, 5, 1 + n)),
            phone=f"1381234567{n}",
        )


def _rows(society, kind=MemberKind.INDIVIDUAL) -> list[list]:
    return read_xlsx(exporter_for(kind, society, masked=True).write_xlsx())


def _import(society, rows, kind=MemberKind.INDIVIDUAL):
    importer = importer_for(kind, society=society, actor=SYSTEM)
    return importer.run(xlsx_bytes(rows), filename="名册.xlsx")


def _stored(model=IndividualMember):
    return sorted(model.objects.values_list("name", "id_number", "phone", "employer"))


def _set(rows, name, column, value):
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("姓名")] == name:
            row[header.index(column)] = value


def _messages(run) -> set[str]:
    return {e.message for e in run.errors}


def test_a_masked_register_edited_and_imported_keeps_the_stored_numbers(society_a, members):
    before = _stored()
    rows = _rows(society_a)
    assert all("*" in row[rows[0].index("身份证号码")] for row in rows[1:])
    _set(rows, "会员1", "工作单位", "华中科技大学")
    run = _import(society_a, rows)
    assert run.ok, _messages(run)
    after = _stored()
    assert [m[:3] for m in after] == [m[:3] for m in before]
    assert {m[0]: m[3] for m in after}["会员1"] == "华中科技大学"


def test_without_member_numbers_the_masked_number_finds_its_member_by_name(society_a, members):
    before = _stored()
    rows = _rows(society_a)
    for row in rows[1:]:
        row[rows[0].index("会员编号")] = None
    assert _import(society_a, rows).ok
    assert _stored() == before


@pytest.mark.parametrize(
    ("column", "forged", "message"),
    [
        ("身份证号码", "110***********1234", MASKED_ID_NUMBER),
        ("联系电话", "139****9999", MASKED_PHONE),
    ],
)
def test_a_masked_value_that_shows_no_stored_number_is_refused_and_nothing_changes(
    society_a, members, column, forged, message
):
    before = _stored()
    rows = _rows(society_a)
    _set(rows, "会员0", column, forged)
    _set(rows, "会员1", "工作单位", "华中科技大学")
    run = _import(society_a, rows)
    assert not run.ok and message in _messages(run)
    assert _stored() == before


def test_another_member_s_masked_number_is_refused(society_a, members):
    rows = _rows(society_a)
    other = IndividualMember.objects.get(name="会员2")
    _set(rows, "会员0", "身份证号码", mask_id_number(other.id_number))
    assert MASKED_ID_NUMBER in _messages(_import(society_a, rows))


def test_an_institution_s_masked_contact_phone_keeps_the_stored_one(society_a):
    make_institutional_member(society_a, name="甲单位", contact_phone="027-87654321")
    before = _stored_institutions()
    rows = _rows(society_a, MemberKind.INSTITUTIONAL)
    assert "*" in rows[1][rows[0].index("联系电话")]
    assert _import(society_a, rows, MemberKind.INSTITUTIONAL).ok
    assert _stored_institutions() == before
    rows[1][rows[0].index("联系电话")] = "****1111"
    run = _import(society_a, rows, MemberKind.INSTITUTIONAL)
    assert MASKED_PHONE in _messages(run) and _stored_institutions() == before


def _stored_institutions():
    return sorted(InstitutionalMember.objects.values_list("name", "contact_phone"))


def test_an_older_register_does_not_bring_back_an_anonymised_member(society_a, members, admin_user):
    older = read_xlsx(exporter_for(MemberKind.INDIVIDUAL, society_a, masked=False).write_xlsx())
    member = IndividualMember.objects.get(name="会员1")
    individual_member_anonymise(member=member, actor=admin_user, reason="本人申请删除个人信息")
    before = _stored()

    run = _import(society_a, older)
    assert not run.ok
    assert any("已于" in m and "匿名化，不能通过导入恢复" in m for m in _messages(run))
    assert _stored() == before  # nothing written, the other rows included

    since = _rows(society_a)  # exported after the anonymisation: it holds 匿名人员
    _set(since, "会员0", "工作单位", "武汉大学")
    run = _import(society_a, since)
    assert run.ok, _messages(run)
    member.refresh_from_db()
    assert member.name == "匿名人员" and member.id_number == "" and member.phone == ""
