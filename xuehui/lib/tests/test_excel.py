import datetime as dt
import io

import openpyxl
import pytest

from xuehui.lib.excel import (
    SpreadsheetError,
    detect_kind,
    read_sheet,
    read_workbook,
    stream_sheet,
)

from .xls import xls_bytes


def xlsx_bytes(*sheets: tuple[str, list[list]], merge: str = "", hidden: str = "") -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merge:
            sheet.merge_cells(merge)
        if name == hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reads_an_xlsx_sheet_with_excel_row_numbers_and_typed_cells():
    data = xlsx_bytes(
        (
            "名册",
            [
                ["标题"],
                [],
                ["姓名", "出生年月"],
                ["张三", dt.date(1965, 3, 1)],
                [" 李四 ", 1965.03],
            ],
        )
    )
    sheet = read_sheet(data, filename="名册.xlsx")
    assert sheet.name == "名册"
    assert sheet.rows[0][0] == "标题"
    assert all(cell is None for cell in sheet.rows[1])
    assert sheet.rows[2][:2] == ["姓名", "出生年月"]
    assert sheet.rows[3][1] in (dt.date(1965, 3, 1), dt.datetime(1965, 3, 1))
    assert sheet.rows[4] == [" 李四 ", 1965.03]


def test_a_title_row_that_does_not_start_in_a1_keeps_row_numbers():
    book = openpyxl.Workbook()
    book.active["C3"] = "表头"
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read_sheet(buffer.getvalue(), filename="a.xlsx")
    assert sheet.rows[2][2] == "表头"


def test_a_merged_cell_fills_its_whole_range():
    data = xlsx_bytes(("S", [["某某学会名册", None, None], ["a", "b", "c"]]), merge="A1:C1")
    sheet = read_sheet(data, filename="a.xlsx")
    assert sheet.rows[0] == ["某某学会名册"] * 3


def test_it_reads_every_sheet_of_a_workbook_and_marks_hidden_ones():
    data = xlsx_bytes(("基本信息", [["a"]]), ("理事会", [["b"]]), ("说明", [["c"]]), hidden="说明")
    sheets = read_workbook(data, filename="book.xlsx")
    assert [s.name for s in sheets] == ["基本信息", "理事会", "说明"]
    assert [s.visible for s in sheets] == [True, True, False]


def test_read_sheet_finds_a_sheet_by_name_or_index_and_says_when_it_is_missing():
    data = xlsx_bytes(("一", [["a"]]), ("二", [["b"]]))
    assert read_sheet(data, filename="b.xlsx", sheet="二").rows == [["b"]]
    assert read_sheet(data, filename="b.xlsx", sheet=1).name == "二"
    with pytest.raises(SpreadsheetError, match="没有名为「三」的工作表"):
        read_sheet(data, filename="b.xlsx", sheet="三")


def test_the_first_sheet_with_data_is_the_default():
    data = xlsx_bytes(("空", []), ("名册", [["姓名"]]))
    assert read_sheet(data, filename="b.xlsx").name == "名册"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_it_reads_csv_in_utf8_with_or_without_bom_gbk_and_utf16(encoding):
    text = "学会名册\r\n姓名,出生年月\r\n张三,1965.03\r\n,\r\n王五,\r\n"
    sheet = read_sheet(text.encode(encoding), filename="名册.csv")
    assert sheet.rows[1] == ["姓名", "出生年月"]
    assert sheet.rows[2] == ["张三", "1965.03"]
    assert sheet.rows[3] == [None, None]
    assert sheet.rows[4] == ["王五", None]


def test_a_tab_separated_text_file_saved_as_csv_is_read():
    sheet = read_sheet("姓名\t性别\n张三\t男\n".encode(), filename="a.csv")
    assert sheet.rows == [["姓名", "性别"], ["张三", "男"]]


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "a.xlsx", "文件是空的"),
        (b"%PDF-1.4\x00\x01\x02binary", "a.pdf", "仅支持Excel"),
        (b"%PDF-1.4\x00\x01\x02binary", "a.xlsx", "不是Excel表格"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.csv", "不是表格"),
        (b"PK\x03\x04garbage that is not a workbook", "a.xlsx", "无法读取该Excel文件"),
        (b"PK\x03\x04garbage", "a.csv", "内容不是CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", "无法读取该Excel文件"),
    ],
)
def test_what_is_not_a_spreadsheet_gets_a_chinese_error_not_a_traceback(data, filename, reason):
    with pytest.raises(SpreadsheetError, match=reason):
        read_workbook(data, filename=filename)


def test_a_docx_renamed_to_xlsx_is_refused():
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(SpreadsheetError, match="文件内容与扩展名.xlsx不符"):
        read_workbook(buffer.getvalue(), filename="名册.xlsx")


def test_detect_kind_judges_by_content():
    assert detect_kind(xlsx_bytes(("a", [["x"]])), "a.xlsx") == "excel"
    assert detect_kind(b"a,b\n", "a.csv") == "csv"


def test_it_reads_from_a_path_and_from_a_file_object(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(xlsx_bytes(("S", [["x"]])))
    assert read_sheet(path).rows == [["x"]]
    with path.open("rb") as handle:
        assert read_sheet(handle).rows == [["x"]]
    with pytest.raises(SpreadsheetError, match="无法打开文件"):
        read_sheet(tmp_path / "没有.xlsx")


def test_a_large_sheet_reads_every_row_in_order():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("会员")
    sheet.append(["姓名", "性别", "出生年月", "工作单位", "职称", "入会日期"])
    for i in range(5_000):
        sheet.append([f"会员{i}", "男", 1965.03, "武汉大学", "教授", dt.date(2020, 1, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_sheet(buffer.getvalue(), filename="会员.xlsx").rows
    assert len(rows) == 5_001
    assert rows[-1][0] == "会员4999"


def test_it_reads_an_old_xls_workbook():
    rows = [
        ["名册"],
        [],
        ["姓名", "出生年月", "身份证号码"],
        ["张三", 1965.03, "420106196503011234"],
    ]
    sheet = read_sheet(xls_bytes(rows, sheet="理事会"), filename="名册.xls")
    assert sheet.name == "理事会"
    assert sheet.rows[0][0] == "名册"
    assert sheet.rows[2] == ["姓名", "出生年月", "身份证号码"]
    assert sheet.rows[3] == ["张三", 1965.03, "420106196503011234"]


@pytest.mark.parametrize("name", ["名单.doc", "候选人.WPS", "汇报.ppt", "汇报.dps", "名册.docx"])
def test_old_word_and_presentation_files_are_refused_with_what_to_do(name):
    with pytest.raises(SpreadsheetError) as caught:
        detect_kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, name)
    assert "另存为 .docx 或 .xlsx 后上传" in str(caught.value)


def _lost_zero_book() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名册"
    sheet["B2"] = "某某学会名册"
    sheet.merge_cells("B2:D2")
    sheet.append([None, "姓名", "入会年月", "出生年月"])
    sheet.append([None, "张三", 1970.1, 1970.1])
    sheet["C4"].number_format = "0.00"
    sheet.append([None, "李四", dt.date(2001, 5, 6), None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "sheet"),
    [
        (_lost_zero_book(), "a.xlsx", None),
        (xlsx_bytes(("空", []), ("名册", [["姓名"], ["张三"]])), "b.xlsx", None),
        (xlsx_bytes(("一", [["a"]]), ("二", [["b"], [None, "c"]])), "b.xlsx", "二"),
        (xlsx_bytes(("一", [["a"]]), ("二", [["b"]]), hidden="一"), "b.xlsx", None),
        (xlsx_bytes(("S", [["标题", None, None], ["a", "b", "c"]]), merge="A1:C2"), "c.xlsx", 0),
        ("姓名,年龄\n张三,3\n".encode(), "d.csv", None),
    ],
)
def test_a_streamed_sheet_gives_the_rows_read_sheet_gives(data, filename, sheet):
    read = read_sheet(data, filename=filename, sheet=sheet)
    streamed = stream_sheet(data, filename=filename, sheet=sheet)
    assert streamed.name == read.name
    assert list(streamed.rows) == read.rows
    assert streamed.height == len(read.rows)


def test_a_streamed_excel_sheet_is_read_row_by_row_with_zeros_shown_as_formatted():
    streamed = stream_sheet(_lost_zero_book(), filename="a.xlsx")
    assert not isinstance(streamed.rows, list)
    assert next(streamed.rows) == [None] * 4
    assert next(streamed.rows) == [None, *["某某学会名册"] * 3]
    next(streamed.rows)
    assert next(streamed.rows) == [None, "张三", "1970.10", 1970.1]


def test_a_streamed_workbook_without_data_is_refused_as_read_sheet_refuses_it():
    with pytest.raises(SpreadsheetError, match="没有任何数据"):
        stream_sheet(xlsx_bytes(("空", [])), filename="e.xlsx")
