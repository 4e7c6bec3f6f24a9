"""xuehui audit-archive: write audit entries past the retention period to a file, then remove
them from the table (the only path that removes entries; it is audited). Scheduled nightly
(CELERY_BEAT_SCHEDULE "archive-audit"); safe to run from cron as well."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuehui.audit.archive import audit_archive


class Command(BaseCommand):
    help = "将超过保留期限（XUEHUI_AUDIT_RETENTION_DAYS，至少180天）的审计记录归档到文件"

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            type=dt.date.fromisoformat,
            help="只归档该日期之前的记录（YYYY-MM-DD；不能晚于保留期限）",
        )

    def handle(self, *args, **options):
        before = options["before"]
        cutoff = None
        if before is not None:
            cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
        try:
            archive = audit_archive(before=cutoff)
        except ValueError as error:
            raise CommandError(str(error), returncode=1) from error
        if archive is None:
            self.stdout.write("没有超过保留期限的审计记录")
            return
        self.stdout.write(
            f"已归档审计记录{archive.count}条（ID {archive.first_id}–{archive.last_id}）"
            f"至 {archive.path}；SHA-256 {archive.sha256}"
        )
