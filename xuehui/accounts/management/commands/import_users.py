"""`xuehui import-users FILE --out PASSWORDS.xlsx [--dry-run]`

Creates the accounts listed in a spreadsheet (all rows or none) and writes the initial
passwords of the new accounts to PASSWORDS.xlsx, readable only by its owner; nothing secret
is printed. Exit codes: 0 done, 1 the file has problems and nothing was written, 2 a wrong
command line (no such file, an existing output file).
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.accounts.importers import UserImporter
from xuehui.imports.cli import fail, run_import


class Command(BaseCommand):
    help = "从Excel或CSV批量创建账号（全部行无误才写入），初始密码写入 --out 指定的文件"

    def add_arguments(self, parser):
        parser.add_argument("file", help="账号文件（.xlsx、.xls 或 .csv）")
        parser.add_argument("--out", help="初始密码文件（.xlsx），不能是已存在的文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        out = Path(options["out"]) if options["out"] else None
        if out is None and not options["dry_run"]:
            fail(self, "请用 --out 指定初始密码文件")
        if out is not None and out.exists():
            fail(self, f"文件已存在：{out}（为免覆盖他人的密码文件，请指定新文件名）")
        if out is not None and not out.parent.is_dir():
            fail(self, f"目录不存在：{out.parent}")
        importer = UserImporter(actor=SYSTEM)
        run_import(self, importer, options["file"], dry_run=options["dry_run"])
        if out is not None and not options["dry_run"]:
            self._write(out, importer)

    def _write(self, out: Path, importer: UserImporter) -> None:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(importer.password_file())
        self.stdout.write(
            f"{len(importer.password_lines)}个新账号的初始密码已写入 {out}（仅本人可读）；"
            "请分发后删除该文件"
        )
