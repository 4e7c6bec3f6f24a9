from celery import shared_task

from .archive import audit_archive


@shared_task(name="xuehui.audit.tasks.archive_audit")
def archive_audit() -> str:
    """The nightly archive of audit entries past the retention period (CELERY_BEAT_SCHEDULE)."""
    archive = audit_archive()
    if archive is None:
        return "没有超过保留期限的审计记录"
    return f"已归档审计记录{archive.count}条至 {archive.path}"
