"""Benchmark: importing a 100,000-row register of individual members.

    .venv/bin/python bench/members_import.py [--rows 100000] [--keep FILE.xlsx]

Generates a register (xlsx, with ID numbers, dates in mixed forms and a title row), then
times (a) a plain read of the same file with python-calamine and (b) the full validated
import (`IndividualMemberImporter.run`: read, parse, validate, bulk write in one
transaction) into a fresh SQLite database, and prints rows per second and the ratio
import / plain read. Not a test: it prints numbers for a person to judge.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def plain_read(path: Path) -> tuple[float, float, int]:
    import python_calamine

    started, cpu = time.perf_counter(), time.process_time()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    return time.perf_counter() - started, time.process_time() - cpu, len(rows)


def full_import(path: Path, database: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from xuehui.members.importers import IndividualMemberImporter
    from xuehui.members.models import IndividualMember
    from xuehui.tests.factories import make_federation, make_society

    society = make_society(federation=make_federation(code="bench"), name="湖北省测试学会")
    started, cpu = time.perf_counter(), time.process_time()
    run = IndividualMemberImporter(society=society).run(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not run.ok:
        raise SystemExit("导入失败：\n" + "\n".join(str(e) for e in run.errors[:20]))
    return elapsed, cpu, IndividualMember.objects.filter(society=society).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="keep the generated register at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "register.xlsx"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        read_s, read_cpu, read_rows = plain_read(path)
        print(
            f"(a) plain read with python-calamine: {read_s:.2f} s wall, {read_cpu:.2f} s CPU, "
            f"{read_rows:,} rows, {args.rows / read_s:,.0f} rows/s"
        )
        import_s, import_cpu, imported = full_import(path, Path(tmp) / "bench.sqlite3")
        print(
            f"(b) validated import into fresh SQLite: {import_s:.2f} s wall, "
            f"{import_cpu:.2f} s CPU, {imported:,} members, {args.rows / import_s:,.0f} rows/s"
        )
        print(
            f"ratio import / plain read: {import_s / read_s:.1f}x wall, "
            f"{import_cpu / read_cpu:.1f}x CPU"
        )
        print("(CPU time is shown too: on a shared machine wall time stretches with the load)")


if __name__ == "__main__":
    main()
