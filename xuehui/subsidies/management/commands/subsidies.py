"""`xuehui subsidies --programme KEY [--federation CODE] --format json|xlsx [--allocate]
[--all] [--on DATE] [--output FILE]`

The computed list of a subsidy programme, category by category, each candidate in order
(ranked first, then the ineligible): JSON to standard output, a list of {"society": {"code",
"name"}, "category", "category_name", "eligible", "reasons", "priority", "score", "rank",
"amount", "note"}; or an xlsx file. `--allocate` also stores the result on the applications
(as the page's 测算 button does); without it nothing is written. `--all`: a category without
applications takes every active society of the 科协 as nominated. `--on` is the day taken as
today (the default date of eligibility when the programme sets none).
Exit codes: 0 done, 2 a wrong command line (an unknown programme or 科协, a bad date).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.audit.services import audit_export
from xuehui.imports.cli import cli_date, fail
from xuehui.subsidies.eligibility import compute
from xuehui.subsidies.exports import RankingExporter
from xuehui.subsidies.models import SubsidyProgramme
from xuehui.subsidies.selectors import result_json
from xuehui.subsidies.services import subsidy_allocate


class Command(BaseCommand):
    help = "测算补贴项目的资格、排序和金额：xuehui subsidies --programme KEY --format json|xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="补贴项目代码")
        parser.add_argument("--federation", help="科协代码（多个科协有同一项目代码时必填）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--allocate", action="store_true", help="保存测算结果")
        parser.add_argument("--all", action="store_true", help="没有申请的类别按本科协全部学会测算")
        parser.add_argument("--on", help="视为今天的日期（YYYY-MM-DD）")
        parser.add_argument("--output", help="xlsx 输出文件")

    def handle(self, *args, **options):
        programme = self._programme(options)
        today = cli_date(self, options["on"], "--on")
        if options["allocate"]:
            results = subsidy_allocate(
                programme=programme, nominate_all=options["all"], actor=SYSTEM, today=today
            )
        else:
            results = compute(programme, include_all=options["all"], today=today)
        if options["format"] == "json":
            payload = [row for result in results for row in result_json(result)]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            audit_export(actor=None, what=f"{programme}补贴测算", rows=len(payload), fmt="json")
            return
        rows = [(r.category, p) for r in results for p in r.outcome.placements]
        path = Path(options["output"] or f"subsidies-{programme.key}.xlsx")
        RankingExporter(rows, programme=programme).write_xlsx(path)
        audit_export(
            actor=None, what=f"{programme}补贴测算", rows=len(rows), detail={"path": str(path)}
        )
        self.stderr.write(f"已写入 {path}（{len(rows)}行）")

    def _programme(self, options) -> SubsidyProgramme:
        found = SubsidyProgramme.objects.select_related("federation").filter(
            key=options["programme"].strip()
        )
        if options["federation"]:
            found = found.filter(federation__code=options["federation"].strip())
        programmes = list(found[:2])
        if not programmes:
            fail(self, f"没有代码为「{options['programme']}」的补贴项目")
        if len(programmes) > 1:
            fail(
                self,
                f"多个科协有代码为「{options['programme']}」的补贴项目，请用 --federation 指定",
            )
        return programmes[0]
