"""`xuehui pilot-programme KEY --name NAME --framework FRAMEWORK_KEY --federation CODE
[--description TEXT] [--standards ENTRY] [--batch YEAR]`

Creates the pilot programme KEY, or brings it up to date (name, framework, federation,
description, the entry holding its standards); running it again changes nothing. With
`--batch YEAR` the programme also gets that year's batch, its phases laid out from the
document's template, if it has none of that year.
Exit codes: 0 done, 1 refused data (a standards entry the framework does not have), 2 a wrong
command line (a bad key, an unknown framework or 科协).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Q

from xuehui.access import SYSTEM
from xuehui.imports.cli import EXIT_DATA, fail
from xuehui.lib.text import compact
from xuehui.pilots.models import PilotBatch, PilotProgramme
from xuehui.pilots.services import batch_create, pilot_programme_save
from xuehui.rules.models import Framework
from xuehui.societies.models import Federation

FIELDS = ("name", "federation_id", "framework_id", "description", "standards_key")


class Command(BaseCommand):
    help = "新建或更新试点项目（按项目代码识别；重复执行不会重复创建）"

    def add_arguments(self, parser):
        parser.add_argument("key", help="项目代码：英文小写字母、数字或连字符，如 hubei-2h")
        parser.add_argument("--name", required=True, help="项目名称，如 湖北两化试点")
        parser.add_argument(
            "--framework", required=True, help="试点标准的政策框架代码，如 hubei-2h-2017"
        )
        parser.add_argument("--federation", required=True, help="开展试点的科协的代码或名称")
        parser.add_argument("--description", default=None, help="说明")
        parser.add_argument("--standards", default=None, help="框架中列出试点标准的条目编号，如 5")
        parser.add_argument(
            "--batch", type=int, default=None, metavar="YEAR", help="同时建立该年度的批次"
        )

    def handle(self, *args, **options):
        key = options["key"].strip()
        if not key or key != key.lower() or not all(c.isalnum() or c == "-" for c in key):
            fail(self, f"项目代码「{options['key']}」无效：只能用英文小写字母、数字和连字符")
        framework = Framework.objects.filter(key=options["framework"].strip()).first()
        if framework is None:
            fail(
                self,
                f"没有代码为「{options['framework']}」的政策框架（请先运行 xuehui load-frameworks）",
            )
        value = compact(options["federation"])
        federation = Federation.objects.filter(Q(code=value) | Q(name=value)).first()
        if federation is None:
            fail(self, f"未找到科协：{options['federation']}（请填写已有科协的代码或名称）")
        existing = PilotProgramme.objects.filter(key=key).first()
        before = {f: getattr(existing, f) for f in FIELDS} if existing else None
        description = options["description"]
        if description is None:
            description = existing.description if existing else ""
        try:
            programme = pilot_programme_save(
                key=key, name=compact(options["name"]), federation=federation,
                framework=framework, description=description.strip(),
                standards_key=options["standards"], actor=SYSTEM,
            )  # fmt: skip
        except ValidationError as error:
            fail(self, "；".join(error.messages), EXIT_DATA)
        if before is None:
            self.stdout.write(f"已新建试点项目：{programme.name}（{key}）")
        else:
            changed = [f for f in FIELDS if getattr(programme, f) != before[f]]
            labels = "、".join(
                str(PilotProgramme._meta.get_field(f.removesuffix("_id")).verbose_name)
                for f in changed
            )
            self.stdout.write(
                f"已更新试点项目 {programme.name}（{key}）：{labels}"
                if changed
                else f"试点项目 {programme.name}（{key}）已是最新，无需修改"
            )
        if options["batch"] is not None:
            self._batch(programme, options["batch"])

    def _batch(self, programme, year: int) -> None:
        if not 2000 <= year <= 2100:
            fail(self, f"批次年度「{year}」无效，应为2000—2100之间的年份")
        if PilotBatch.objects.filter(programme=programme, year=year).exists():
            self.stdout.write(f"{year}年批次已存在")
            return
        try:
            batch = batch_create(programme=programme, year=year, actor=SYSTEM)
        except ValidationError as error:
            fail(self, "；".join(error.messages), EXIT_DATA)
        phases = "；".join(
            f"{p.name} {p.starts_on:%Y-%m-%d}至{p.ends_on:%Y-%m-%d}" for p in batch.phases.all()
        )
        self.stdout.write(f"已新建{batch}：{phases}")
