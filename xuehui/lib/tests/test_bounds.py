"""Spreadsheets are measured before they are parsed: the review's crash files are refused in
well under a second, with a message naming the limit, and ordinary files still read."""

import io
import zipfile

import openpyxl
import pytest

from xuehui.lib.bounds import Limits, over_limit_texts, size_text
from xuehui.lib.excel import SpreadsheetError, read_workbook

from .timing import cpu_seconds, cpu_time, ordinary_read
from .xls import xls_bytes

SMALL = Limits(max_rows=1000, max_columns=50, max_cells=20_000, max_sheets=5)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _xlsx(sheet_body: bytes | str) -> bytes:
    """A hand-built workbook whose one sheet has exactly the given XML body."""
    if isinstance(sheet_body, str):
        sheet_body = sheet_body.encode()
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + sheet_body
        + b"</worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _refused(data: bytes, filename: str, limits: Limits | None = None, within: float = 1.0) -> str:
    """Refused, in less CPU time than `within` times reading an ordinary 2,000-row roster."""
    with cpu_time() as watch, pytest.raises(SpreadsheetError) as caught:
        read_workbook(data, filename=filename, limits=limits)
    assert watch.seconds < within * ordinary_read(), (watch.seconds, ordinary_read())
    return str(caught.value)


def test_the_corner_cell_file_is_refused_before_the_reader_allocates():
    body = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    data = _xlsx(body)
    assert len(data) < 2000
    message = _refused(data, "名册.xlsx")
    assert "1,048,576行" in message and "上限200,000行" in message


def test_a_declared_dimension_beyond_the_limits_is_refused():
    body = '<dimension ref="A1:ALL300000"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    assert "行" in _refused(_xlsx(body), "名册.xlsx")


def test_a_merged_range_beyond_the_limits_is_refused():
    body = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        '<mergeCells count="1"><mergeCell ref="A1:XFD20"/></mergeCells>'
    )
    message = _refused(_xlsx(body), "名册.xlsx")
    assert "16,384列" in message


def test_cells_without_references_are_counted_in_order():
    row = "<row>" + "<c><v>1</v></c>" * 60 + "</row>"
    message = _refused(_xlsx(f"<sheetData>{row}</sheetData>"), "名册.xlsx", SMALL)
    assert "第1个工作表" in message and "上限50列" in message


def test_a_zip_bomb_is_refused_by_its_uncompressed_size_without_inflating_it():
    filler = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b"0" * (60 * 1024 * 1024)
        + b"</t></is></c></row>"
    )
    data = _xlsx(b"<sheetData>" + filler + b"</sheetData>")
    assert len(data) < 1024 * 1024
    limits = Limits(max_uncompressed_bytes=50 * 1024 * 1024, max_ratio=100_000)
    assert "解压后大小" in _refused(data, "名册.xlsx", limits)


def test_a_high_compression_ratio_is_refused():
    filler = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b"0" * (40 * 1024 * 1024)
        + b"</t></is></c></row>"
    )
    data = _xlsx(b"<sheetData>" + filler + b"</sheetData>")
    assert "压缩比" in _refused(data, "名册.xlsx")


def _numbered_rows(count: int) -> bytes:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))
    return _xlsx(f"<sheetData>{rows}</sheetData>")


def test_a_million_row_roster_is_refused_at_the_row_limit_not_at_its_end():
    million, quarter = _numbered_rows(1_000_000), _numbered_rows(250_000)
    # Measured ×6 of reading an ordinary 2,000-row roster: the scan reads up to row 200,001.
    message = _refused(million, "名册.xlsx", within=30)
    assert "超过上限200,000行" in message
    # Four times the rows, about the same time (measured ×1.0): the reader stops at the limit.
    ratio = cpu_seconds(lambda: read_workbook(million, filename="名册.xlsx")) / cpu_seconds(
        lambda: read_workbook(quarter, filename="名册.xlsx")
    )
    assert ratio < 2.0, ratio


def test_too_many_sheets_are_refused():
    book = openpyxl.Workbook()
    for number in range(7):
        book.create_sheet(f"表{number}")
    buffer = io.BytesIO()
    book.save(buffer)
    assert "工作表" in _refused(buffer.getvalue(), "名册.xlsx", SMALL)


def test_an_xls_with_a_far_corner_cell_is_refused():
    rows: list[list] = [[] for _ in range(65536)]
    rows[0] = ["姓名"]
    rows[65535] = [None] * 255 + ["x"]
    message = _refused(xls_bytes(rows), "名册.xls")
    assert "列" in message or "单元格" in message


def test_a_csv_with_too_many_lines_is_refused():
    data = "姓名\n".encode() + b"a\n" * 1500
    assert "超过上限1,000行" in _refused(data, "名册.csv", SMALL)


def test_a_csv_with_too_many_columns_is_refused():
    data = ",".join(["x"] * 80).encode()
    assert "80列" in _refused(data, "名册.csv", SMALL)


def test_an_oversized_file_is_refused_with_a_precise_size():
    limits = Limits(max_bytes=20 * 1024 * 1024)
    data = b"a" * (20 * 1024 * 1024 + 1)
    message = _refused(data, "名册.csv", limits)
    assert "文件大小为20,971,521 字节，超过上限20,971,520 字节" in message
    assert size_text(20 * 1024 * 1024 + 30_000) == "20.03 MB"


@pytest.mark.parametrize("extension", ["xlsx", "xls", "csv"])
def test_ordinary_files_within_the_limits_still_read(extension):
    rows = [["序号", "姓名", "学会职务"]] + [[n, f"人员{n}", "理事"] for n in range(1, 301)]
    if extension == "xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.active.merge_cells("A302:C302")
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    elif extension == "xls":
        data = xls_bytes(rows)
    else:
        data = "\n".join(",".join(str(v) for v in row) for row in rows).encode()
    sheets = read_workbook(data, filename=f"名册.{extension}", limits=SMALL)
    assert sheets[0].rows[300][1] == "人员300"


def test_the_limits_come_from_the_settings(settings):
    settings.XUEHUI_SHEET_MAX_ROWS = 10
    data = "\n".join(["x"] * 20).encode()
    with pytest.raises(SpreadsheetError, match="上限10行"):
        read_workbook(data, filename="名册.csv")


def test_a_size_just_over_the_limit_never_reads_as_the_limit():
    mb = 1024 * 1024
    assert over_limit_texts(20 * mb + 30_000, 20 * mb) == ("20.03 MB", "20.00 MB")
    assert over_limit_texts(20 * mb + 2_000, 20 * mb) == ("20.002 MB", "20.000 MB")
    assert over_limit_texts(20 * mb + 1, 20 * mb) == ("20,971,521 字节", "20,971,520 字节")
    assert over_limit_texts(1001, 1000) == ("1,001 字节", "1,000 字节")


def test_a_cell_far_below_its_row_is_measured_by_its_own_reference():
    body = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B900000"><v>1</v></c></row></sheetData>'
    )
    assert "900,000行" in _refused(_xlsx(body), "名册.xlsx")


@pytest.mark.parametrize("ref", ['r="$A$1"', 'r="A1"', ""])
def test_absolute_prefixed_and_missing_references_take_the_slow_path(ref):
    cells = f"<x:c {ref}><x:v>1</x:v></x:c>" + "<x:c><x:v>1</x:v></x:c>" * 60
    body = f'<x:sheetData><x:row r="1">{cells}</x:row></x:sheetData>'
    assert "上限50列" in _refused(_xlsx(body), "名册.xlsx", SMALL)


def test_a_row_without_cells_still_counts():
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="300000" spans="1:1"/>'
    assert "300,000行" in _refused(_xlsx(f"<sheetData>{rows}</sheetData>"), "名册.xlsx")
