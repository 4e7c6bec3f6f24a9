"""`xuehui import-members FILE --society CODE [--kind individual|institutional] [--dry-run]`

Exit codes: 0 imported (or, with --dry-run, would import), 1 the file has errors and nothing
was written, 2 the command could not run (no such society, file unreadable).
"""

import sys
import time

from django.core.management.base import BaseCommand

from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.text import compact
from xuehui.members.choices import MemberKind
from xuehui.members.importers import importer_for
from xuehui.societies.models import Society

MAX_ERRORS_SHOWN = 500


class Command(BaseCommand):
    help = "从Excel或CSV导入学会的个人会员或单位会员名册（全部行检查无误后一次写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="会员名册文件（.xlsx、.xls 或 .csv）")
        parser.add_argument(
            "--society", required=True, help="学会的统一社会信用代码（或系统内编号）"
        )
        parser.add_argument(
            "--kind",
            choices=MemberKind.values,
            default=MemberKind.INDIVIDUAL,
            help="individual = 个人会员（默认），institutional = 单位会员",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        society = self._society(options["society"])
        if society is None:
            self.stderr.write(f"未找到学会：{options['society']}")
            sys.exit(2)
        importer = importer_for(options["kind"], society=society)
        started = time.perf_counter()
        try:
            run = importer.run(options["file"], dry_run=options["dry_run"])
        except SpreadsheetError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        elapsed = time.perf_counter() - started
        for warning in run.result.warnings:
            self.stderr.write(f"提示：{warning}")
        if not run.ok:
            self._report_errors(run.errors, len(run.result.rows))
            sys.exit(1)
        label = MemberKind(options["kind"]).label
        prefix = "检查通过（未写入）" if options["dry_run"] else "导入完成"
        self.stdout.write(
            f"{prefix}：{society.name} {label} {run.outcome.summary()}"
            f"（{len(run.result.rows)}行，用时{elapsed:.1f}秒）"
        )

    def _society(self, code: str) -> Society | None:
        text = compact(code).upper()
        society = Society.objects.filter(uscc=text).first()
        if society is None and text.isdigit():
            society = Society.objects.filter(pk=int(text)).first()
        return society

    def _report_errors(self, errors, rows: int) -> None:
        for error in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(str(error))
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"……另有{len(errors) - MAX_ERRORS_SHOWN}处错误未列出")
        self.stderr.write(f"共{rows}行，发现{len(errors)}处错误，未写入任何数据")
