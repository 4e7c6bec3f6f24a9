"""Limits checked on a spreadsheet's bytes before any reader allocates for it.

A spreadsheet reader builds a dense grid from the smallest to the largest used cell, and a
zip archive may inflate a thousandfold: a 1.5 KB file with cells at A1 and XFD1048576, or a
600 KB zip bomb, would take gigabytes. So each file is first measured cheaply: for .xlsx and
.ods the archive's entries (count, uncompressed size, ratio) and every sheet's used range,
read by streaming its XML in bounded chunks (declared `<dimension>`, actual cells and merged
ranges); for .xls (BIFF8) the cell records of each sheet; for .csv the lines and columns. The
first limit exceeded stops the measurement and raises `SpreadsheetError` with a message
naming the limit. Every limit is a setting (see `Limits.from_settings`).
"""

import io
import re
import struct
import zipfile
from dataclasses import dataclass

_CHUNK = 1 << 20


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    """The bounds a spreadsheet must stay within; the defaults are the settings' defaults."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 200
    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 5_000_000
    max_sheets: int = 100

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        names = {
            "max_bytes": "XUEHUI_MAX_UPLOAD_BYTES",
            "max_uncompressed_bytes": "XUEHUI_SHEET_MAX_UNCOMPRESSED_BYTES",
            "max_ratio": "XUEHUI_SHEET_MAX_RATIO",
            "max_rows": "XUEHUI_SHEET_MAX_ROWS",
            "max_columns": "XUEHUI_SHEET_MAX_COLUMNS",
            "max_cells": "XUEHUI_SHEET_MAX_CELLS",
            "max_sheets": "XUEHUI_SHEET_MAX_SHEETS",
        }
        defaults = cls()
        return cls(**{f: int(getattr(settings, s, getattr(defaults, f))) for f, s in names.items()})


def size_text(count: int) -> str:
    """1,234,567 bytes as 「1.18 MB」: enough precision that a file just over a limit reads over."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.2f} {unit}"
    return f"{count} 字节"


def over_limit_texts(size: int, limit: int) -> tuple[str, str]:
    """A size and the limit it exceeds, written so that they read differently.

    20 MB + 1 byte is not 「20.00 MB，超过上限20.00 MB」: more decimals are shown until the two
    differ, and exact byte counts when even that would not tell them apart.
    """
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if limit >= scale:
            for decimals in (2, 3):
                first, second = f"{size / scale:,.{decimals}f}", f"{limit / scale:,.{decimals}f}"
                if first != second:
                    return f"{first} {unit}", f"{second} {unit}"
            break
    return f"{size:,} 字节", f"{limit:,} 字节"


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise SpreadsheetError(
            "文件大小为{}，超过上限{}，请拆分后再上传".format(
                *over_limit_texts(size, limits.max_bytes)
            )
        )


class _Box:
    """The used range of one sheet, growing cell by cell; raises at the first limit passed."""

    def __init__(self, sheet: str, limits: Limits):
        self.sheet, self.limits = sheet, limits
        self.top: int | None = None
        self.left: int | None = None
        self.bottom = self.right = 0

    def add(self, row: int, col: int, last_row: int | None = None, last_col: int | None = None):
        last_row, last_col = last_row or row, last_col or col
        self.top = row if self.top is None else min(self.top, row)
        self.left = col if self.left is None else min(self.left, col)
        self.bottom, self.right = max(self.bottom, last_row), max(self.right, last_col)
        self._check()

    def _check(self) -> None:
        assert self.top is not None and self.left is not None  # add() set them before calling
        rows, cols = self.bottom - self.top + 1, self.right - self.left + 1
        where = self.sheet
        if rows > self.limits.max_rows:
            raise SpreadsheetError(
                f"{where}的数据范围有{rows:,}行，超过上限{self.limits.max_rows:,}行，请拆分后再上传"
            )
        if cols > self.limits.max_columns:
            raise SpreadsheetError(
                f"{where}的数据范围有{cols:,}列，超过上限{self.limits.max_columns:,}列"
                "（可能表格右侧远处有内容或格式），请删除多余的列后再上传"
            )
        if rows * cols > self.limits.max_cells:
            raise SpreadsheetError(
                f"{where}的数据范围有{rows:,}行×{cols:,}列，超过上限{self.limits.max_cells:,}个单元格，"
                "请删除表格之外的内容或拆分后再上传"
            )


# ---------------------------------------------------------------- zip archives (.xlsx, .ods)


def _open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError("无法读取该Excel文件：文件已损坏，或不是Excel表格") from None
    if len(infos) > 50 * limits.max_sheets:
        raise SpreadsheetError(f"文件包含{len(infos):,}个部件，不像正常的表格文件，已拒绝")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise SpreadsheetError(
            "文件解压后大小为{}，超过上限{}，请拆分后再上传".format(
                *over_limit_texts(total, limits.max_uncompressed_bytes)
            )
        )
    ratio = total / max(len(data), 1)
    if total > 16 * 1024 * 1024 and ratio > limits.max_ratio:
        raise SpreadsheetError(
            f"文件的压缩比为{ratio:,.0f}倍，超过上限{limits.max_ratio:,}倍（疑似压缩炸弹），已拒绝"
        )
    return archive


def _stream(archive: zipfile.ZipFile, name: str):
    """The entry's bytes in chunks; zipfile stops at the declared size and checks the CRC."""
    try:
        with archive.open(name) as handle:
            tail = b""
            while chunk := handle.read(_CHUNK):
                text = tail + chunk
                cut = text.rfind(b">") + 1
                yield text[:cut]
                tail = text[cut:]
            yield tail
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise SpreadsheetError("无法读取该Excel文件：文件已损坏，或不是Excel表格") from None


_CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_R_ATTR = re.compile(rb'\br="([^"]*)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _ref(text: bytes) -> tuple[int, int] | None:
    match = _CELL_REF.fullmatch(text.replace(b"$", b""))
    if not match:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def _range(text: bytes) -> tuple[int, int, int, int] | None:
    first, _, last = text.partition(b":")
    start, end = _ref(first), _ref(last or first)
    if not start or not end:
        return None
    return start[0], start[1], end[0], end[1]


_R_REF = re.compile(rb'\sr="\$?([A-Z]{0,3})\$?(\d{1,9})"')
# The plain forms, with a literal start the regex engine scans for quickly: a cell
# <c r="B12" …> and a row <row r="12" …>; a chunk with any other form takes the slow path.
_CELL_ROW_PLAIN = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,9})"')
_CELL_COLUMN_PLAIN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_ROW_REF_PLAIN = re.compile(rb'<row r="(\d{1,9})"')
_AREA = re.compile(rb'<(?:\w+:)?(?:dimension|mergeCell)\b[^>]*?\bref="([^"]*)"')


def _xlsx_sheet(archive: zipfile.ZipFile, entry: str, label: str, limits: Limits) -> None:
    """The used range from the r="B12" references of rows and cells, with set operations
    (a 100,000-row sheet takes about a third of the time of reading it); chunks holding a
    cell without a plain reference (none, $B$12, a prefixed x:c), which readers place after
    its neighbour, take the slow path."""
    box = _Box(label, limits)
    row = 0
    for chunk in _stream(archive, entry):
        if b"dimension" in chunk or b"mergeCell" in chunk:
            for ref in _AREA.findall(chunk):
                area = _range(ref)
                if area:
                    box.add(*area)
        found = _CELL_ROW_PLAIN.findall(chunk)
        cells = chunk.count(b"<c ") + chunk.count(b"<c>")
        if len(found) < cells or b":c " in chunk or b":c>" in chunk:
            row = _xlsx_in_order(chunk, box, row)
            continue
        numbers = set(found)
        numbers.update(_ROW_REF_PLAIN.findall(chunk))
        if numbers:
            rows = [int(number) for number in numbers]
            letters = set(_CELL_COLUMN_PLAIN.findall(chunk))
            columns = [_column_number(column) for column in letters] or [1]
            box.add(min(rows), min(columns), max(rows), max(columns))
            row = max(rows)


def _xlsx_in_order(chunk: bytes, box: _Box, row: int) -> int:
    """Cells without references sit one after another, rows likewise (the slow path)."""
    col = 0
    for match in _XLSX_TAG.finditer(chunk):
        tag, attrs = match.group(1), match.group(2)
        ref = _R_ATTR.search(attrs)
        if tag == b"row":
            row = int(ref.group(1)) if ref and ref.group(1).isdigit() else row + 1
            col = 0
        elif tag == b"c":
            at = _ref(ref.group(1)) if ref else None
            col = at[1] if at else col + 1
            box.add(at[0] if at else max(row, 1), col)
    return row


def check_xlsx(archive: zipfile.ZipFile, limits: Limits) -> None:
    sheets = [
        n for n in archive.namelist() if re.fullmatch(r"xl/(worksheets|chartsheets)/[^/]+\.xml", n)
    ]
    if len(sheets) > limits.max_sheets:
        raise SpreadsheetError(f"文件有{len(sheets)}个工作表，超过上限{limits.max_sheets}个")
    for number, entry in enumerate(sorted(sheets), start=1):
        _xlsx_sheet(archive, entry, f"第{number}个工作表", limits)


_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_VALUE_TYPE = re.compile(rb"office:value-type=")


def check_ods(archive: zipfile.ZipFile, limits: Limits) -> None:
    if "content.xml" not in archive.namelist():
        raise SpreadsheetError("无法读取该表格文件：文件已损坏，或不是表格")
    sheets = 0
    box = None
    row = col = row_repeat = 0
    for chunk in _stream(archive, "content.xml"):
        for match in _ODS_TAG.finditer(chunk):
            closing, tag, attrs, empty = match.groups()
            if tag == b"table" and not closing:
                sheets += 1
                if sheets > limits.max_sheets:
                    raise SpreadsheetError(f"文件的工作表超过上限{limits.max_sheets}个")
                box, row = _Box(f"第{sheets}个工作表", limits), 0
            elif tag == b"table-row" and not closing:
                repeated = _ROWS_REPEATED.search(attrs)
                row_repeat = int(repeated.group(1)) if repeated else 1
                row, col = row + 1, 0
            elif tag == b"table-row" and closing:
                row += row_repeat - 1
            elif tag in (b"table-cell", b"covered-table-cell") and not closing and box:
                repeated = _COLS_REPEATED.search(attrs)
                span = int(repeated.group(1)) if repeated else 1
                has_content = _VALUE_TYPE.search(attrs) or not empty
                if has_content:
                    box.add(row, col + 1, row + row_repeat - 1, col + span)
                col += span


# ---------------------------------------------------------------- BIFF8 (.xls)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOF, _DIMENSIONS = 0x0809, 0x0200
_SINGLE_CELLS = {0x0203, 0x027E, 0x0201, 0x0006, 0x0205, 0x00FD, 0x0204, 0x00D6}
_MULTI_CELLS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column


def _workbook_stream(data: bytes) -> bytes:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    if ole.get_size(name) > 4 * len(data) + (1 << 20):
                        break
                    return ole.openstream(name).read()
    except (OSError, ValueError, struct.error, IndexError):
        pass
    raise SpreadsheetError("无法读取该Excel文件：文件已损坏，或不是Excel表格")


def check_xls(data: bytes, limits: Limits) -> None:
    stream = _workbook_stream(data)
    sheets, box, position = 0, None, 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + length]
        position += 4 + length
        if kind == _BOF and len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] == 0x0010:
            sheets += 1
            if sheets > limits.max_sheets:
                raise SpreadsheetError(f"文件的工作表超过上限{limits.max_sheets}个")
            box = _Box(f"第{sheets}个工作表", limits)
        elif box is None or len(body) < 4:
            continue
        elif kind in _SINGLE_CELLS:
            row, col = struct.unpack_from("<HH", body)
            box.add(row + 1, col + 1)
        elif kind in _MULTI_CELLS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            box.add(row + 1, first + 1, row + 1, max(first, last) + 1)
        elif kind == _DIMENSIONS and len(body) >= 12:
            first_row, past_row, first_col, past_col = struct.unpack_from("<IIHH", body)
            if past_row > first_row and past_col > first_col:
                box.add(first_row + 1, first_col + 1, past_row, past_col)


# ---------------------------------------------------------------- CSV


def check_csv_lines(data: bytes, limits: Limits) -> None:
    lines = data.count(b"\n") + 1
    if lines > limits.max_rows:
        raise SpreadsheetError(f"文件有{lines:,}行，超过上限{limits.max_rows:,}行，请拆分后再上传")


def check_csv_rows(rows: list[list], limits: Limits) -> None:
    widest = max((len(row) for row in rows), default=0)
    if widest > limits.max_columns:
        raise SpreadsheetError(f"文件有{widest:,}列，超过上限{limits.max_columns:,}列")


def _tags(chunk: bytes, name: bytes) -> int:
    """Opening tags `<w:name>` or `<w:name …>` (not `<w:namePr>`), counted without a regex."""
    return chunk.count(b"<w:" + name + b">") + chunk.count(b"<w:" + name + b" ")


def check_docx(data: bytes, limits: Limits) -> None:
    """Measure a Word document's tables (tables as sheets, rows, cells) before it is read."""
    check_size(len(data), limits)
    archive = _open_zip(data, limits)
    if "word/document.xml" not in archive.namelist():
        raise SpreadsheetError("无法读取该Word文件：文件已损坏，或不是.docx文档")
    tables = rows = cells = 0
    for chunk in _stream(archive, "word/document.xml"):
        tables += _tags(chunk, b"tbl")
        rows += _tags(chunk, b"tr")
        cells += _tags(chunk, b"tc")
        if tables > limits.max_sheets:
            raise SpreadsheetError(f"文档中的表格超过上限{limits.max_sheets}个")
        if rows > limits.max_rows:
            raise SpreadsheetError(f"文档中的表格超过上限{limits.max_rows:,}行，请拆分后再上传")
        if cells > limits.max_cells:
            raise SpreadsheetError(
                f"文档中的表格超过上限{limits.max_cells:,}个单元格，请拆分后再上传"
            )


def check_spreadsheet(data: bytes, limits: Limits) -> None:
    """Measure an Excel file (zip or OLE2) against the limits before it is read."""
    check_size(len(data), limits)
    if data.startswith(_OLE_MAGIC):
        check_xls(data, limits)
        return
    archive = _open_zip(data, limits)  # read the central directory once for both kinds
    names = archive.namelist()
    if "content.xml" in names and "xl/workbook.xml" not in names:
        check_ods(archive, limits)
    else:
        check_xlsx(archive, limits)
