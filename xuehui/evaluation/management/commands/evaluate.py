"""`xuehui evaluate --scheme KEY|FILE --year YYYY [--federation CODE] [--on DATE]
--format json|xlsx [--output FILE]`

Scores a 科协's societies for a year under an indicator system and prints, in ranking order,
{"society": {"code", "name"}, "score", "rank", "class", "stars", "breakdown": [{"indicator",
"points", "score", "basis"}, …], "vetoes", "restructure_candidate"} per society (JSON), or
writes a workbook. `--scheme` names a stored scheme (`xuehui evaluation-scheme` loads one) or a
YAML file in the documented format (docs/evaluation-schemes.md), which is scored without being
stored. The experts' marks and star applications of the stored year's evaluation are used.
`--save` stores the scheme (when it is not the stored one of that year), the year's evaluation
and its results; `--publish DATE` also starts 公示 on DATE (the results are then published to
the societies, and subsidies rank by them); `--confirm DATE` confirms on DATE once 公示 is over.
Exit codes: 0 done, 1 a scheme that cannot be used (every problem listed), 2 a wrong command line.
"""

import datetime as dt
import json
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from xuehui.access import SYSTEM
from xuehui.audit.services import audit_export
from xuehui.evaluation import selectors, services
from xuehui.evaluation.documents import OutcomeExporter
from xuehui.evaluation.models import Evaluation, EvaluationScheme
from xuehui.evaluation.scheme import Scheme, SchemeError
from xuehui.evaluation.scoring import Outcome, score_year
from xuehui.imports.cli import EXIT_DATA, fail
from xuehui.societies.models import Federation

LIBRARY = Path(__file__).resolve().parents[2] / "library"


def outcome_json(o: Outcome) -> dict:
    return {
        "society": {"code": o.code, "name": o.name},
        "score": float(o.score),
        "rank": o.rank,
        "class": o.tier_label,
        "stars": o.stars,
        "breakdown": [
            {
                "indicator": f"{line.code} {line.indicator}",
                "code": line.code,
                "points": float(line.points),
                "score": float(line.score),
                "basis": line.basis,
            }
            for line in o.lines
        ],
        "vetoes": o.vetoes,
        "notes": o.notes,
        "restructure_candidate": o.restructure_candidate,
        "star_note": o.star_note,
    }


class Command(BaseCommand):
    help = (
        "按考评指标体系计算学会的得分、名次、分类和星级：xuehui evaluate --scheme KEY --year YYYY"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, help="指标体系代码，或 YAML 文件路径")
        parser.add_argument("--year", type=int, help="考核年度（默认指标体系的年度）")
        parser.add_argument("--federation", help="科协代码（默认指标体系所属科协）")
        parser.add_argument("--on", help="数据截止日期（默认考核年度最后一天，年度未完则今天）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="xlsx 输出文件")
        parser.add_argument(
            "--save", action="store_true", help="保存为本年度考评结果（指标体系一并保存）"
        )
        parser.add_argument("--publish", metavar="DATE", help="保存并自该日起公示（YYYY-MM-DD）")
        parser.add_argument(
            "--confirm",
            metavar="DATE",
            help="公示期满后于该日确认发布（YYYY-MM-DD），星级登记入名录",
        )

    def handle(self, *args, **options):
        federation = None
        if options["federation"]:
            federation = Federation.objects.filter(code=options["federation"].strip()).first()
            if federation is None:
                fail(self, f"没有代码为「{options['federation']}」的科协")
        scheme, row, federation, data = self._scheme(options, federation)
        year = options["year"] or scheme.year
        if year is None:
            fail(self, "请用 --year 指定考核年度")
        try:
            on = (
                dt.date.fromisoformat(options["on"])
                if options["on"]
                else selectors.default_facts_on(year)
            )
        except SchemeError as error:
            fail(self, error.problems[0])
        except ValueError:
            fail(self, f"数据截止日期「{options['on']}」无效，应为 YYYY-MM-DD")
        stored = (
            self._date(options["publish"], "公示开始日期"),
            self._date(options["confirm"], "确认日期"),
        )
        if options["save"] or any(stored):
            row = self._store(row, federation, data, year, on, *stored)
        evaluation = Evaluation.objects.filter(scheme=row).first() if row is not None else None
        known = selectors.known_of(scheme, federation, year, on, evaluation=evaluation)
        outcomes = score_year(scheme, known)
        if options["format"] == "json":
            payload = [outcome_json(o) for o in outcomes]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            audit_export(actor=None, what=f"{year}年度考评结果", rows=len(outcomes), fmt="json")
            return
        path = Path(options["output"] or f"evaluation-{scheme.key}-{year}.xlsx")
        title = f"{federation.name}{year}年度学会考评结果（{scheme.name}，数据截止{on:%Y-%m-%d}）"
        OutcomeExporter(outcomes, scheme=scheme, title=title).write_xlsx(path)
        audit_export(
            actor=None, what=f"{year}年度考评结果", rows=len(outcomes), detail={"path": str(path)}
        )
        self.stderr.write(f"已写入 {path}（{len(outcomes)}个学会）")

    def _date(self, text: str | None, label: str) -> dt.date | None:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            fail(self, f"{label}「{text}」无效，应为 YYYY-MM-DD")
        raise AssertionError

    def _store(self, row, federation, data, year, on, publish, confirm) -> EvaluationScheme:
        """Saves the scheme (unless it is the stored one of that year and 科协), the year's
        evaluation and its results; then 公示 and confirmation when asked."""
        try:
            with transaction.atomic():
                if row is None or row.year != year or row.federation_id != federation.pk:
                    row = self._saved(federation, data, year)
                evaluation = Evaluation.objects.filter(scheme=row).first()
                if evaluation is None or not evaluation.is_published:
                    evaluation = services.evaluation_open(scheme=row, facts_on=on, actor=SYSTEM)
                    services.evaluation_compute(evaluation=evaluation, actor=SYSTEM)
                if publish:
                    services.publicity_start(evaluation=evaluation, starts_on=publish, actor=SYSTEM)
                if confirm:
                    services.evaluation_confirm(evaluation=evaluation, on=confirm, actor=SYSTEM)
        except ValidationError as error:
            fail(self, "无法保存：" + "；".join(error.messages), EXIT_DATA)
        evaluation = Evaluation.objects.get(scheme=row)
        self.stderr.write(f"已保存{row}的考评结果（{evaluation.get_stage_display()}）")
        return row

    def _saved(self, federation, data: dict, year: int) -> EvaluationScheme:
        """The stored scheme of that key and year when it holds this definition; else the
        definition saved (refused once that year's results are published)."""
        definition = {k: v for k, v in data.items() if k != "federation"} | {"year": year}
        stored = EvaluationScheme.objects.filter(
            federation=federation, key=data.get("key"), year=year
        ).first()
        if stored is not None and stored.definition == definition:
            return stored
        return services.scheme_save(federation=federation, data=data, year=year, actor=SYSTEM)

    def _scheme(
        self, options, federation
    ) -> tuple[Scheme, EvaluationScheme | None, Federation, dict]:
        """The scheme named: a YAML file, a stored scheme of the year, or (for another year) the
        latest stored scheme of the key or the library's file of that name, scored as is."""
        name = options["scheme"].strip()
        path = Path(name)
        if name.endswith((".yaml", ".yml")) or path.is_file():
            data = self._read(path)
            return self._parsed(data), None, self._federation(federation, data), data
        rows = EvaluationScheme.objects.select_related("federation").filter(key=name)
        if federation is not None:
            rows = rows.filter(federation=federation)
        exact = [r for r in rows.order_by("-year") if options["year"] in (None, r.year)]
        if len(exact) > 1 and options["year"] is None and federation is None:
            exact = exact[:1]
        if len({r.federation_id for r in exact}) > 1:
            fail(self, f"多个科协都有代码为「{name}」的指标体系，请用 --federation 指定")
        if exact:
            row = exact[0]
            return self._parsed(row.definition), row, federation or row.federation, row.definition
        latest = rows.order_by("-year").first()
        if latest is not None:
            federation = federation or latest.federation
            return self._parsed(latest.definition), None, federation, latest.definition
        file = LIBRARY / f"{name}.yaml"
        if file.is_file():
            data = self._read(file)
            return self._parsed(data), None, self._federation(federation, data), data
        fail(self, f"没有代码为「{name}」的考评指标体系")
        raise AssertionError  # fail exits

    def _read(self, path: Path) -> dict:
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            fail(self, f"找不到文件 {path}")
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            fail(self, f"{path} 不是有效的 YAML 文件：{error}", EXIT_DATA)
        raise AssertionError

    def _parsed(self, data) -> Scheme:
        try:
            return selectors.parse_checked(data)
        except SchemeError as error:
            fail(self, "指标体系有误：\n" + "\n".join(f"- {p}" for p in error.problems), EXIT_DATA)
        raise AssertionError

    def _federation(self, federation, data) -> Federation:
        if federation is not None:
            return federation
        code = str((data or {}).get("federation") or "").strip() if isinstance(data, dict) else ""
        found = Federation.objects.filter(code=code).first() if code else None
        if found is None:
            fail(self, "请用 --federation 指定科协（指标体系文件未写明 federation）")
        return found
