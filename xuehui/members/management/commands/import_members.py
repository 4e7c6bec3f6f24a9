"""`xuehui import-members FILE --society CODE [--kind individual|institutional] [--dry-run]`

Imports a register of individual (default) or institutional members; a member already on the
register (by 会员编号, else 身份证号码 / 统一社会信用代码) is updated.
Exit codes: 0 done, 1 the file has problems and nothing was written, 2 a wrong command line.
"""

from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.imports.cli import run_import, society_by_code
from xuehui.members.choices import MemberKind
from xuehui.members.importers import importer_for


class Command(BaseCommand):
    help = "从Excel或CSV导入学会的个人会员或单位会员名册（全部行无误才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="会员名册文件（.xlsx、.xls 或 .csv）")
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码或全称")
        parser.add_argument(
            "--kind",
            choices=MemberKind.values,
            default=MemberKind.INDIVIDUAL,
            help="individual = 个人会员（默认），institutional = 单位会员",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        society = society_by_code(self, options["society"])
        self.stdout.write(f"{society.name} {MemberKind(options['kind']).label}名册")
        importer = importer_for(options["kind"], society=society, actor=SYSTEM)
        run_import(self, importer, options["file"], dry_run=options["dry_run"])
