"""A 科协's accepted annual reports of a year in bulk, as Word or PDF documents in one zip: built
by a background job (progress in documents written), downloaded by its owner from the job's
page and announced by a notification. Only the 科协's administrators export them, and the job
checks that again, for the 科协 and for each society, when it runs."""

import io
import zipfile

from django.core.exceptions import PermissionDenied
from django.http import Http404

from xuehui.access import administers, may_review_report, report_federation_for
from xuehui.jobs.exports import register_export
from xuehui.jobs.services import JobFailed

from . import documents, selectors

BUNDLE = "annual-reports"
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF"}
ZIP_CONTENT_TYPE = "application/zip"


def bundle_federation_for(user, pk):
    """The 科协 whose reports the user may export in bulk: 404 unless they see it, 403 unless
    they administer it."""
    federation = report_federation_for(user, pk)
    if not administers(user, federation.pk):
        raise PermissionDenied("只有本科协管理员可以批量导出学会年报")
    return federation


def bundle_filename(federation, year: int, fmt: str) -> str:
    return f"{federation.name}{year}年度学会年报（已通过，{FORMAT_LABELS[fmt]}）.zip"


def _build(job, progress) -> tuple[bytes, str, str]:
    try:  # the access is checked again: a user may have lost it since asking
        federation = bundle_federation_for(job.user, job.params.get("federation"))
    except (Http404, PermissionDenied):
        raise JobFailed("您已无权导出该科协的学会年报") from None
    year, fmt = int(job.params["year"]), job.params.get("fmt", "")
    if fmt not in FORMAT_LABELS:
        raise JobFailed("不支持的格式")
    reports = [
        r
        for r in selectors.accepted_reports(federation, year)
        if may_review_report(job.user, r.society)
    ]
    if not reports:
        raise JobFailed(f"{federation.name}及下级科协没有{year}年度已通过的学会年报")
    buffer = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, report in enumerate(reports):
            progress(done, len(reports))
            content, _, name = documents.render(report.society, year, fmt)
            if name in names:  # two societies of one name: the code tells them apart
                name = f"{report.society.uscc}_{name}"
            names.add(name)
            archive.writestr(name, content)
    progress(len(reports), len(reports), stage="正在保存文件")
    return buffer.getvalue(), bundle_filename(federation, year, fmt), ZIP_CONTENT_TYPE


register_export(BUNDLE, _build)
