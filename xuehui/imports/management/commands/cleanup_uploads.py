"""xuehui cleanup_uploads: delete uploads for imports that were never confirmed or cancelled,
and day-old form tokens.

Runs every hour as a scheduled task (celery beat); safe to run from cron as well.
"""

from django.core.management.base import BaseCommand

from xuehui.imports.tasks import cleanup_uploads


class Command(BaseCommand):
    help = "删除超过保留时间（XUEHUI_UPLOAD_RETENTION_HOURS，默认24小时）仍未确认的导入文件和一天前的表单提交记录"

    def handle(self, *args, **options):
        self.stdout.write(cleanup_uploads())
