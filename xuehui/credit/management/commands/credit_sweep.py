"""`xuehui credit-sweep [--federation CODE] [--year YYYY] [--on YYYY-MM-DD]`: keep the 活动异常名录
in step with the annual reports — list the societies whose report is missing after its due
date (or returned and not corrected in time), take off those that have since filed. Run daily
by the scheduler; running it again changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from xuehui.access import SYSTEM, federation_subtrees
from xuehui.credit.services import listings_sweep
from xuehui.imports.cli import fail
from xuehui.societies.models import Federation, Society


class Command(BaseCommand):
    help = "按年度工作报告报送情况更新活动异常名录：xuehui credit-sweep [--federation CODE] [--year YYYY] [--on YYYY-MM-DD]"

    def add_arguments(self, parser):
        parser.add_argument("--federation", help="科协代码（含下级科协；默认全部）")
        parser.add_argument("--year", type=int, help="报告年度（默认上一年度）")
        parser.add_argument("--on", help="核对日期（默认今天）")

    def handle(self, *args, **options):
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            fail(self, f"核对日期「{options['on']}」无效，应为 YYYY-MM-DD")
        year = options["year"]
        if year is not None and not 2000 <= year < on.year:
            fail(self, f"报告年度「{year}」无效：应为2000年至核对日期上一年之间")
        societies = Society.objects.all()
        if options["federation"]:
            federation = Federation.objects.filter(code=options["federation"].strip()).first()
            if federation is None:
                fail(self, f"未找到科协：{options['federation']}")
            societies = societies.filter(federation_id__in=federation_subtrees([federation.pk]))
        listed, removed = listings_sweep(societies=societies, on=on, year=year, actor=SYSTEM)
        self.stdout.write(f"列入活动异常名录 {listed} 个学会，移出 {removed} 个学会")
