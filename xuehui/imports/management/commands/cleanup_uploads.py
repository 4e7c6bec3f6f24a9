"""xuehui cleanup_uploads: delete uploads for imports that were never confirmed or cancelled.

Runs every hour as a scheduled task (celery beat); safe to run from cron as well.
"""

from django.core.management.base import BaseCommand

from xuehui.imports.services import cleanup_cutoff, uploads_cleanup
from xuehui.submissions.services import purge_old_tokens, token_cutoff


class Command(BaseCommand):
    help = "删除超过保留时间（XUEHUI_UPLOAD_RETENTION_HOURS，默认24小时）仍未确认的导入文件"

    def handle(self, *args, **options):
        before = cleanup_cutoff()
        counts = uploads_cleanup(before=before)
        self.stdout.write(f"清理{before:%Y-%m-%d %H:%M}之前上传的文件：{counts.summary()}")
        # Form tokens (submit once) are kept a day: a repeat after that is a new submit.
        tokens = purge_old_tokens(before=token_cutoff())
        self.stdout.write(f"删除一天前的表单提交记录{tokens}条")
