"""A baseline measured in the same run, so that tests about speed compare ratios, never seconds:
the CPU time to read an ordinary 2,000-row roster, the work every real upload does."""

import contextlib
import functools
import io
import time
from collections.abc import Callable

import openpyxl

from xuehui.lib.excel import SpreadsheetError, read_workbook


def cpu_seconds(call: Callable[[], object], repeat: int = 3) -> float:
    """The best of a few runs' CPU time (process time: other processes do not count)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        with contextlib.suppress(SpreadsheetError):
            call()
        best = min(best, time.process_time() - started)
    return best


def ordinary_roster(rows: int = 2000) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["姓名", "性别", "出生日期", "手机", "编号", "职称", "工作单位", "职务", "学历", "备注"]
    )
    for n in range(rows):
        sheet.append(
            [f"张{n}", "男", "1980-01-01", "13800000000", n, "教授", "某大学", "理事", "博士", ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def ordinary_read() -> float:
    data = ordinary_roster()
    return cpu_seconds(lambda: read_workbook(data, filename="名册.xlsx"))
