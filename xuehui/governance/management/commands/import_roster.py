"""`xuehui import-roster FILE --society CODE --term N --term-start DATE [--term-end DATE] [--dry-run]`

Imports one term's council roster, creating the term if needed and replacing its positions.
Exit codes: 0 done, 1 the file has problems and nothing was written, 2 a wrong command line.
"""

from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.governance.importers import RosterImporter
from xuehui.imports.cli import cli_date, fail, run_import, society_by_code


class Command(BaseCommand):
    help = "从Excel或CSV导入学会某一届的理事会成员名册（该届职务以文件为准；全部行无误才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="理事会成员名册文件（.xlsx、.xls 或 .csv）")
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码")
        parser.add_argument("--term", required=True, type=int, help="届次，如 3")
        parser.add_argument("--term-start", required=True, help="本届开始日期，如 2022-06-01")
        parser.add_argument("--term-end", help="本届届满日期（默认开始日期后五年）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        society = society_by_code(self, options["society"])
        if options["term"] < 1:
            fail(self, "--term：届次应为正整数")
        start = cli_date(self, options["term_start"], "--term-start")
        end = cli_date(self, options["term_end"], "--term-end")
        if end is not None and end <= start:
            fail(self, "--term-end：届满日期应晚于开始日期")
        importer = RosterImporter(
            society=society,
            term_number=options["term"],
            term_start=start,
            term_end=end,
            actor=SYSTEM,
        )
        self.stdout.write(f"{society.name} 第{options['term']}届理事会成员名册")
        run_import(self, importer, options["file"], dry_run=options["dry_run"])
