"""One exporter base for every table the platform exports: a header and rows, written as
xlsx or csv. Subclasses say what the columns are and how to read a row from an object."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, overload

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: text that would start a formula is quoted with an apostrophe,
    which Excel shows as text and `xuehui.lib.excel` removes again on import."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_text_cells(cells: Iterable) -> None:
    """xlsx cells openpyxl took for formulas (text starting with =) are stored as text."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


class Exporter:
    """Yields `header` then one row per object; `write_xlsx` and `write_csv` do the rest."""

    sheet_title = "Sheet1"
    header: tuple[str, ...] = ()
    title: str = ""  # an optional title row above the header, as people print them

    def __init__(self, objects: Iterable[Any]):
        self.objects = objects

    def row(self, obj: Any) -> Iterable[Any]:
        raise NotImplementedError

    def rows(self) -> Iterator[list[Any]]:
        for obj in self.objects:
            yield list(self.row(obj))

    @overload
    def write_xlsx(self, target: None = None) -> bytes: ...

    @overload
    def write_xlsx(self, target: Any) -> None: ...

    def write_xlsx(self, target=None) -> bytes | None:
        """The workbook's bytes, or written to `target` (a path or file) when one is given."""
        book = Workbook(write_only=False)
        self.fill_sheet(book.active)
        if target is None:
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()
        book.save(target)
        return None

    def fill_sheet(self, sheet) -> None:
        sheet.title = self.sheet_title[:31]
        if self.title:
            sheet.append([self.title])
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.append(list(self.header))
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(horizontal="center", vertical="center")
        widths = [max(display_width(h) + 2, 8) for h in self.header]
        for values in self.rows():
            sheet.append(values)
            as_text_cells(sheet[sheet.max_row])
            for i, value in enumerate(values[: len(widths)]):
                widths[i] = min(max(widths[i], display_width(value or "") + 2), MAX_WIDTH)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        print_setup(sheet, header_row, sum(widths))

    def write_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.header)
        writer.writerows([csv_text(value) for value in row] for row in self.rows())
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def print_setup(sheet, header_row: int, total_width: float) -> None:
    """A4, landscape when the table is wide, fitted to the page width, the header (and the
    title above it) printed on every page, long text wrapped."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"
    sheet.print_options.horizontalCentered = True
    for column in sheet.column_dimensions.values():
        if (column.width or 0) >= MAX_WIDTH:
            for cell in sheet[column.index][header_row:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
