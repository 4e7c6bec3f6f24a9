"""Read spreadsheets as rows of cell values: .xlsx/.xlsm/.xls/.ods through python-calamine,
.csv in UTF-8 (with or without BOM), UTF-16 or GBK, and the tables of a Word .docx (one
sheet per table, named 表格1, 表格2…; cells are text, as Word holds them).

Row i of `Sheet.rows` is Excel row i + 1, so an error can name the row the user sees. Cells
hold str, float, int, bool, date, datetime or None (an empty cell). The value of a merged
cell is copied into every cell of the merged range, which is what the user sees on screen.
Anything that is not a spreadsheet raises SpreadsheetError with a Chinese message.
"""

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
import python_calamine

from .bounds import (
    Limits,
    SpreadsheetError,
    check_csv_lines,
    check_csv_rows,
    check_docx,
    check_size,
    check_spreadsheet,
)
from .text import UTF16_REFUSED, utf16_encoding

__all__ = [
    "Sheet",
    "SheetStream",
    "SpreadsheetError",
    "read_sheet",
    "read_workbook",
    "stream_sheet",
    "detect_kind",
]

ALLOWED_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv", ".docx")
# Old Word, WPS 文字 and presentation files: refused with a message saying what to do instead.
_WORD_EXTENSIONS = (".doc", ".wps", ".ppt", ".pptx", ".dps", ".rtf")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


@dataclass
class Sheet:
    """One worksheet: its name and its rows (row 0 is Excel row 1)."""

    name: str
    rows: list[list] = field(default_factory=list)
    visible: bool = True

    @property
    def is_empty(self) -> bool:
        return not any(any(cell is not None for cell in row) for row in self.rows)


def _read_bytes(source, limits: Limits) -> tuple[bytes, str]:
    """The content and the file name of a path, bytes or (Django) file object; a file over
    the size limit is refused before it is read."""
    if isinstance(source, bytes | bytearray):
        check_size(len(source), limits)
        return bytes(source), ""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            check_size(path.stat().st_size, limits)
            return path.read_bytes(), path.name
        except OSError as error:
            raise SpreadsheetError(f"无法打开文件：{path.name}（{error.strerror}）") from None
    name = os.path.basename(getattr(source, "name", "") or "")
    size = getattr(source, "size", None)
    if isinstance(size, int):
        check_size(size, limits)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(limits.max_bytes + 1)
    check_size(len(data), limits)
    return (data.encode("utf-8") if isinstance(data, str) else bytes(data)), name


def detect_kind(data: bytes, filename: str = "") -> str:
    """'excel', 'word' (a .docx) or 'csv', judged from the content (a renamed file is
    caught), else an error."""
    extension = os.path.splitext(filename)[1].lower()
    if extension in _WORD_EXTENSIONS:
        raise SpreadsheetError(
            f"无法读取{extension}文件（旧版Word、WPS文字或演示文稿）：请另存为 .docx 或 .xlsx 后上传"
        )
    if filename and extension not in ALLOWED_EXTENSIONS:
        raise SpreadsheetError(
            "仅支持Excel（.xlsx、.xls）、CSV或Word（.docx）表格，请另存为这些格式后再上传"
        )
    if not data:
        raise SpreadsheetError("文件是空的")
    if data.startswith(_OLE_MAGIC) and extension == ".docx":
        raise SpreadsheetError("文件内容是旧版Word或Excel格式：请另存为 .docx 或 .xlsx 后上传")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        if extension == ".csv":
            raise SpreadsheetError("文件扩展名为.csv，但内容不是CSV文本")
        kind = "word" if _is_docx(data) else "excel"
        if extension and (kind == "word") != (extension == ".docx"):
            raise SpreadsheetError(
                f"文件内容与扩展名{extension}不符（可能只是改了扩展名），请用原程序另存后再上传"
            )
        return kind
    if extension and extension != ".csv":
        raise SpreadsheetError("文件内容不是Excel表格（可能只是改了扩展名），请用Excel另存后再上传")
    _decode(data)  # raises when it is not text
    return "csv"


# A worker's memory is capped (XUEHUI_WORKER_MEMORY_MB, config/memory.py): a file the bounds let
# through that still needs more is refused like any unreadable file, not answered with a 500.
TOO_BIG = (
    "文件过大：读取它所需的内存超过了服务器设定的上限，未做任何改动。"
    "请把文件拆分成几个较小的文件后再上传"
)


@contextmanager
def _memory_bounded() -> Iterator[None]:
    try:
        yield
    except MemoryError:
        raise SpreadsheetError(TOO_BIG) from None


@_memory_bounded()
def read_workbook(source, *, filename: str = "", limits: Limits | None = None) -> list[Sheet]:
    """Every worksheet of an Excel workbook (a CSV file is one sheet named after the file).

    The file is measured against `limits` (the settings by default) before it is parsed:
    see `xuehui.lib.bounds`. Running out of memory while parsing is a SpreadsheetError."""
    limits = limits or Limits.from_settings()
    data, name = _read_bytes(source, limits)
    filename = filename or name
    kind = detect_kind(data, filename)
    if kind == "csv":
        check_csv_lines(data, limits)
        sheet = _read_csv(data, filename)
        check_csv_rows(sheet.rows, limits)
        return [sheet]
    if kind == "word":
        check_docx(data, limits)
        return _read_docx(data)
    check_spreadsheet(data, limits)
    return _read_excel(data)


def read_sheet(source, *, filename: str = "", sheet: str | int | None = None) -> Sheet:
    """One worksheet: by name, by index, or else the first visible one that is not empty."""
    sheets = read_workbook(source, filename=filename)
    return sheets[_pick([(s.name, s.visible) for s in sheets], sheet, lambda n: sheets[n].is_empty)]


@dataclass
class SheetStream:
    """One worksheet read as it is parsed: its name, its rows as they come (row i is Excel row
    i + 1, cleaned as `Sheet.rows`) and how many rows it has, for progress."""

    name: str
    rows: Iterator[list]
    height: int


@_memory_bounded()
def stream_sheet(source, *, filename: str = "", sheet: str | int | None = None) -> SheetStream:
    """`read_sheet`'s sheet with the same rows, yielded one at a time: an Excel sheet is never
    held as a whole list (a 100,000-row register read row by row keeps one copy of a row,
    not two of the sheet). CSV and Word are read whole, as `read_sheet` reads them."""
    limits = Limits.from_settings()
    data, name = _read_bytes(source, limits)
    filename = filename or name
    if detect_kind(data, filename) != "excel":
        found = read_sheet(data, filename=filename, sheet=sheet)
        return SheetStream(found.name, iter(found.rows), len(found.rows))
    check_spreadsheet(data, limits)
    book = _open_excel(data)
    names = list(book.sheet_names)
    visible = _visibility(book)
    meta = [(n, visible.get(n, True)) for n in names]
    opened: dict[str, object] = {}  # calamine reads a whole sheet each time it is asked for
    chosen = names[_pick(meta, sheet, lambda n: _excel_empty(_sheet(book, names[n], opened)))]
    raw = _sheet(book, chosen, opened)
    end = raw.end
    return SheetStream(chosen, _excel_rows(raw, data), end[0] + 1 if end else 0)


def _pick(sheets: list[tuple[str, bool]], sheet: str | int | None, is_empty) -> int:
    """The index of the sheet asked for (by index or name), or the first visible non-empty."""
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise SpreadsheetError(f"文件中没有第{sheet + 1}个工作表")
        return sheet
    if isinstance(sheet, str):
        for n, (name, _visible) in enumerate(sheets):
            if name.strip() == sheet.strip():
                return n
        raise SpreadsheetError(f"文件中没有名为「{sheet}」的工作表")
    for n, (_name, visible) in enumerate(sheets):
        if visible and not is_empty(n):
            return n
    raise SpreadsheetError("文件中没有任何数据")


# ---------------------------------------------------------------- Excel


class _LostZeros:
    """Reads 1970.1 as the cell shows it: a `0.00` number format displays 1970.10 (October).

    calamine gives values without formats, so openpyxl reads the formats of only the rows
    holding such numbers (opened at the first); other formats leave the number alone (the
    parser asks), and so does a file openpyxl cannot read."""

    def __init__(self, data: bytes, name: str):
        self.data, self.name = data, name
        self.sheet: Any = None
        self.failed = False

    def show(self, r: int, row: list) -> None:
        # A number such as 1970.1 that may be 1970.10 shown with two decimals (October), a
        # year or a two-digit year's month. Written inline: this runs over every cell of
        # 100,000-row files, and most numbers (a 序号 column) are out of range, their text
        # never made.
        columns = [
            c
            for c, cell in enumerate(row)
            if type(cell) is float
            and (10 <= cell < 100 or 1900 <= cell <= 2100)
            and repr(cell).endswith(".1")
        ]
        if not columns or self.failed:
            return
        try:
            if self.sheet is None:
                book = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True)
                self.sheet = book[self.name]
            found = next(self.sheet.iter_rows(min_row=r + 1, max_row=r + 1), ())
            for c in columns:
                if c < len(found) and _two_decimals(getattr(found[c], "number_format", "")):
                    row[c] = f"{row[c]:.2f}"
        except Exception:  # formats are a help: without them the parser refuses 1970.1
            self.failed = True


def _two_decimals(number_format: str) -> bool:
    """`0.00`, `#,##0.00` and the like: the number is shown with exactly two decimals."""
    return bool(re.search(r"\.00(?![0#])", number_format.split(";")[0]))


def _open_excel(data: bytes):
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise SpreadsheetError("文件设置了密码，请取消密码保护后再上传") from None
    except Exception:  # calamine raises several kinds for a damaged or foreign file
        raise SpreadsheetError("无法读取该Excel文件：文件已损坏，或不是Excel表格") from None


def _visibility(book) -> dict[str, bool]:
    visible = {}
    try:
        for meta in book.sheets_metadata:
            visible[meta.name] = meta.visible == python_calamine.SheetVisibleEnum.Visible
    except Exception:  # metadata is a nicety; older .xls files may not provide it
        visible = {}
    return visible


def _read_excel(data: bytes) -> list[Sheet]:
    book = _open_excel(data)
    visible = _visibility(book)
    return [
        Sheet(name, list(_excel_rows(_sheet(book, name), data)), visible.get(name, True))
        for name in book.sheet_names
    ]


def _sheet(book, name: str, opened: dict | None = None):
    """calamine's sheet `name` (kept in `opened`: each call reads the whole sheet)."""
    if opened is not None and name in opened:
        return opened[name]
    try:
        raw = book.get_sheet_by_name(name)
    except Exception:
        raise SpreadsheetError(f"无法读取工作表「{name}」：文件已损坏") from None
    if opened is not None:
        opened[name] = raw
    return raw


def _excel_empty(raw) -> bool:
    """No cell holds anything (read until the first one that does)."""
    unreadable = f"无法读取工作表「{raw.name}」：文件已损坏"
    try:
        rows = raw.iter_rows()
    except Exception:
        raise SpreadsheetError(unreadable) from None
    return not any(cell != "" for row in _guarded(rows, unreadable) for cell in row)


def _guarded(rows: Iterator[list], message: str) -> Iterator[list]:
    """calamine's rows, a failure while reading them told as a SpreadsheetError."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except MemoryError:
            raise SpreadsheetError(TOO_BIG) from None
        except Exception:
            raise SpreadsheetError(message) from None
        yield row


def _excel_rows(raw, data: bytes) -> Iterator[list]:
    """The rows of one calamine sheet, one at a time (row i is Excel row i + 1): empty cells
    None, a number shown as 1970.10 read as shown (`_LostZeros`), a merged range's value in
    every cell of the range. calamine's rows start at column A only when it is used: they
    are padded on the left, as `to_python(skip_empty_area=False)` gives them."""
    unreadable = f"无法读取工作表「{raw.name}」：文件已损坏"
    try:
        merged = list(raw.merged_cell_ranges or [])
        start = raw.start
        rows = raw.iter_rows()
    except Exception:
        raise SpreadsheetError(unreadable) from None
    pad = [None] * (start[1] if start else 0)
    zeros = _LostZeros(data, raw.name) if data.startswith(_ZIP_MAGIC) else None
    fill = _MergedFill(merged)
    with _memory_bounded():  # a streamed sheet is read after stream_sheet has returned
        for r, cells in enumerate(_guarded(rows, unreadable)):
            row = pad + _clean_row(cells) if pad else _clean_row(cells)
            if zeros is not None:
                zeros.show(r, row)
            if merged:
                fill.apply(r, row)
            yield row


def _clean_row(row: list) -> list:
    # calamine gives '' for an empty cell and a time of day as dt.time; the importers want None.
    return [None if cell == "" else cell for cell in row]


class _MergedFill:
    """Copies a merged range's value (its top-left cell's) into every cell of the range, row
    by row as the rows come, the ranges applied in the file's order."""

    def __init__(self, merged: list):
        self.starting: dict[int, list[int]] = {}
        for n, ((top, _left), _end) in enumerate(merged):
            self.starting.setdefault(top, []).append(n)
        self.merged = merged
        self.active: list[int] = []
        self.values: dict[int, object] = {}

    def apply(self, r: int, row: list) -> None:
        if r in self.starting:
            self.active = sorted(self.active + self.starting[r])
        if not self.active:
            return
        for n in self.active:
            (top, left), (_bottom, right) = self.merged[n]
            if top == r:
                self.values[n] = row[left] if left < len(row) else None
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            value = self.values[n]
            for c in range(left, right + 1):
                row[c] = value
        self.active = [n for n in self.active if self.merged[n][1][0] > r]


# ---------------------------------------------------------------- Word


def _is_docx(data: bytes) -> bool:
    if not data.startswith(_ZIP_MAGIC):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _read_docx(data: bytes) -> list[Sheet]:
    """Every table of a Word document as a sheet; a merged cell repeats its text, as in Excel."""
    try:
        document = docx.Document(io.BytesIO(data))
        sheets = [
            Sheet(name=f"表格{number}", rows=[_docx_row(row) for row in table.rows])
            for number, table in enumerate(document.tables, start=1)
        ]
    except Exception:  # python-docx raises several kinds for a damaged file
        raise SpreadsheetError("无法读取该Word文件：文件已损坏，或不是.docx文档") from None
    if not sheets:
        raise SpreadsheetError("Word文档中没有表格：请把名单做成表格，或另存为 .xlsx 后上传")
    return sheets


def _docx_row(row) -> list:
    return [_csv_cell(cell.text.strip()) for cell in row.cells]


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    utf16 = None if data.startswith(b"\xef\xbb\xbf") else utf16_encoding(data)
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    elif utf16 is not None:  # Excel's 「Unicode 文本」, with or without its byte-order mark
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise SpreadsheetError(UTF16_REFUSED) from None
    else:
        decoded: str | None = None
        for encoding in ("utf-8", "gb18030"):
            try:
                decoded = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if decoded is None:
            raise SpreadsheetError("无法识别文件的编码：CSV文件请另存为UTF-8或GBK编码")
        text = decoded
    sample = text[:4096]
    if any(ch in _CONTROL for ch in sample):
        raise SpreadsheetError("文件不是表格：请上传Excel（.xlsx、.xls）或CSV文件")
    return text


def _csv_cell(text: str):
    """None for a blank cell; the apostrophe our exports put before =, +, -, @ is removed."""
    if not text.strip():
        return None
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def _read_csv(data: bytes, filename: str) -> Sheet:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[_csv_cell(cell) for cell in row] for row in reader]
    except csv.Error:
        raise SpreadsheetError("CSV文件格式有误（引号不配对？），请用Excel另存后再上传") from None
    name = os.path.splitext(filename)[0] if filename else "CSV"
    return Sheet(name=name, rows=rows)
