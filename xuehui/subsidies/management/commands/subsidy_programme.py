"""`xuehui subsidy-programme FILE.yaml`

Creates the subsidy programme the file defines (format: docs/subsidies.md), or brings
it and its categories up to date; running it again changes nothing. Categories the file does
not name are kept.
Exit codes: 0 done, 1 a definition that cannot be used (every problem listed), 2 a wrong
command line (no such file, not YAML).
"""

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from xuehui.access import SYSTEM
from xuehui.imports.cli import EXIT_DATA, existing_file, fail
from xuehui.societies.models import Federation
from xuehui.subsidies.definition import DefinitionError, parse
from xuehui.subsidies.services import subsidy_category_save, subsidy_programme_save


class Command(BaseCommand):
    help = "按 YAML 文件新建或更新补贴项目及其类别：xuehui subsidy-programme FILE.yaml"

    def add_arguments(self, parser):
        parser.add_argument("file", help="补贴项目定义文件（YAML，格式见 docs/subsidies.md）")

    def handle(self, *args, **options):
        path = existing_file(self, options["file"])
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            fail(self, f"无法读取 {path}：不是 UTF-8 编码的 YAML 文件（{error}）")
        try:
            definition = parse(data)
        except DefinitionError as error:
            fail(self, "\n".join(error.problems), EXIT_DATA)
        federation = Federation.objects.filter(code=definition.federation).first()
        if federation is None:
            fail(self, f"没有代码为「{definition.federation}」的科协", EXIT_DATA)
        try:
            with transaction.atomic():
                programme = subsidy_programme_save(
                    federation=federation, actor=SYSTEM, **definition.programme
                )
                for category in definition.categories:
                    subsidy_category_save(programme=programme, actor=SYSTEM, **category)
        except ValidationError as error:
            fail(self, "；".join(error.messages), EXIT_DATA)
        names = "、".join(c["name"] for c in definition.categories)
        self.stdout.write(f"已保存补贴项目：{programme}（{programme.key}），类别：{names}")
