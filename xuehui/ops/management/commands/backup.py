"""`xuehui backup --to DIR`: the database, the stored files, the audit archive files and a
manifest with their SHA-256 (docs/deploy-backup.md). Exit codes: 0 done, 1 refused or failed (the reason in Chinese)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.defaultfilters import filesizeformat

from xuehui.ops.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "备份数据库、上传的文件与审计归档文件到一个新目录，"
        "并写出带 SHA-256 校验值的清单 manifest.json"
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="DIR", help="备份目录（新的或空的目录）")

    def handle(self, *args, to: str, **options):
        try:
            manifest = backup_write(
                to=Path(to),
                connection=connection,
                storage=default_storage,
                archives=FileSystemStorage(location=settings.XUEHUI_AUDIT_ARCHIVE_DIR),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        total = sum(entry["size"] for entry in files)
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{to}（数据库 {filesizeformat(manifest['database']['size'])}，"
                f"文件 {len(files)} 个共 {filesizeformat(total)}，"
                f"审计归档文件 {len(manifest['audit_archives'])} 个）"
            )
        )
        if manifest["vanished"]:
            self.stdout.write(f"备份期间被删除、未备份的文件 {len(manifest['vanished'])} 个")
