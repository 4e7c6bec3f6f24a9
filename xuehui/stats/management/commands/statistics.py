"""`xuehui statistics --year YYYY [--federation CODE] [--threshold 30] [--format xlsx|json]
[--output FILE]`

The yearly statistics return (科协统计, docs/statistics.md) of a 科协, computed from the
records: every table with a row per 科协 of its subtree (each summing the 科协 below it) and a
row per society, the figures that moved more than `--threshold` percent from the year before
flagged. Without `--federation`, the top 科协 (there must be one). xlsx is written to
`--output` (default statistics-CODE-YYYY.xlsx); JSON goes to standard output, or to `--output`.
Nothing is written to the database.
Exit codes: 0 done, 2 a wrong command line (an unknown 科协, a bad year or threshold).
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand

from xuehui.audit.services import audit_export
from xuehui.imports.cli import fail
from xuehui.societies.models import Federation
from xuehui.stats.exporters import write_report
from xuehui.stats.selectors import default_threshold, federation_report, report_json


class Command(BaseCommand):
    help = (
        "导出科协综合统计报表：xuehui statistics --year YYYY [--federation CODE] --output FILE.xlsx"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="统计年度")
        parser.add_argument("--federation", help="科协代码（默认为最上级科协）")
        parser.add_argument("--threshold", help="较上年变动超过该百分比的数据标出（默认30）")
        parser.add_argument("--format", choices=["xlsx", "json"], default="xlsx")
        parser.add_argument("--output", help="输出文件")

    def handle(self, *args, **options):
        year = options["year"]
        if not 1950 <= year <= 2100:
            fail(self, "--year：年度应在1950至2100之间")
        report = federation_report(
            self._federation(options["federation"]), year, threshold=self._threshold(options)
        )
        if options["format"] == "json":
            text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
            self._audit(report, year, "json", options["output"] or "")
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        assert report.federation is not None
        path = Path(options["output"] or f"statistics-{report.federation.code}-{year}.xlsx")
        path.write_bytes(write_report(report))
        self._audit(report, year, "xlsx", str(path))
        self.stderr.write(
            f"已写入 {path}（{len(report.federation_rows)}个科协、{len(report.society_rows)}个学会，"
            f"{len(report.flags)}项数据较上年变动较大）"
        )

    @staticmethod
    def _audit(report, year: int, fmt: str, path: str) -> None:
        audit_export(
            actor=None,
            what=f"{report.federation}{year}年度学会统计",
            rows=len(report.society_rows),
            fmt=fmt,
            detail={"path": path},
        )

    def _federation(self, code: str | None) -> Federation:
        if code:
            federation = Federation.objects.filter(code=code.strip()).first()
            if federation is None:
                fail(self, f"没有代码为「{code}」的科协")
            return federation
        roots = list(Federation.objects.filter(parent__isnull=True).order_by("id")[:2])
        if len(roots) != 1:
            fail(self, "有多个（或没有）最上级科协，请用 --federation 指定科协代码")
        return roots[0]

    def _threshold(self, options) -> Decimal:
        if options["threshold"] is None:
            return default_threshold()
        try:
            threshold = Decimal(options["threshold"].strip().rstrip("%"))
        except InvalidOperation:
            threshold = Decimal("-1")
        if not threshold.is_finite() or threshold < 0:
            fail(self, "--threshold：应为不小于0的百分比，如 30")
        return threshold
