"""Word tables read like sheets; old Word and WPS files refused with what to do."""

import io

import docx
import pytest

from xuehui.lib.bounds import Limits
from xuehui.lib.excel import SpreadsheetError, read_sheet, read_workbook


def docx_bytes(*tables: list[list[str]], merge_title: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("某某学会第四届理事会候选人名单")
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if merge_title:
            table.cell(0, 0).merge(table.cell(0, len(rows[0]) - 1))
        document.add_paragraph("注：本表由学会填写。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_each_table_of_a_docx_is_a_sheet_of_text_cells():
    data = docx_bytes([["姓名", "职务"], ["张三", "理事"]], [["姓名"], ["李四"]])
    sheets = read_workbook(data, filename="候选人名单.docx")
    assert [sheet.name for sheet in sheets] == ["表格1", "表格2"]
    assert sheets[0].rows == [["姓名", "职务"], ["张三", "理事"]]
    assert read_sheet(data, filename="名单.docx").rows[1] == ["张三", "理事"]


def test_a_merged_title_cell_repeats_its_text_like_excel():
    rows = [["候选人名单", "", ""], ["姓名", "性别", "职务"], ["张三", "男", ""]]
    sheet = read_sheet(docx_bytes(rows, merge_title=True), filename="名单.docx")
    assert sheet.rows[0] == ["候选人名单"] * 3
    assert sheet.rows[2] == ["张三", "男", None]


def test_a_docx_without_a_table_says_so():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(SpreadsheetError, match="Word文档中没有表格"):
        read_workbook(buffer.getvalue(), filename="名单.docx")


def test_a_docx_table_over_the_row_limit_is_refused_before_it_is_read():
    data = docx_bytes([["姓名"]] + [[f"人{n}"] for n in range(30)])
    with pytest.raises(SpreadsheetError, match="超过上限20行"):
        read_workbook(data, filename="名单.docx", limits=Limits(max_rows=20))


@pytest.mark.parametrize("name", ["名单.doc", "名单.wps", "名单.WPS"])
def test_old_word_and_wps_files_are_refused_with_what_to_do(name):
    with pytest.raises(SpreadsheetError, match="请另存为 .docx 或 .xlsx 后上传"):
        read_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, filename=name)


def test_a_number_cell_formatted_with_two_decimals_is_read_as_it_shows():
    import openpyxl

    from xuehui.lib.parsing import AmbiguousDate, parse_date

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["姓名", "出生年月"], ["张三", 1970.1], ["李四", 1970.1], ["王五", 1965.3]):
        sheet.append(row)
    sheet["B2"].number_format = "0.00"
    sheet["B4"].number_format = "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_sheet(buffer.getvalue(), filename="名册.xlsx").rows
    assert parse_date(rows[1][1]).month == 10  # shown 1970.10
    with pytest.raises(AmbiguousDate):  # General: 1970.1 may have been 1970.10
        parse_date(rows[2][1])
    assert parse_date(rows[3][1]).month == 3
