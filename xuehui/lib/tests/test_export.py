import io
import tracemalloc

from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from xuehui.lib import export
from xuehui.lib.export import MAX_WIDTH, Exporter
from xuehui.lib.text import display_width


class Societies(Exporter):
    sheet_title = "学会"
    title = "学会名录"
    header = ("学会名称", "代码", "说明")

    def row(self, obj):
        return obj


def sheet_of(exporter):
    return load_workbook(io.BytesIO(exporter.write_xlsx())).active


def test_display_width_counts_chinese_characters_twice():
    assert display_width("武汉市土木建筑学会") == 18
    assert display_width("ABC123") == 6
    assert display_width("（全角）") == 8
    assert display_width("第一行\n更长的第二行") == 12


def test_columns_fit_chinese_names_and_long_text_wraps():
    sheet = sheet_of(Societies([("武汉市土木建筑学会", "51420100", "说明" * 80)]))
    assert sheet.column_dimensions["A"].width >= display_width("武汉市土木建筑学会")
    assert sheet.column_dimensions["C"].width == MAX_WIDTH
    assert sheet["C3"].alignment.wrap_text
    assert not sheet["A3"].alignment.wrap_text


def test_a_printed_export_is_a4_with_the_header_on_every_page():
    narrow = sheet_of(Societies([("湖北省数学学会", "1", "")]))
    assert int(narrow.page_setup.paperSize) == 9  # A4
    assert narrow.page_setup.orientation == "portrait"
    assert narrow.print_title_rows == "$1:$2"  # the title row and the header
    assert narrow.freeze_panes == "A3"
    wide = sheet_of(Societies([("湖北省数学学会" * 4, "1", "说明" * 80)]))
    assert wide.page_setup.orientation == "landscape"
    assert wide.sheet_properties.pageSetUpPr.fitToPage


class Numbers(Exporter):
    header = ("学会", "代码", "说明", "数")

    def row(self, n):
        return (f"学会{n}", f"5142{n:08d}", "说明文字" * 5, n)


def _peak(rows: int, target) -> int:
    tracemalloc.start()
    try:
        Numbers(range(rows)).write_xlsx(target)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_export_streams_so_ten_times_the_rows_take_about_the_same_memory(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(export, "WIDTH_SAMPLE", 50)
    small = _peak(300, tmp_path / "small.xlsx")
    big = _peak(3000, tmp_path / "big.xlsx")
    assert big < 2 * small  # a sheet held in memory grows about tenfold
    sheet = load_workbook(tmp_path / "big.xlsx").active
    assert sheet.max_row == 3001 and sheet["D3001"].value == 2999


def test_columns_are_sized_from_the_first_rows_then_rows_stream(monkeypatch):
    monkeypatch.setattr(export, "WIDTH_SAMPLE", 2)
    sheet = sheet_of(Societies([("甲", "1", ""), ("乙", "2", ""), ("很长的学会名称" * 3, "3", "")]))
    assert sheet.column_dimensions["A"].width == 10  # the header (学会名称 + 2), not row 3
    assert [sheet.cell(row=r, column=1).value for r in (3, 4)] == ["甲", "乙"]
    assert sheet["A5"].value == "很长的学会名称" * 3


class Coloured(Exporter):
    header = ("名称", "比率")

    def row(self, obj):
        return obj

    def cell_styles(self, obj):
        return {1: {"number_format": "0%", "fill": PatternFill("solid", fgColor="C6EFCE")}}


def test_a_subclass_styles_cells_as_they_are_written_and_formula_text_stays_text():
    sheet = sheet_of(Coloured([("=1+1", 0.5)]))
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == "0%"
    assert sheet["B2"].fill.fgColor.rgb.endswith("C6EFCE")
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")


def test_a_fill_reports_its_progress_every_hundred_rows():
    book = export.new_workbook()
    seen: list[int] = []
    assert Numbers(range(250)).fill_sheet(book.create_sheet(), progress=seen.append) == 250
    assert seen == [100, 200]
    assert export.save_workbook(book)[:2] == b"PK"
