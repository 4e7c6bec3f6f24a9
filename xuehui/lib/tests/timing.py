"""A baseline measured in the same run, so that tests about speed compare ratios, never seconds:
the CPU time to read an ordinary 2,000-row roster, the work every real upload does."""

import contextlib
import functools
import gc
import io
import time
from collections.abc import Callable, Iterator

import openpyxl

from xuehui.lib.excel import SpreadsheetError, read_workbook


class Stopwatch:
    seconds = 0.0


@contextlib.contextmanager
def cpu_time() -> Iterator[Stopwatch]:
    """The CPU time (process time: other processes do not count) of the block, with the cyclic
    collector paused: late in a long suite one collection of the whole test process's heap takes
    most of a second, and it belongs to whichever call it happens to interrupt, not to the call."""
    watch = Stopwatch()
    gc.collect()
    gc.disable()
    started = time.process_time()
    try:
        yield watch
    finally:
        watch.seconds = time.process_time() - started
        gc.enable()


def cpu_seconds(call: Callable[[], object], repeat: int = 3) -> float:
    """The best of a few runs' CPU time."""
    best = float("inf")
    for _ in range(repeat):
        with cpu_time() as watch, contextlib.suppress(SpreadsheetError):
            call()
        best = min(best, watch.seconds)
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
