"""`xuehui export-workbook --society CODE [--full --reason TEXT] FILE.xlsx` (or `--blank FILE.xlsx`)

Writes a society's yearly data workbook, every sheet, ID and phone numbers in 理事会成员 masked
(the file imports back with no change: a masked number keeps the stored one; `--full` writes
them in full and must say why, `--reason`, audited), or a blank workbook to fill in.
Exit code 2 for a wrong command line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.imports.cli import add_full_arguments, fail, full_reason, society_by_code
from xuehui.workbook.exporters import write_workbook
from xuehui.workbook.services import workbook_export_audit
from xuehui.workbook.sheets import ALL_SHEETS


class Command(BaseCommand):
    help = "导出学会信息填报工作簿（各工作表与导入格式相同，可重新导入），或导出空白工作簿"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出文件（.xlsx）")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--society", help="学会的统一社会信用代码或全称")
        group.add_argument("--blank", action="store_true", help="导出空白工作簿")
        add_full_arguments(parser)

    def handle(self, *args, **options):
        target = Path(options["file"])
        if target.suffix.lower() != ".xlsx":
            fail(self, "输出文件应以 .xlsx 结尾")
        if not target.parent.is_dir():
            fail(self, f"目录不存在：{target.parent}")
        society = None if options["blank"] else society_by_code(self, options["society"])
        reason = full_reason(options) if society is not None else None
        target.write_bytes(write_workbook(society, masked=reason is None))
        if society is not None:
            workbook_export_audit(actor=None, society=society, reason=reason)
        what = f"{society.name}信息填报工作簿" if society else "空白信息填报工作簿"
        self.stdout.write(f"已导出{what}（{len(ALL_SHEETS)}个工作表）→ {target}")
