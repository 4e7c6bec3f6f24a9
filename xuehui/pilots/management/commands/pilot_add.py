import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.pilots.models import PilotBatch, PilotProgramme
from xuehui.pilots.services import pilot_membership_add
from xuehui.rules.selectors import society_by_code


class Command(BaseCommand):
    help = "把学会加入试点项目：xuehui pilot-add --programme KEY --society CODE [--since YYYY-MM-DD] [--batch YEAR]"

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="试点项目代码，如 hubei-2h")
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码、编号或名称")
        parser.add_argument("--since", help="加入日期（默认今天）")
        parser.add_argument(
            "--batch",
            type=int,
            metavar="YEAR",
            help="编入该年度的批次（默认加入日期所在年度的批次）",
        )

    def handle(self, *args, **options):
        programme = (
            PilotProgramme.objects.select_related("federation")
            .filter(key=options["programme"])
            .first()
        )
        if programme is None:
            raise CommandError(f"没有代码为「{options['programme']}」的试点项目")
        society = society_by_code(options["society"])
        if society is None:
            raise CommandError(f"没有找到学会「{options['society']}」")
        try:
            since = (
                dt.date.fromisoformat(options["since"])
                if options["since"]
                else timezone.localdate()
            )
        except ValueError:
            raise CommandError(f"加入日期「{options['since']}」无效，应为 YYYY-MM-DD") from None
        year = options["batch"] or since.year
        batch = PilotBatch.objects.filter(programme=programme, year=year).first()
        if batch is None and options["batch"]:
            raise CommandError(
                f"{programme.name}没有{year}年的批次（可用 xuehui pilot-programme --batch 建立）"
            )
        try:
            pilot_membership_add(
                programme=programme, society=society, since=since, batch=batch, actor=SYSTEM
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        where = f"（{batch.name}）" if batch else ""
        self.stdout.write(f"{society.name}自{since:%Y-%m-%d}加入{programme.name}{where}")
