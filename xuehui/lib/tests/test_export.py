import io

from openpyxl import load_workbook

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
