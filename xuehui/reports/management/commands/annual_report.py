"""`xuehui annual-report --society CODE --year YYYY --format json|docx|pdf [--output FILE]`: a
society's 年度工作报告. JSON prints the sections and each figure with the records it counts
(the frozen figures once accepted); Word and PDF are written to FILE (by default the report's
name in the current folder)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.audit.services import audit_export
from xuehui.imports.cli import fail, society_by_code
from xuehui.reports import documents, figures, selectors


class Command(BaseCommand):
    help = "生成学会年度工作报告：xuehui annual-report --society CODE --year YYYY --format json|docx|pdf [--output FILE]"

    def add_arguments(self, parser):
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码或全称")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2025")
        parser.add_argument("--format", choices=["json", "docx", "pdf"], default="json")
        parser.add_argument("--output", help="输出文件（json 默认打印到屏幕）")

    def handle(self, *args, **options):
        society = society_by_code(self, options["society"])
        year = options["year"]
        if not 2000 <= year <= 2100:
            fail(self, f"年度无效：{year}")
        fmt, output = options["format"], options["output"]
        if fmt == "json":
            report = selectors.report_of(society, year)
            data = selectors.report_figures(report, society, year)
            payload = {
                **data,
                "status": report.status if report else "",
                "status_label": report.get_status_display() if report else "未填报",
                "figures": figures.flat(data),
            }
            text = json.dumps(payload, ensure_ascii=False, indent=2)
            audit_export(
                actor=None,
                what=f"{year}年度工作报告数据",
                rows=None,
                society=society,
                fmt="json",
                detail={"path": output or ""},
            )
            if output:
                Path(output).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"已写入 {output}")
            else:
                self.stdout.write(text)
            return
        content, _, filename = documents.render(society, year, fmt)
        target = Path(output or filename)
        try:
            target.write_bytes(content)
        except OSError as error:
            fail(self, f"无法写入 {target}：{error}")
        audit_export(
            actor=None,
            what=f"{year}年度工作报告",
            rows=None,
            society=society,
            fmt=fmt,
            detail={"path": str(target)},
        )
        sys.stdout.flush()
        self.stdout.write(f"已写入 {target}（{len(content)} 字节）")
