"""The roster export: the import's columns, and a file that imports back unchanged."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from xuehui.access import SYSTEM
from xuehui.governance.choices import Gender, Office, PoliticalStatus, Selection
from xuehui.governance.exporters import RosterExporter
from xuehui.governance.importers import COLUMNS, RosterImporter
from xuehui.governance.models import Person, Position
from xuehui.imports.tests.files import read_xlsx
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term

START = dt.date(2022, 6, 1)


@pytest.fixture
def roster(society_a):
    """A term with the variety a roster has: ID numbers or not, several posts, ended posts."""
    term = make_term(society_a, number=3, start_on=START)
    president = make_person(
        name="张三",
        birth_date=dt.date(1952, 3, 15),
        id_number=make_id_number(dt.date(1952, 3, 15), male=True),
        political_status=PoliticalStatus.PARTY_MEMBER,
        employer="武汉大学",
        title="教授",
        phone="13800000000",
        is_retired_official=True,
    )
    make_position(
        term, Office.PRESIDENT, president, consecutive_terms=2, approval_ref="鄂组干〔2022〕1号"
    )
    secretary = make_person(
        name="李四",
        gender=Gender.FEMALE,
        birth_date=dt.date(1980, 7, 1),
        education="博士研究生",
        is_frontline=None,  # unknown (未填) must come back unknown, not 否
        member_unit_head=True,
    )
    make_position(
        term,
        Office.SECRETARY_GENERAL,
        secretary,
        selection=Selection.ELECTED,
        is_full_time=True,
        is_paid=True,
    )
    make_position(term, Office.STANDING_DIRECTOR, secretary, is_full_time=True, is_paid=True)
    leaver = make_person(
        name="王五",
        birth_date=dt.date(1970, 1, 1),
        is_frontline=False,
        is_retired_cadre=True,
        member_unit_head=False,
    )
    make_position(term, Office.DIRECTOR, leaver, end_on=dt.date(2024, 3, 1))
    make_position(
        term,
        Office.SUPERVISOR,
        make_person(name="赵六", birth_date=dt.date(1975, 5, 1)),
        start_on=dt.date(2023, 1, 1),
    )
    return term


def snapshot(term) -> tuple:
    positions = sorted(
        (
            p.person_id,
            p.office,
            p.start_on,
            p.end_on,
            p.selection,
            p.is_full_time,
            p.is_paid,
            p.approval_ref,
            p.consecutive_terms,
        )
        for p in Position.objects.filter(term=term)
    )
    people = sorted(
        tuple(sorted(model_to_dict(p).items()))
        for p in Person.objects.filter(positions__term=term).distinct()
    )
    return positions, people


def test_the_export_has_a_title_row_and_the_import_columns(roster):
    rows = read_xlsx(RosterExporter(roster).write_xlsx())
    assert rows[0][0] == "湖北省环境科学学会第3届理事会成员名册"
    assert tuple(rows[1]) == tuple(c.name for c in COLUMNS)
    by_name = {row[0]: dict(zip(rows[1], row, strict=True)) for row in rows[2:]}
    assert list(by_name) == ["张三", "李四", "王五", "赵六"]
    assert by_name["李四"]["学会职务"] == "秘书长、常务理事"
    assert by_name["李四"]["秘书长产生方式"] == "选任"
    assert (
        by_name["张三"]["身份证号码"]
        == roster.positions.get(office=Office.PRESIDENT).person.id_number
    )
    assert by_name["张三"]["退（离）休领导干部"] == "是"
    assert by_name["李四"]["一线科技工作者"] == "未填"
    assert by_name["李四"]["会员单位负责人"] == "是"
    assert by_name["王五"]["退休干部"] == "是"
    assert by_name["王五"]["会员单位负责人"] == "否"
    assert by_name["赵六"]["退休干部"] == "未填"


def test_a_masked_export_hides_id_and_phone_numbers(roster):
    rows = read_xlsx(RosterExporter(roster, masked=True).write_xlsx())
    zhang = dict(zip(rows[1], rows[2], strict=True))
    assert zhang["身份证号码"].startswith("420") and "*" * 11 in zhang["身份证号码"]
    assert zhang["联系电话"] == "138****0000"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_identical_positions_and_people(
    roster, society_a, tmp_path, suffix
):
    before = snapshot(roster)
    path = tmp_path / f"名册{suffix}"
    call_command("export_roster", str(path), society=society_a.uscc, term=3)
    importer = RosterImporter(actor=SYSTEM, society=society_a, term_number=3, term_start=START)
    run = importer.run(path)
    assert [str(e) for e in run.errors] == []
    assert snapshot(roster) == before
    assert run.outcome.created == [] and run.outcome.updated == []
    assert len(run.outcome.unchanged) == 4
    assert "新增职务0个，更新职务0个，删除职务0个" in run.outcome.notes[0]


def test_an_exported_roster_imports_into_another_society_as_its_own_records(
    roster, society_a, society_b, tmp_path
):
    path = tmp_path / "名册.xlsx"
    call_command("export_roster", str(path), society=society_a.uscc, term=3)
    importer = RosterImporter(actor=SYSTEM, society=society_b, term_number=1, term_start=START)
    refused = importer.run(path)  # a masked number shows nobody in society B
    assert "身份证号为脱敏显示，无法核对，请填写完整号码" in {e.message for e in refused.errors}
    call_command(
        "export_roster", str(path), society=society_a.uscc, term=3, full=True, reason="并入乙学会"
    )
    before = snapshot(roster)
    run = RosterImporter(actor=SYSTEM, society=society_b, term_number=1, term_start=START).run(path)
    assert run.ok
    # Society B gets records of its own; 张三's is linked to the same identity as A's.
    zhang = Person.objects.filter(name="张三")
    assert {p.society_id for p in zhang} == {society_a.pk, society_b.pk}
    assert len({p.identity_id for p in zhang}) == 1 and zhang[0].identity_id is not None
    assert Person.objects.filter(name="李四").count() == 2
    assert snapshot(roster) == before
