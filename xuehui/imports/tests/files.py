"""Spreadsheets built in tests: xlsx through openpyxl, csv in a chosen encoding."""

import csv
import io
from pathlib import Path

import openpyxl

from xuehui.lib.tests.xls import xls_bytes  # noqa: F401  (re-exported for the import tests)


def xlsx_bytes(
    rows: list[list], *, sheet: str = "Sheet1", text_columns: tuple[int, ...] = ()
) -> bytes:
    """An .xlsx holding `rows` from A1; `text_columns` (0-based) are stored as text cells."""
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for column in text_columns:
        for cells in worksheet.iter_rows(min_col=column + 1, max_col=column + 1):
            cells[0].number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue().encode(encoding)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def read_xlsx(data_or_path) -> list[list]:
    """Every row of the first sheet as values (None for empty), for asserting on exports."""
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    book = openpyxl.load_workbook(source)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def client_pending(client) -> list:
    """The signed-in client's uploads waiting for confirmation, oldest first."""
    from xuehui.imports.models import PendingImport

    user_id = client.session.get("_auth_user_id")
    return list(PendingImport.objects.filter(user_id=user_id).order_by("created_at", "pk"))


def client_tokens(client) -> list[str]:
    return [pending.token for pending in client_pending(client)]
