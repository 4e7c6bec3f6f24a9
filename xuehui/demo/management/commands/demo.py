"""`xuehui demo`: load the demo (Hubei 科协, pilot and other societies, rosters, accounts).

Idempotent: a second run writes nothing new (it may reset the demo passwords). The steps
are listed in xuehui/demo/steps.py, which says how to add one.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xuehui.demo import steps
from xuehui.demo.context import DemoContext


class Command(BaseCommand):
    help = "载入演示数据（湖北省科协、试点学会及其他虚构学会、理事会名册、演示账号）；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="名册规模系数（0.1–1，默认1）；仅供测试缩短运行时间，同一数据库请勿混用不同系数",
        )

    def handle(self, *args, scale: float, **options):
        if not 0.1 <= scale <= 1:
            raise CommandError("--scale 应在 0.1 与 1 之间")
        ctx = DemoContext(scale=scale)
        began = time.perf_counter()
        with transaction.atomic():
            for number, step in enumerate(steps.STEPS, start=1):
                summary = step.run(ctx)
                self.stdout.write(f"[{number}/{len(steps.STEPS)}] {step.label}：{summary}")
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪，用时 {time.perf_counter() - began:.1f} 秒。")
        )
        self._print_accounts(ctx)

    def _print_accounts(self, ctx: DemoContext) -> None:
        if not ctx.accounts:
            return
        self.stdout.write("演示账号（固定的演示密码，切勿用于正式环境）：")
        for account in ctx.accounts:
            self.stdout.write(
                f"  {account.role_label}  用户名 {account.username}  密码 {account.password}"
                f"  （{account.scope}）"
            )
