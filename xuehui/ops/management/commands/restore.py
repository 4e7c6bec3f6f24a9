"""`xuehui restore DIR [--force]`: check every checksum of the backup in DIR, then load its
database, files and audit archive files into this installation, which must be empty unless
--force (docs/deploy-backup.md). Exit codes: 0 done, 1 refused or failed, nothing changed when refused."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from xuehui.ops.backup import BackupError, backup_restore, unapplied_migrations


class Command(BaseCommand):
    help = "从 xuehui backup 写出的目录恢复数据库、文件与审计归档文件（先核对清单中的全部校验值）"

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="DIR", help="备份目录")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库或文件存储已有数据时仍然覆盖"
        )

    def handle(self, *args, source: str, force: bool, **options):
        try:
            manifest = backup_restore(
                source=Path(source),
                connection=connection,
                storage=default_storage,
                archives=FileSystemStorage(location=settings.XUEHUI_AUDIT_ARCHIVE_DIR),
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{source}（备份于 {manifest['created_at']}，"
                f"文件 {len(manifest['files'])} 个，"
                f"审计归档文件 {len(manifest['audit_archives'])} 个）"
            )
        )
        pending = unapplied_migrations(connection)
        if pending:
            self.stdout.write(
                f"本程序有 {len(pending)} 个备份中没有的数据库迁移：请运行 xuehui migrate"
            )
