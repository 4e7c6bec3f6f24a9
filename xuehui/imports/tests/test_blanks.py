"""The blank templates: title, header, example row, dropdowns, and they import as expected."""

import io

import openpyxl
import pytest

from xuehui.access import SYSTEM
from xuehui.governance.importers import ROSTER, RosterImporter
from xuehui.imports.kinds import blank_for
from xuehui.societies.importers import SOCIETIES, SocietyImporter


def book(kind: str):
    return openpyxl.load_workbook(io.BytesIO(blank_for(kind).write()))


def test_the_roster_template_has_dropdowns_for_yes_no_and_fixed_choices():
    sheet = book(ROSTER).worksheets[0]
    header = [cell.value for cell in sheet[2]]
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        lists[header[openpyxl.utils.column_index_from_string(column) - 1]] = validation.formula1
    assert lists["一线科技工作者"] == '"是,否"'
    assert lists["性别"] == '"男,女"'
    assert lists["秘书长产生方式"] == '"选任,聘任"'
    assert "中共党员" in lists["政治面貌"]


def test_the_society_template_offers_the_discipline_categories():
    sheet = book(SOCIETIES).worksheets[0]
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"理科,工科,农科,医科,交叉学科"' in formulas


def test_id_numbers_are_text_cells_in_the_template():
    sheet = book(ROSTER).worksheets[0]
    header = [cell.value for cell in sheet[2]]
    column = header.index("身份证号码") + 1
    assert sheet.cell(row=10, column=column).number_format == "@"


def test_the_template_explains_itself_on_a_second_sheet():
    sheet = book(ROSTER)["填写说明"]
    text = "\n".join(str(row[0].value or "") + str(row[2].value or "") for row in sheet.iter_rows())
    assert "学会职务" in text and "顿号" in text


@pytest.mark.django_db
def test_the_blank_roster_template_is_refused_as_empty_not_imported(society_a):
    import datetime as dt

    importer = RosterImporter(
        actor=SYSTEM, society=society_a, term_number=1, term_start=dt.date(2022, 1, 1)
    )
    result = importer.parse_file(blank_for(ROSTER).write(), filename="模板.xlsx")
    assert [str(e) for e in result.errors] == ["第2行：表头下面没有任何数据行"]


@pytest.mark.django_db
def test_a_filled_in_template_imports_and_its_example_row_is_skipped(federation):
    data = book(SOCIETIES)
    sheet = data.worksheets[0]
    for column, value in enumerate([1, "湖北省物理学会", "51420000MJ0000002L", "理科"], start=1):
        sheet.cell(row=4, column=column, value=value)
    buffer = io.BytesIO()
    data.save(buffer)
    result = SocietyImporter(default_federation=federation).parse_file(
        buffer.getvalue(), filename="a.xlsx"
    )
    assert result.header_row == 2
    assert [row.number for row in result.rows] == [4]
    assert result.warnings == []
