import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuehui.rules.facts import FACT_LABELS, gather
from xuehui.rules.selectors import society_by_code


class Command(BaseCommand):
    help = "列出引擎所知的学会全部事实：xuehui facts --society CODE [--on YYYY-MM-DD] [--young-age 45] --format json"

    def add_arguments(self, parser):
        parser.add_argument("--society", required=True, help="学会的统一社会信用代码、编号或名称")
        parser.add_argument("--on", help="日期（默认今天）")
        parser.add_argument(
            "--young-age", type=int, default=45, help="中青年年龄上限（周岁），默认45"
        )
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        society = society_by_code(options["society"])
        if society is None:
            raise CommandError(f"没有找到学会「{options['society']}」")
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期「{options['on']}」无效，应为 YYYY-MM-DD") from None
        facts = gather([society.pk], on, young_age=options["young_age"])[society.pk]
        payload = {
            "society": {"code": society.uscc, "name": society.name},
            "on": on.isoformat(),
            "facts": {name: facts[name] for name in sorted(facts)},
            "missing": dict(sorted(facts.missing.items())),
            "labels": {
                name: FACT_LABELS.get(name, "") for name in sorted(set(facts) | set(facts.missing))
            },
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
