"""A roster exported masked (the default) imports back: a masked ID number or phone keeps the
number stored for that person; one that shows nobody's stored number is refused, and the
import then changes nothing."""

import datetime as dt

import pytest

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Office
from xuehui.governance.exporters import RosterExporter
from xuehui.governance.importers import RosterImporter
from xuehui.governance.models import Person, Position
from xuehui.imports.tests.files import read_xlsx, xlsx_bytes
from xuehui.lib.identifiers import MASKED_ID_NUMBER, MASKED_PHONE, mask_id_number
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term

pytestmark = pytest.mark.django_db

START = dt.date(2022, 6, 1)


@pytest.fixture
def term(society_a):
    term = make_term(society_a, number=3, start_on=START)
    for n, office in enumerate((Office.PRESIDENT, Office.DIRECTOR, Office.DIRECTOR)):
        person = make_person(
            society=society_a,
            name=f"成员{n}",
            birth_date=dt.date(1965, 3, 15 + n),
            id_number=make_id_number(dt.date(1965, 3, 15 + n)),
            phone=f"1391234567{n}",
            employer="武汉大学",
        )
        make_position(term, office, person)
    return term


def _masked_rows(term) -> list[list]:
    """The masked export's header and rows (without its title row)."""
    rows = [list(row) for row in read_xlsx(RosterExporter(term, masked=True).write_xlsx())]
    return rows[1:]


def _import(society, rows):
    importer = RosterImporter(actor=SYSTEM, society=society, term_number=3, term_start=START)
    return importer.run(xlsx_bytes(rows), filename="名册.xlsx")


def _people(society):
    return sorted(
        Person.objects.filter(society=society).values_list("name", "id_number", "phone", "employer")
    )


def _set(rows, name, column, value):
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("姓名")] == name:
            row[header.index(column)] = value


def test_a_masked_export_edited_and_imported_keeps_the_stored_numbers(society_a, term):
    before = _people(society_a)
    rows = _masked_rows(term)
    assert "*" in rows[1][rows[0].index("身份证号码")]
    _set(rows, "成员1", "工作单位", "华中科技大学")
    run = _import(society_a, rows)
    assert run.ok, [str(e) for e in run.errors]
    [updated] = run.outcome.updated
    assert updated.startswith("成员1") and "工作单位" in updated
    after = _people(society_a)
    assert [p[:3] for p in after] == [p[:3] for p in before]  # ID numbers and phones kept
    assert {p[0]: p[3] for p in after}["成员1"] == "华中科技大学"
    assert Position.objects.filter(term=term).count() == 3


@pytest.mark.parametrize(
    ("column", "forged", "message"),
    [
        ("身份证号码", "110***********1234", MASKED_ID_NUMBER),
        ("联系电话", "139****9999", MASKED_PHONE),
    ],
)
def test_a_masked_value_that_shows_no_stored_number_is_refused_and_nothing_changes(
    society_a, term, column, forged, message
):
    before, entries = _people(society_a), AuditEntry.objects.count()
    rows = _masked_rows(term)
    _set(rows, "成员0", column, forged)
    _set(rows, "成员1", "工作单位", "华中科技大学")
    run = _import(society_a, rows)
    assert not run.ok
    assert any(message in str(error) for error in run.errors), [str(e) for e in run.errors]
    assert _people(society_a) == before and AuditEntry.objects.count() == entries


def test_another_person_s_masked_number_is_refused(society_a, term):
    rows = _masked_rows(term)
    other = Person.objects.get(society=society_a, name="成员2")
    _set(rows, "成员0", "身份证号码", mask_id_number(other.id_number))
    run = _import(society_a, rows)
    assert any(MASKED_ID_NUMBER in str(error) for error in run.errors)


def test_a_masked_number_for_a_new_person_is_refused(society_a, term):
    rows = _masked_rows(term)
    header = rows[0]
    new = list(rows[1])
    new[header.index("姓名")] = "新人"
    rows.append(new)
    run = _import(society_a, rows)
    assert any(MASKED_ID_NUMBER in str(error) for error in run.errors)
    assert not Person.objects.filter(name="新人").exists()
