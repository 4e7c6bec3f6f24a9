import datetime as dt
import json
from pathlib import Path
from textwrap import indent

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheckCommand
from django.utils import timezone

from xuehui.audit.services import audit_export
from xuehui.lib.export import new_workbook, save_workbook
from xuehui.rules.exporters import ResultExporter
from xuehui.rules.models import Framework
from xuehui.rules.reports import report_json, report_table
from xuehui.rules.selectors import evaluate_societies, framework_spec, society_by_code
from xuehui.rules.services import evaluation_run_create
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Society

CHUNK = 200  # societies evaluated at once by `check --all`


class Command(SystemCheckCommand):
    help = (
        "按政策框架核验学会：xuehui check --society CODE --framework KEY [--on YYYY-MM-DD | --year YYYY] [--format json|table]；"
        "--year 按完整自然年度核验（以该年12月31日的情况和该年度的记录为准）；"
        "xuehui check --all --framework KEY [--on …] --format json|xlsx [--output FILE]。无论结果如何退出码均为0。"
        "不带 --society 或 --all 时，执行 Django 的系统检查（manage.py check）。"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--society", help="学会的统一社会信用代码、编号或名称")
        who.add_argument("--all", action="store_true", help="全部学会（已注销的除外）")
        parser.add_argument("--framework", help="框架代码，如 hubei-reform-2017")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--on", help="核验日期（默认今天）；每年的要求按该日所在年度截至该日核验")
        when.add_argument(
            "--year", help="核验一个完整的自然年度 YYYY（以该年12月31日的情况和该年度的记录为准）"
        )
        parser.add_argument("--format", choices=["json", "table", "xlsx"], default=None)
        parser.add_argument("--output", help="xlsx 输出文件（默认 check-KEY-DATE.xlsx）")
        parser.add_argument(
            "--save", action="store_true", help="同时保存核验记录（含框架版本），以后可查"
        )

    def handle(self, *args, **options):
        if not (options["society"] or options["all"]):
            return super().handle(*args, **options)  # Django's system checks
        if not options["framework"]:
            raise CommandError("请用 --framework 指定政策框架代码，如 hubei-reform-2017")
        spec = framework_spec(options["framework"])
        if spec is None:
            raise CommandError(
                f"没有代码为「{options['framework']}」的政策框架（请先运行 xuehui load-frameworks）"
            )
        on = self.year_end(options["year"]) if options["year"] else self.date(options["on"])
        if options["save"]:
            self.save(options, on)
        if options["all"]:
            return self.check_all(spec, on, options["format"] or "json", options["output"])
        society = society_by_code(options["society"])
        if society is None:
            raise CommandError(f"没有找到学会「{options['society']}」")
        results = evaluate_societies(spec, [society.pk], on)[society.pk]
        fmt = options["format"] or "table"
        if fmt == "xlsx":
            return self.write_xlsx([(society, r) for r in results], spec.key, on, options["output"])
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    report_json(society, spec.key, on, results), ensure_ascii=False, indent=2
                )
            )
        else:
            self.stdout.write(report_table(society, spec.key, on, results))
        audit_export(
            actor=None,
            what=f"合规核验结果（{spec.key}）",
            rows=len(results),
            society=society,
            fmt="json" if fmt == "json" else "text",
        )

    def save(self, options, on: dt.date) -> None:
        if options["all"]:
            ids = list(
                Society.objects.exclude(status=SocietyStatus.DEREGISTERED).values_list(
                    "pk", flat=True
                )
            )
        else:
            society = society_by_code(options["society"])
            ids = [society.pk] if society else []
        framework = Framework.objects.get(key=options["framework"])
        run = evaluation_run_create(framework=framework, society_ids=ids, on=on)
        self.stderr.write(
            f"已保存核验记录 #{run.pk}（{framework.key} 第{run.version.version}版，{run.society_count}个学会）"
        )

    def date(self, text: str | None) -> dt.date:
        try:
            return dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError:
            raise CommandError(f"核验日期「{text}」无效，应为 YYYY-MM-DD") from None

    def year_end(self, text: str) -> dt.date:
        if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2200):
            raise CommandError(f"核验年度「{text}」无效，应为四位年份 YYYY（1900—2200）")
        return dt.date(int(text), 12, 31)

    def check_all(self, spec, on, fmt: str, output: str | None) -> None:
        if fmt == "table":
            raise CommandError("--all 只支持 --format json 或 xlsx")
        ids = list(
            Society.objects.exclude(status=SocietyStatus.DEREGISTERED)
            .order_by("name", "pk")
            .values_list("pk", flat=True)
        )
        if fmt == "json":
            self.stream_json(spec, on, ids)
            audit_export(
                actor=None,
                what=f"全部学会合规核验结果（{spec.key}，{len(ids)}个学会）",
                rows=len(ids),
                fmt="json",
            )
            return
        rows = ((s, result) for s, results in self.checked(spec, on, ids) for result in results)
        self.write_xlsx(rows, spec.key, on, output)

    def checked(self, spec, on, ids: list[int]):
        """(society, its results) in the order of `ids`, evaluated CHUNK societies at a time:
        each chunk's facts are gathered in one pass (queries per chunk, not per society), and
        memory holds one chunk's results."""
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            societies = Society.objects.in_bulk(chunk)
            results = evaluate_societies(spec, chunk, on)
            for pk in chunk:
                yield societies[pk], results[pk]

    def stream_json(self, spec, on, ids: list[int]) -> None:
        """The same JSON list as one `json.dumps(…, indent=2)`, written a society at a time."""
        self.stdout.write("[", ending="")
        first = True
        for society, results in self.checked(spec, on, ids):
            text = json.dumps(
                report_json(society, spec.key, on, results), ensure_ascii=False, indent=2
            )
            self.stdout.write(("\n" if first else ",\n") + indent(text, "  "), ending="")
            first = False
        self.stdout.write("]" if first else "\n]")

    def write_xlsx(self, rows, key: str, on: dt.date, output: str | None) -> None:
        """Rows written as they come (write-only): for --all, a chunk's results at a time."""
        path = Path(output or f"check-{key}-{on:%Y%m%d}.xlsx")
        exporter = ResultExporter(rows)
        exporter.title = f"合规核验：{key}（核验日期{on:%Y-%m-%d}）"
        book = new_workbook()
        count = exporter.fill_sheet(book.create_sheet())
        save_workbook(book, path)
        audit_export(
            actor=None, what=f"合规核验结果（{key}）", rows=count, detail={"path": str(path)}
        )
        self.stdout.write(f"已写入 {path}（{count}行）")
