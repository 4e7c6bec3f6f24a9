from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xuehui.rules.services import frameworks_load_library
from xuehui.rules.spec import FrameworkError


class Command(BaseCommand):
    help = "载入政策框架库（xuehui/rules/library/*.yaml），可重复执行；版本号提高时更新，低于已载入版本时拒绝。"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="框架文件或文件夹（默认为框架库）")

    def handle(self, *args, **options):
        try:
            outcomes = frameworks_load_library(
                path=Path(options["path"]) if options["path"] else None
            )
        except FrameworkError as error:
            raise CommandError("载入失败，未做任何修改：\n" + "\n".join(error.problems)) from None
        if options["verbosity"] >= 1:
            for outcome in outcomes:
                self.stdout.write(outcome.message)
