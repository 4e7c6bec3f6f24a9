"""`xuehui evaluation-scheme FILE.yaml|FILE.xlsx [--federation CODE] [--year YYYY]`

Stores an indicator system (docs/evaluation-schemes.md) for a 科协: created, or replaced while
its year's results are unpublished. The federation is `--federation` or the file's
`federation`. Exit codes: 0 stored, 1 a definition that cannot be used (every problem listed),
2 a wrong command line.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from xuehui.access import SYSTEM
from xuehui.evaluation.scheme import SchemeError
from xuehui.evaluation.selectors import scheme_of
from xuehui.evaluation.services import scheme_save
from xuehui.evaluation.workbook import scheme_from_xlsx
from xuehui.imports.cli import EXIT_DATA, fail
from xuehui.societies.models import Federation


class Command(BaseCommand):
    help = "保存考评指标体系：xuehui evaluation-scheme FILE.yaml|FILE.xlsx [--federation CODE]"

    def add_arguments(self, parser):
        parser.add_argument("file", help="指标体系文件（YAML 或 xlsx）")
        parser.add_argument("--federation", help="科协代码（默认取文件中的 federation）")
        parser.add_argument("--year", type=int, help="考核年度（默认取文件中的 year）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            fail(self, f"找不到文件 {path}")
        data = self._read(path)
        code = options["federation"] or str(data.get("federation") or "").strip()
        if not code:
            fail(self, "请用 --federation 指定科协（指标体系文件未写明 federation）")
        federation = Federation.objects.filter(code=code).first()
        if federation is None:
            fail(self, f"没有代码为「{code}」的科协")
        try:
            row = scheme_save(federation=federation, data=data, year=options["year"], actor=SYSTEM)
        except ValidationError as error:
            fail(self, "指标体系有误：\n" + "\n".join(f"- {m}" for m in error.messages), EXIT_DATA)
        scheme = scheme_of(row)
        self.stdout.write(
            f"已保存：{row}（{federation.name}，{len(list(scheme.walk()))}个指标，"
            f"总分{scheme.total_points.normalize():f}）"
        )

    def _read(self, path: Path) -> dict:
        try:
            if path.suffix.lower() in (".xlsx", ".xls"):
                return scheme_from_xlsx(path.read_bytes(), filename=path.name)
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except SchemeError as error:
            fail(self, "指标体系有误：\n" + "\n".join(f"- {p}" for p in error.problems), EXIT_DATA)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            fail(self, f"{path} 不是有效的 YAML 文件：{error}", EXIT_DATA)
        if not isinstance(data, dict):
            fail(self, "指标体系定义应为键值表（YAML 映射）", EXIT_DATA)
        return data
