"""`xuehui compute-results [--federation CODE] [--stale]`: compute the stored compliance results
for today — every active society (the nightly run's work, for a machine without the scheduler),
those of one 科协 and those below it, or only those whose results are stale or of an earlier
day. Running it again computes the same rows again."""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from xuehui.access import federation_subtrees
from xuehui.imports.cli import fail
from xuehui.rules.models import StoredResult
from xuehui.rules.stored import active_societies, results_compute
from xuehui.societies.models import Federation


class Command(BaseCommand):
    help = (
        "计算并存储各学会今天的合规核验结果：xuehui compute-results [--federation CODE] [--stale]"
    )

    def add_arguments(self, parser):
        parser.add_argument("--federation", help="科协代码（含下级科协；默认全部）")
        parser.add_argument(
            "--stale", action="store_true", help="只计算数据有变动或不是今天计算的学会"
        )

    def handle(self, *args, **options):
        societies = active_societies()
        if options["federation"]:
            federation = Federation.objects.filter(code=options["federation"].strip()).first()
            if federation is None:
                return fail(self, f"未找到科协：{options['federation']}")
            societies = societies.filter(federation_id__in=federation_subtrees([federation.pk]))
        if options["stale"]:
            today = timezone.localdate()
            fresh = StoredResult.objects.filter(on=today, stale=False).values("society_id")
            old = StoredResult.objects.filter(Q(stale=True) | ~Q(on=today)).values("society_id")
            societies = societies.filter(Q(pk__in=old) | ~Q(pk__in=fresh))
        count = results_compute(societies.values_list("pk", flat=True))
        self.stdout.write(
            f"已计算{count}个学会的合规核验结果（核验日期{timezone.localdate():%Y-%m-%d}）"
        )
