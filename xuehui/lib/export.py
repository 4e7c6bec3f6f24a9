"""One exporter base for every table the platform exports: a header and rows, written as
xlsx or csv. Subclasses say what the columns are and how to read a row from an object."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, overload

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .text import display_width

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_response(data: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE):
    """A file to download under its Chinese name (RFC 6266 filename*, any browser)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
MAX_WIDTH = 60  # a column's width in characters; longer text wraps
PORTRAIT_WIDTH = 100  # wider tables print landscape
# Text a spreadsheet program would take as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read before the columns are sized. Write-only mode writes the widths before the first
# row, so a longer value further down a bigger export does not widen its column (it wraps or
# is cut as in any fixed-width column); up to this many rows the widths are exact.
WIDTH_SAMPLE = 1000
PROGRESS_EVERY = 100  # rows between two calls of a fill's progress
TITLE_FONT = Font(bold=True, size=14)
HEADER_STYLE = {
    "font": Font(bold=True),
    "fill": PatternFill("solid", fgColor="DDEBF7"),
    "alignment": Alignment(horizontal="center", vertical="center"),
}
WRAP = Alignment(wrap_text=True, vertical="top")


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: text that would start a formula is quoted with an apostrophe,
    which Excel shows as text and `xuehui.lib.excel` removes again on import."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def new_workbook() -> Workbook:
    """A write-only workbook with no sheet yet: every xlsx the platform writes streams."""
    return Workbook(write_only=True)


@overload
def save_workbook(book: Workbook, target: None = None) -> bytes: ...


@overload
def save_workbook(book: Workbook, target: Any) -> None: ...


def save_workbook(book: Workbook, target=None) -> bytes | None:
    """The workbook's bytes, or written to `target` (a path or file) when one is given."""
    if target is not None:
        book.save(target)
        return None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def styled(sheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell of a write-only sheet with its style (font, fill, alignment, number_format,
    comment); text openpyxl would take for a formula (starting with =) stays text."""
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def column_widths(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[int]:
    """Each column wide enough for its header and its values, up to MAX_WIDTH (then wrapped)."""
    widths = [max(display_width(h) + 2, 8) for h in header]
    for values in rows:
        for i, value in enumerate(list(values)[: len(widths)]):
            widths[i] = min(max(widths[i], display_width(value or "") + 2), MAX_WIDTH)
    return widths


def set_widths(sheet, widths: Iterable[int]) -> None:
    """Column widths, before the first row (write-only mode writes them first)."""
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


class Exporter:
    """Yields `header` then one row per object; `write_xlsx` and `write_csv` do the rest.

    The xlsx is written in openpyxl's write-only mode: rows go to the file as they come, so
    memory holds the first `WIDTH_SAMPLE` rows (read to size the columns, which write-only
    mode needs before any row) and never the whole sheet. A subclass colours or formats cells
    with `cell_styles`, not by editing the sheet afterwards."""

    sheet_title = "Sheet1"
    header: tuple[str, ...] = ()
    title: str = ""  # an optional title row above the header, as people print them
    written: int = 0  # rows the last write_xlsx or write_csv wrote (for the export's audit)

    def __init__(self, objects: Iterable[Any]):
        self.objects = objects

    def row(self, obj: Any) -> Iterable[Any]:
        raise NotImplementedError

    def cell_styles(self, obj: Any) -> dict[int, dict[str, Any]]:
        """Styles of some cells of `obj`'s row: {column index from 0: {"font": …, "fill": …,
        "number_format": …}}; none by default."""
        return {}

    def items(self) -> Iterator[tuple[Any, list[Any]]]:
        for obj in self.objects:
            yield obj, list(self.row(obj))

    def rows(self) -> Iterator[list[Any]]:
        for _, values in self.items():
            yield values

    @overload
    def write_xlsx(self, target: None = None) -> bytes: ...

    @overload
    def write_xlsx(self, target: Any) -> None: ...

    def write_xlsx(self, target=None) -> bytes | None:
        """The workbook's bytes, or written to `target` (a path or file) when one is given."""
        book = new_workbook()
        self.written = self.fill_sheet(book.create_sheet())
        if target is None:
            return save_workbook(book)
        return save_workbook(book, target)

    def fill_sheet(self, sheet, *, progress: Callable[[int], Any] | None = None) -> int:
        """Write the title, the header and every row into `sheet`, a new sheet of a write-only
        workbook; the number of rows written. `progress` is told the rows written so far,
        every PROGRESS_EVERY rows."""
        sheet.title = self.sheet_title[:31]
        items = self.items()
        head = list(islice(items, WIDTH_SAMPLE))
        widths = column_widths(self.header, (values for _, values in head))
        header_row = 2 if self.title else 1
        set_widths(sheet, widths)
        sheet.freeze_panes = f"A{header_row + 1}"
        print_setup(sheet, header_row, sum(widths))
        if self.title:
            sheet.append([styled(sheet, self.title, font=TITLE_FONT)])
        sheet.append([styled(sheet, name, **HEADER_STYLE) for name in self.header])
        wrapped = {i: WRAP for i, width in enumerate(widths) if width >= MAX_WIDTH}
        count = 0
        for obj, values in chain(head, items):
            sheet.append(self._cells(sheet, values, wrapped, self.cell_styles(obj)))
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
        return count

    def _cells(self, sheet, values: list, wrapped: dict, styles: dict) -> list:
        cells = []
        for i, value in enumerate(values):
            style = styles.get(i)
            if i in wrapped and value is not None:
                style = {"alignment": wrapped[i], **(style or {})}
            if style or (isinstance(value, str) and value.startswith("=")):
                value = styled(sheet, value, **(style or {}))
            cells.append(value)
        return cells

    def write_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.header)
        rows = [[csv_text(value) for value in row] for row in self.rows()]
        writer.writerows(rows)
        self.written = len(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def print_setup(sheet, header_row: int, total_width: float) -> None:
    """A4, landscape when the table is wide, fitted to the page width, the header (and the
    title above it) printed on every page. Set before the first row: write-only mode writes
    the fit-to-page property at the top of the sheet."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"
    sheet.print_options.horizontalCentered = True
