"""`xuehui export-roster --society CODE --term N [--full --reason TEXT] FILE.xlsx`

Writes one term's roster with the columns of the roster import, ID and phone numbers masked
(the file imports back: a masked number keeps the stored one); `--full` writes them in full
and must say why (`--reason`, audited). Exit code 2 for a wrong command line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.governance.exporters import RosterExporter
from xuehui.governance.models import Term
from xuehui.governance.selectors import roster_people
from xuehui.governance.services import roster_export_audit
from xuehui.imports.cli import add_full_arguments, fail, full_reason, society_by_code


class Command(BaseCommand):
    help = "导出学会某一届的理事会成员名册（与导入格式相同，可重新导入；号码默认脱敏）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出文件（.xlsx 或 .csv）")
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码")
        parser.add_argument("--term", required=True, type=int, help="届次，如 3")
        add_full_arguments(parser)

    def handle(self, *args, **options):
        society = society_by_code(self, options["society"])
        term = Term.objects.filter(society=society, number=options["term"]).first()
        if term is None:
            fail(self, f"{society.name}没有第{options['term']}届")
        target = Path(options["file"])
        if target.suffix.lower() not in (".xlsx", ".csv"):
            fail(self, "输出文件应以 .xlsx 或 .csv 结尾")
        if not target.parent.is_dir():
            fail(self, f"目录不存在：{target.parent}")
        reason = full_reason(options)
        exporter = RosterExporter(term, masked=reason is None)
        if target.suffix.lower() == ".csv":
            target.write_bytes(exporter.write_csv())
        else:
            exporter.write_xlsx(target)
        roster_export_audit(
            actor=None, term=term, reason=reason, fmt=target.suffix.lower().lstrip(".")
        )
        count = roster_people(term)
        self.stdout.write(
            f"已导出{society.name}第{term.number}届理事会成员名册：{count}人 → {target}"
        )
