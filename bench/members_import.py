"""Benchmark: importing a 100,000-row register of individual members, against a bare read.

    .venv/bin/python bench/members_import.py [--rows 100000] [--runs 3]
        [--database-url postgres://…/EMPTY_DB] [--keep FILE.xlsx | --file FILE.xlsx] [--phases]

Generates a register (xlsx, with ID numbers, dates in mixed forms and a title row), then, in
one process and on the same file, after a warm-up: (a) a bare read with python-calamine
(`to_python` of the sheet: the floor) and (b) the full validated import
(`IndividualMemberImporter.run`: read, parse, validate, write in one transaction) into a
fresh SQLite database (or the given empty PostgreSQL database), alternately, `--runs` times
(the imported rows are deleted between runs, untimed). Prints min/median wall and CPU (on
PostgreSQL the server's CPU is added), the ratio import / bare read with its target (≤ ×3 on
PostgreSQL, ≤ ×4 on SQLite), and the peak of Python memory (tracemalloc) of one import
against one bare read (target ≤ ×1.5); with `--phases`, one more import's client CPU split
by part (bounds check, load, rows, parse, validation, insert, audit entries), and the
database's own insert of the same rows (the captured rows written again and rolled back): the
floor under any import that writes them. Not a test: it prints numbers for a person to judge
(the suite runs it in a quick mode so that it cannot rot).
"""

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure import Phases, Timings, ratio_line, setup_django, verdict  # noqa: E402

TARGETS = {"postgresql": 3.0, "sqlite": 4.0}
MEMORY_TARGET = 1.5

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国文斌宇浩凯鹏飞鑫波宁"
EMPLOYERS = [
    "武汉大学",
    "华中科技大学",
    "湖北省环境科学研究院",
    "中国地质大学（武汉）",
    "武汉理工大学",
    "湖北省农业科学院",
    "长江水利委员会",
    "某某环保科技有限公司",
    "湖北工业大学",
    "三峡大学",
]
TITLES = ["教授", "副教授", "研究员", "高级工程师", "工程师", "讲师", "助理研究员", ""]
EDUCATION = ["博士研究生", "硕士研究生", "大学本科", "大专"]


def id_number(birth: dt.date, serial: int, male: bool, used: set) -> str:
    """A valid, unused number: the order code steps on until the number is free."""
    from xuehui.lib.identifiers import id_check_char

    for step in range(500):
        order = ((serial + step) % 500) * 2 + (1 if male else 0)
        first17 = f"420106{birth:%Y%m%d}{order:03d}"
        if first17 not in used:
            used.add(first17)
            return first17 + id_check_char(first17)
    raise RuntimeError("no free ID number")


def generate(path: Path, rows: int, seed: int = 20240501) -> None:
    """A register as a secretariat would keep it: a title row, then the header and the rows."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    used: set = set()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("个人会员")
    sheet.append(["湖北省测试学会个人会员名册"])
    sheet.append(
        [
            "序号",
            "会员编号",
            "姓名",
            "性别",
            "出生日期",
            "身份证号码",
            "工作单位",
            "职务职称",
            "学历",
            "基层一线科技工作者",
            "入会日期",
            "状态",
            "离会日期",
            "会费缴至",
        ]
    )
    for i in range(1, rows + 1):
        male = rng.random() < 0.6
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
        joined = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 19))
        left = rng.random() < 0.05
        join_cell = (
            joined
            if i % 3 == 0
            else f"{joined:%Y.%m}"
            if i % 3 == 1
            else f"{joined.year}年{joined.month}月{joined.day}日"
        )
        sheet.append(
            [
                i,
                f"HB{i:07d}",
                rng.choice(SURNAMES)
                + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                "男" if male else "女",
                birth,
                id_number(birth, i, male, used) if i % 4 else "",
                rng.choice(EMPLOYERS),
                rng.choice(TITLES),
                rng.choice(EDUCATION),
                "是" if rng.random() < 0.7 else "否",
                join_cell,
                "退会" if left else "正常",
                (joined + dt.timedelta(days=400)) if left else None,
                dt.date(2025, 12, 31) if rng.random() < 0.8 else dt.date(2023, 12, 31),
            ]
        )
    book.save(path)


def bare_read(path: Path) -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_index(0).to_python())


def import_file(society, path: Path) -> int:
    from xuehui.access import SYSTEM
    from xuehui.members.importers import IndividualMemberImporter

    run = IndividualMemberImporter(society=society, actor=SYSTEM).run(path)
    if not run.ok:
        raise SystemExit("导入失败：\n" + "\n".join(str(e) for e in run.errors[:20]))
    return len(run.result.rows)


def clear(society) -> None:
    """Untimed, between runs: the imported members and their audit entries go."""
    from django.db import connection, transaction

    from xuehui.audit.models import AuditEntry
    from xuehui.members.models import IndividualMember, MembershipProfile

    IndividualMember.objects.filter(society=society)._raw_delete(connection.alias)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the bench's own entries, past the append-only
            with connection.cursor() as cursor:  # trigger as the archive passes it (audit 0002)
                cursor.execute("SET LOCAL xuehui.audit_archive = 'on'")
        AuditEntry.objects.filter(society=society)._raw_delete(connection.alias)
    MembershipProfile.objects.filter(society=society).delete()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE members_individualmember, audit_auditentry")


def peak(fn) -> float:
    """Peak Python memory (MB) of one call, as tracemalloc sees it."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def print_phases(society, path: Path, read_cpu: float) -> None:
    """One more import (not among the timed runs: the split costs a little), its client CPU
    by part, each beside the bare read's median CPU."""
    from xuehui.audit.services import AuditBatch
    from xuehui.lib import excel, importing
    from xuehui.members.importers import MemberImporter

    phases = Phases(
        [
            (excel, "check_spreadsheet", "upload bounds (the sheet's XML scanned)"),
            (excel, "_sheet", "calamine loads the sheet"),
            (excel, "_excel_rows", "rows taken and cleaned"),
            (importing, "parse_table", "cells parsed"),
            (MemberImporter, "validate", "rows validated"),
            (MemberImporter, "_insert", "members inserted"),
            (AuditBatch, "save", "audit entries, one per member"),
        ]
    )
    started = time.process_time()
    with captured_inserts() as inserts:
        phases.run(lambda: import_file(society, path))
    total = time.process_time() - started
    clear(society)
    unused = [label for label, calls in phases.calls.items() if not calls]
    if unused:  # the import's shape changed: the split would hide that part in the rest
        raise SystemExit(f"--phases: never called, update the parts: {', '.join(unused)}")
    parts = [*phases.spent.items(), ("the rest", total - sum(phases.spent.values()))]
    print(f"where one import's client CPU goes ({total:.2f} s; × the bare read's median):")
    for label, seconds in parts:
        print(f"  {label:<40} {seconds:6.2f} s  ×{seconds / read_cpu:.2f}")
    floor = insert_floor(inserts)
    print(floor.line("the database's own insert of the same rows (members, audit entries)"))
    share = floor.median_cpu / read_cpu
    print(
        f"  ×{share:.2f} the bare read's CPU: an import doing nothing else would be ×{1 + share:.2f}"
    )


@contextmanager
def captured_inserts():
    """The rows each bulk insert of the block writes, as lists (table, columns, rows, and the
    insert's other arguments), for `insert_floor`."""
    from xuehui.lib import bulk

    calls: list[tuple] = []
    originals = bulk._copy, bulk._executemany

    def captured(write):
        def kept(table, columns, rows, *args):
            rows = list(rows)
            calls.append((write, table, columns, rows, *args))
            return write(table, columns, iter(rows), *args)

        return kept

    bulk._copy, bulk._executemany = (captured(write) for write in originals)
    try:
        yield calls
    finally:
        bulk._copy, bulk._executemany = originals


def insert_floor(calls: list[tuple]) -> Timings:
    """The captured rows written again by the same COPY / executemany the import ends in, with
    no row made on the way (client and, on PostgreSQL, server CPU), and rolled back: three
    runs."""
    from django.db import transaction

    floor = Timings("insert")
    for _ in range(3):
        with transaction.atomic():
            floor.run(
                lambda: [
                    write(table, cols, iter(rows), *a) for write, table, cols, rows, *a in calls
                ],
                server=True,
            )
            transaction.set_rollback(True)
    return floor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="an empty database, e.g. postgres://…/bench")
    parser.add_argument("--keep", help="keep the generated register at this path")
    parser.add_argument("--file", help="use this register (made with --keep) instead")
    parser.add_argument(
        "--phases", action="store_true", help="then one more import, its CPU split by part"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        from django.db import connection

        from xuehui.tests.factories import make_federation, make_society

        path = Path(args.file or args.keep or Path(tmp) / "register.xlsx")
        if not args.file:
            generate(path, args.rows)
        warm = Path(tmp) / "warm-up.xlsx"
        generate(warm, min(args.rows, 1000), seed=1)
        print(
            f"register: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB; {connection.vendor}"
        )
        society = make_society(federation=make_federation(code="bench"), name="湖北省测试学会")
        bare_read(warm), import_file(society, warm), clear(society)  # warm-up
        read, full = Timings("bare read (calamine)"), Timings("validated import")
        for _ in range(args.runs):
            rows = read.run(lambda: bare_read(path))
            imported = full.run(lambda: import_file(society, path), server=True)
            clear(society)
        print(read.line())
        print(full.line() + f", {imported:,} members ({rows:,} rows read)")
        print(ratio_line("import / bare read", full, read, TARGETS[connection.vendor]))
        read_peak = peak(lambda: bare_read(path))
        import_peak = peak(lambda: import_file(society, path))
        clear(society)
        ratio = import_peak / read_peak
        print(
            f"ratio peak memory import / bare read: ×{ratio:.2f} ({import_peak:.0f} MB against "
            f"{read_peak:.0f} MB, tracemalloc); target ≤ ×{MEMORY_TARGET:g}: "
            f"{verdict(ratio, MEMORY_TARGET)}"
        )
        if args.phases:
            print_phases(society, path, read.median_cpu)


if __name__ == "__main__":
    main()
