"""`xuehui import-societies FILE [--federation NAME_OR_CODE] [--dry-run]`

Upserts the society registry by unified social credit code. Exit codes: 0 done, 1 the file
has problems and nothing was written, 2 a wrong command line.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from xuehui.access import SYSTEM
from xuehui.imports.cli import fail, run_import
from xuehui.lib.text import compact
from xuehui.societies.importers import SocietyImporter
from xuehui.societies.models import Federation


class Command(BaseCommand):
    help = "从Excel或CSV导入学会名录（按统一社会信用代码新增或更新；全部行无误才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="学会名录文件（.xlsx、.xls 或 .csv）")
        parser.add_argument(
            "--federation",
            help="所属科协的名称或代码：用于未填写「所属科协」的新学会",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        federation = None
        if options["federation"]:
            text = compact(options["federation"])
            federation = Federation.objects.filter(Q(code=text) | Q(name=text)).first()
            if federation is None:
                fail(self, f"未找到科协：{options['federation']}（请填写科协名称或代码）")
        importer = SocietyImporter(default_federation=federation, actor=SYSTEM)
        run_import(self, importer, options["file"], dry_run=options["dry_run"])
