from celery import shared_task

from xuehui.jobs.exports import exports_cleanup
from xuehui.jobs.services import job_execute
from xuehui.submissions.services import purge_old_tokens, token_cutoff

from .background import check_work, write_work
from .services import cleanup_cutoff, uploads_cleanup


@shared_task(name="xuehui.imports.tasks.cleanup_uploads")
def cleanup_uploads() -> str:
    """The hourly clean-up of abandoned uploads and day-old form tokens (CELERY_BEAT_SCHEDULE).
    Form tokens (submit once) are kept a day: a repeat after that is a new submit."""
    before = cleanup_cutoff()
    summary = uploads_cleanup(before=before).summary()
    tokens = purge_old_tokens(before=token_cutoff())
    exports = exports_cleanup(before=before)
    return (
        f"清理{before:%Y-%m-%d %H:%M}之前上传的文件：{summary}；删除一天前的表单提交记录{tokens}条；"
        f"删除过期的导出文件{exports}个"
    )


@shared_task(name="xuehui.imports.tasks.import_check")
def import_check(job_pk: int) -> None:
    """Check every row of a large upload (a dry run) and keep the report on the job."""
    job_execute(job_pk, check_work)


@shared_task(name="xuehui.imports.tasks.import_write")
def import_write(job_pk: int) -> None:
    """Import a large upload after its confirm: all rows in one transaction, or none."""
    job_execute(job_pk, write_work)
