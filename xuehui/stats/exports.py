"""A 科协's statistics return as a background export: the whole subtree's tables are computed
and written by a job (progress in rows written), downloaded by its owner from the job's page
and announced by a notification."""

from decimal import Decimal

from django.http import Http404

from xuehui.access import statistics_federation_for
from xuehui.jobs.exports import register_export
from xuehui.jobs.services import JobFailed
from xuehui.lib.export import XLSX_CONTENT_TYPE

from .exporters import report_filename, write_report
from .selectors import federation_report

RETURN = "statistics-return"


def _build(job, progress) -> tuple[bytes, str, str]:
    try:  # the access is checked again: a user may have lost it since asking
        federation = statistics_federation_for(job.user, job.params.get("federation"))
    except Http404:
        raise JobFailed("您已无权导出该科协的统计报表") from None
    progress(0, stage="正在计算统计数据")
    threshold = job.params.get("threshold")
    report = federation_report(
        federation,
        int(job.params["year"]),
        threshold=None if threshold is None else Decimal(threshold),
    )
    progress(0, stage="正在写入工作簿")
    return write_report(report, progress=progress), report_filename(report), XLSX_CONTENT_TYPE


register_export(RETURN, _build)
