"""The clean-up of uploads nobody finished: pending imports, stray files, raw member registers."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from xuehui.files.choices import RAW_IMPORT_PURPOSES
from xuehui.files.models import StoredFile
from xuehui.files.services import file_delete

from .models import PendingImport
from .pending import STORAGE_PREFIX, pending_delete


@dataclass
class CleanupCounts:
    pending: int = 0
    stray_files: int = 0
    registers: int = 0

    def summary(self) -> str:
        return (
            f"删除未确认的导入{self.pending}个、遗留的导入文件{self.stray_files}个、"
            f"未完成导入的会员名册{self.registers}个"
        )


def cleanup_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    hours = settings.XUEHUI_UPLOAD_RETENTION_HOURS
    return (now or timezone.now()) - dt.timedelta(hours=hours)


def uploads_cleanup(*, before: dt.datetime) -> CleanupCounts:
    """Delete what was uploaded for an import before `before` and never confirmed or cancelled.

    Safe to run at any time and on several machines at once: each deletion stands alone.
    """
    counts = CleanupCounts()
    for pending in PendingImport.objects.filter(created_at__lt=before).iterator():
        pending_delete(pending)
        counts.pending += 1
    counts.stray_files = _stray_files_delete(before)
    registers = StoredFile.objects.filter(purpose__in=RAW_IMPORT_PURPOSES, uploaded_at__lt=before)
    for stored in registers.select_related("society").iterator():
        file_delete(stored_file=stored, actor=None)
        counts.registers += 1
    return counts


def _stray_files_delete(before: dt.datetime) -> int:
    """Files under imports/ that no pending import names (a request killed between saving the
    file and recording it), once they are older than `before`."""
    try:
        _dirs, names = default_storage.listdir(STORAGE_PREFIX)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    known = set(PendingImport.objects.values_list("key", flat=True))
    deleted = 0
    for name in names:
        key = f"{STORAGE_PREFIX}{name}"
        if key in known:
            continue
        try:
            modified = default_storage.get_modified_time(key)
        except (FileNotFoundError, OSError):
            continue
        if modified < before:
            default_storage.delete(key)
            deleted += 1
    return deleted
