"""`xuehui pilot-readiness --programme KEY [--on DATE] --format json|xlsx [--output FILE]`

The societies of the programme's 科协 and those below it that are not in the programme on the
date, ranked by the pilot standards they meet (most first; then fewest gaps, most members,
name): JSON to standard output, a list of {"society": {"code", "name"}, "met", "decided",
"gaps": [{"requirement", "title", "explanation"}]}; or an xlsx file.
Exit codes: 0 done, 2 a wrong command line (an unknown programme, a bad date).
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from xuehui.audit.services import audit_export
from xuehui.imports.cli import fail
from xuehui.pilots.documents import ReadinessExporter
from xuehui.pilots.models import PilotProgramme
from xuehui.pilots.selectors import readiness, standards


class Command(BaseCommand):
    help = "按试点标准对候选学会排序：xuehui pilot-readiness --programme KEY [--on YYYY-MM-DD] --format json|xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="试点项目代码，如 hubei-2h")
        parser.add_argument("--on", help="核验日期（默认今天）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="xlsx 输出文件（默认 readiness-KEY-DATE.xlsx）")

    def handle(self, *args, **options):
        programme = (
            PilotProgramme.objects.select_related("federation", "framework")
            .filter(key=options["programme"].strip())
            .first()
        )
        if programme is None:
            fail(self, f"没有代码为「{options['programme']}」的试点项目")
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            fail(self, f"核验日期「{options['on']}」无效，应为 YYYY-MM-DD")
        ranked = readiness(programme, on)
        if options["format"] == "json":
            payload = [r.as_json() for r in ranked]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            audit_export(actor=None, what=f"{programme}试点条件核验", rows=len(ranked), fmt="json")
            return
        path = Path(options["output"] or f"readiness-{programme.key}-{on:%Y%m%d}.xlsx")
        exporter = ReadinessExporter(
            ranked, programme=programme, on=on, total=len(standards(programme))
        )
        exporter.write_xlsx(path)
        audit_export(
            actor=None,
            what=f"{programme}试点条件核验",
            rows=len(ranked),
            detail={"path": str(path)},
        )
        self.stderr.write(f"已写入 {path}（{len(ranked)}个学会）")
