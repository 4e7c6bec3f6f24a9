"""Factories for the accounts tests: campaigns with expert assignments, spreadsheets of users."""

import datetime as dt
import io

from openpyxl import Workbook

from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import Campaign, CampaignEntry, ExpertAssignment


def make_campaign(*, federation, societies=(), status=CampaignStatus.OPEN) -> Campaign:
    today = dt.date.today()
    campaign = Campaign.objects.create(
        federation=federation,
        name="2026年度学会评估",
        facts_on=today,
        assessment_year=today.year,
        plan_deadline=today + dt.timedelta(days=30),
        self_assessment_deadline=today + dt.timedelta(days=60),
        review_deadline=today + dt.timedelta(days=90),
        rectification_deadline=today + dt.timedelta(days=120),
        status=status,
    )
    for society in societies:
        CampaignEntry.objects.create(campaign=campaign, society=society)
    return campaign


def assign_expert(campaign, expert, society=None, prefix: str = "") -> ExpertAssignment:
    return ExpertAssignment.objects.create(
        campaign=campaign, expert=expert, society=society, requirement_prefix=prefix
    )


def users_workbook(
    rows, header=("用户名", "姓名", "手机号码", "电子邮箱", "学会统一社会信用代码", "角色")
) -> bytes:
    """An xlsx with a title row, the header and the given rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(["学会秘书账号申请表"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
