"""The campaign export in the background: above XUEHUI_EXPORT_INLINE_ROWS item rows (1,000 by
default, about two seconds: the demo's 1,568 rows took 5.3 s on a loaded 2-core machine) it is
built by a job and downloaded from the job's page."""

from django.http import Http404
from django.utils import timezone

from xuehui.access import campaign_for
from xuehui.jobs.exports import register_export
from xuehui.jobs.services import JobFailed
from xuehui.lib.export import XLSX_CONTENT_TYPE

from . import documents, selectors

CAMPAIGN = "campaign"


def campaign_export_file(campaign) -> tuple[bytes, str]:
    content = documents.campaign_workbook(
        campaign, selectors.campaign_progress(campaign), selectors.export_items(campaign)
    )
    return content, f"{campaign.name}_{timezone.localdate():%Y%m%d}.xlsx"


def _build(job, progress) -> tuple[bytes, str, str]:
    try:  # the access is checked again: a user may have lost it since asking
        campaign = campaign_for(job.user, job.params.get("campaign"))
    except Http404:
        raise JobFailed("您已无权导出该项工作") from None
    content, filename = campaign_export_file(campaign)
    return content, filename, XLSX_CONTENT_TYPE


register_export(CAMPAIGN, _build)
