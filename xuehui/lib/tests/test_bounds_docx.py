"""Word documents (the member register may come as a .docx table) are measured like
spreadsheets before python-docx parses them: a zip bomb by its uncompressed size or ratio, a
million-row table at the row limit, each refused with a Chinese message in less CPU time than
a small multiple of reading an ordinary 2,000-row roster, measured in the same run (python-docx
would take minutes over the million rows)."""

import io
import zipfile

import pytest

from xuehui.lib.bounds import Limits
from xuehui.lib.excel import SpreadsheetError, read_workbook

from .test_excel_docx import docx_bytes
from .timing import cpu_time, ordinary_read

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body: bytes) -> bytes:
    """A real .docx (python-docx's) whose document.xml body is replaced by `body`."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes([["姓名"], ["张三"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>"
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def _refused(data: bytes, limits: Limits | None = None, within: float = 2) -> str:
    baseline = ordinary_read()
    with cpu_time() as watch, pytest.raises(SpreadsheetError) as caught:
        read_workbook(data, filename="会员名册.docx", limits=limits)
    assert watch.seconds < within * baseline, (watch.seconds, baseline)
    return str(caught.value)


def _filler(megabytes: int) -> bytes:
    return b"<w:p><w:r><w:t>" + b"0" * (megabytes * 1024 * 1024) + b"</w:t></w:r></w:p>"


def test_a_docx_zip_bomb_is_refused_by_its_uncompressed_size():
    data = docx_with_body(_filler(60))
    assert len(data) < 1024 * 1024
    limits = Limits(max_uncompressed_bytes=50 * 1024 * 1024, max_ratio=100_000)
    message = _refused(data, limits)
    assert "文件解压后大小为" in message and "超过上限" in message


def test_a_docx_zip_bomb_is_refused_by_its_ratio_with_the_default_limits():
    message = _refused(docx_with_body(_filler(40)))
    assert "压缩比" in message and "疑似压缩炸弹" in message


def test_a_million_row_docx_table_is_refused_at_the_row_limit():
    row = b"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    data = docx_with_body(b"<w:tbl>" + row * 1_000_000 + b"</w:tbl>")
    # Measured ×1.3 of the ordinary read: the scan stops at row 200,001 of the million.
    message = _refused(data, Limits(max_ratio=100_000), within=4)
    assert "超过上限200,000行" in message


def test_too_many_tables_or_cells_are_refused():
    table = b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    assert "表格超过上限5个" in _refused(docx_with_body(table * 6), Limits(max_sheets=5))
    wide = b"<w:tbl><w:tr>" + b"<w:tc><w:p/></w:tc>" * 300 + b"</w:tr></w:tbl>"
    assert "单元格" in _refused(docx_with_body(wide), Limits(max_cells=200))


def test_a_docx_without_a_document_part_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(SpreadsheetError):
        read_workbook(buffer.getvalue(), filename="名册.docx")


def test_the_count_ignores_property_tags_and_closing_tags():
    body = b"<w:tbl><w:tblPr/><w:tr><w:trPr/><w:tc><w:tcPr/><w:p/></w:tc></w:tr></w:tbl>"
    body += b'<w:tbl><w:tr w:rsidR="1"><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    limits = Limits(max_sheets=2, max_rows=2, max_cells=2)
    sheets = read_workbook(docx_with_body(body), filename="名册.docx", limits=limits)
    assert len(sheets) == 2
