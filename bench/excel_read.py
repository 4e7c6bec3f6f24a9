"""Benchmark: reading and parsing a large roster-like sheet, against a plain calamine read.

    .venv/bin/python bench/excel_read.py [--rows 100000]

Writes one xlsx (title row, header, mixed date forms, 是/否 cells) and one GBK csv of the
same rows, then times in this one process: (baseline) python-calamine's own read of the
xlsx; (a) xuehui.lib.excel.read_sheet of the xlsx; (b) read_sheet of the GBK csv;
(c) parse_table over the rows (header detection, tolerant parsing, row errors). Prints
seconds, rows per second and each ratio to the baseline. Not a test: numbers for a person.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def build(rows: int) -> tuple[bytes, bytes]:
    import openpyxl

    header = ["序号", "姓名", "性别", "出生年月", "工作单位", "职务职称", "是否一线科技工作者"]
    births = ["1965.03", "1970年5月", "1980-01-02", "19750609"]
    data = [
        [
            i + 1,
            f"会员{i}",
            "男" if i % 2 else "女",
            births[i % 4],
            "武汉大学",
            "教授",
            "是" if i % 3 else "否",
        ]
        for i in range(rows)
    ]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append(["某某学会会员名册"])
    sheet.append(header)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    text = "\n".join(",".join(str(c) for c in row) for row in [header, *data])
    return buffer.getvalue(), text.encode("gbk")


def timed(label: str, func, rows: int, baseline: float | None = None) -> float:
    started = time.perf_counter()
    func()
    seconds = time.perf_counter() - started
    ratio = f"  ×{seconds / baseline:.2f} of baseline" if baseline else ""
    print(f"{label:<38} {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s{ratio}")
    return seconds


def main() -> None:
    import django

    django.setup()
    from python_calamine import CalamineWorkbook

    from xuehui.lib.excel import read_sheet
    from xuehui.lib.importing import Column, parse_table
    from xuehui.lib.parsing import parse_bool, parse_date

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    xlsx, csv_gbk = build(rows)
    print(f"{rows:,} rows; xlsx {len(xlsx) / 1e6:.1f} MB, csv {len(csv_gbk) / 1e6:.1f} MB")

    def plain():
        CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()

    base = timed("baseline: calamine to_python (xlsx)", plain, rows)
    timed("read_sheet (xlsx)", lambda: read_sheet(xlsx, filename="a.xlsx"), rows, base)
    timed("read_sheet (GBK csv)", lambda: read_sheet(csv_gbk, filename="a.csv"), rows, base)
    table = read_sheet(xlsx, filename="a.xlsx").rows
    columns = (
        Column("name", "姓名", required=True),
        Column("birth", "出生年月", parser=parse_date),
        Column("employer", "工作单位"),
        Column("frontline", "一线科技工作者", parser=parse_bool),
    )
    outcome = {}
    timed(
        "parse_table (4 columns)", lambda: outcome.update(r=parse_table(table, columns)), rows, base
    )
    result = outcome["r"]
    print(f"parsed rows {len(result.rows):,}, errors {len(result.errors)}")


if __name__ == "__main__":
    main()
