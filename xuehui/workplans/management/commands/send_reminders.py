"""xuehui send-reminders [--on YYYY-MM-DD]: send the deadline reminders due today, once each.

Safe to run from cron every hour: every reminder carries a dedupe key, so a second run on the
same day sends nothing new. `--on` runs as of another day (for testing and catching up).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuehui.workplans.reminders import reminders_send


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from None


class Command(BaseCommand):
    help = "发送今天到期的截止日期提醒（工作方案、自评、专家评审、整改、方案任务），不重复发送"

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_day, help="按指定日期（YYYY-MM-DD）发送，默认今天")

    def handle(self, *args, on=None, **options):
        day = on or timezone.localdate()
        sent = reminders_send(day=day)
        self.stdout.write(f"{day:%Y-%m-%d} 截止日期提醒：")
        for category, count in sent.items():
            self.stdout.write(f"  {category}：{count} 条")
        total = sum(sent.values())
        if total:
            self.stdout.write(self.style.SUCCESS(f"共发送 {total} 条新提醒。"))
        else:
            self.stdout.write("没有需要发送的新提醒（已发送过的不再重复）。")
