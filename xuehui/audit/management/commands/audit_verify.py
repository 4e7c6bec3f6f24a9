"""xuehui audit-verify: prove no audit entry was changed or removed (the hash chain).

Exits 0 with «审计记录完整» when every entry chains to the one before, from the last archive's
end to the chain head; otherwise prints the first broken entry and exits 1. `--archives` also
checks every archive file (present, unchanged, chained)."""

from django.core.management.base import BaseCommand, CommandError

from xuehui.audit.archive import verify_archives
from xuehui.audit.chain import verify_table


class Command(BaseCommand):
    help = "校验审计记录的哈希链：证明审计记录未被修改或删除"

    def add_arguments(self, parser):
        parser.add_argument("--archives", action="store_true", help="同时校验已归档的审计记录文件")

    def handle(self, *args, **options):
        if options["archives"]:
            archived, problem = verify_archives()
            if problem is not None:
                raise CommandError(f"审计记录归档校验失败：{problem}", returncode=1)
            self.stdout.write(f"归档文件完整：共{archived}条记录")
        result = verify_table()
        if result.broken is not None:
            raise CommandError(
                f"审计记录校验失败：{result.broken}（此前{result.count - 1}条完好）", returncode=1
            )
        self.stdout.write(
            f"审计记录完整：共{result.count}条，哈希链未被改动；链尾哈希 {result.last_hash}"
        )
