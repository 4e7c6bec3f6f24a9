"""`xuehui import-workbook FILE.xlsx [FILE…|FOLDER…] [--society CODE] [--dry-run]`

Imports yearly data workbooks. Each file is checked whole and written in its own transaction,
all of it or nothing; the society is the one named by the 基本信息 sheet's 统一社会信用代码
unless --society is given. A folder means every spreadsheet in it (and its subfolders).
After several files a summary lists the ones that failed.

Exit codes: 0 every file imported (with --dry-run: would import), 1 at least one file has
problems (nothing of that file was written), 2 a wrong command line (no such file, folder or
society).
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.imports.cli import EXIT_DATA, MAX_ERRORS_SHOWN, fail, society_by_code
from xuehui.workbook.services import workbook_import

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def workbook_files(command: BaseCommand, paths: list[str]) -> list[Path]:
    """The files named, and the spreadsheets inside the folders named, in a stable order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SPREADSHEET_SUFFIXES
                and not p.name.startswith("~$")
            )
            if not found:
                fail(command, f"文件夹中没有Excel文件：{name}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            fail(command, f"找不到文件或文件夹：{name}")
    return list(dict.fromkeys(files))


class Command(BaseCommand):
    help = (
        "导入学会信息填报工作簿（每个文件整体检查，全部无误才写入；可一次导入多个文件或整个文件夹）"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="工作簿文件（.xlsx、.xls）或文件夹")
        parser.add_argument(
            "--society", help="学会的统一社会信用代码或全称（默认取「基本信息」中的代码）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        society = society_by_code(self, options["society"]) if options["society"] else None
        files = workbook_files(self, options["paths"])
        failed = []
        for path in files:
            if not self.import_file(
                path, society=society, dry_run=options["dry_run"], many=len(files) > 1
            ):
                failed.append(path)
        if len(files) > 1:
            self.stdout.write("")
            self.stdout.write(
                f"共{len(files)}个文件：成功{len(files) - len(failed)}个，失败{len(failed)}个"
            )
            for path in failed:
                self.stdout.write(f"  失败：{path}")
        if failed:
            sys.exit(EXIT_DATA)

    def import_file(self, path: Path, *, society, dry_run: bool, many: bool) -> bool:
        if many:
            self.stdout.write(f"== {path} ==")
        started = time.perf_counter()
        run = workbook_import(
            source=path, filename=path.name, society=society, actor=SYSTEM, dry_run=dry_run
        )
        for warning in run.warnings:
            self.stderr.write(f"提示：{warning}")
        if not run.ok:
            errors = run.errors
            for error in errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(str(error))
            if len(errors) > MAX_ERRORS_SHOWN:
                self.stderr.write(f"……另有{len(errors) - MAX_ERRORS_SHOWN}处问题未列出")
            self.stderr.write(f"{path.name}：发现{len(errors)}处问题，未写入任何数据")
            return False
        prefix = "检查通过，未写入（--dry-run）" if dry_run else "导入完成"
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{prefix}：{run.society.name}（{path.name}，用时{elapsed:.1f}秒）")
        for sheet in run.sheets:
            if sheet.state == "read":
                self.stdout.write(f"  「{sheet.title}」{sheet.outcome.summary()}")
                for note in sheet.outcome.notes:
                    self.stdout.write(f"    {note}")
            else:
                self.stdout.write(f"  「{sheet.title}」{sheet.state_label}")
        return True
