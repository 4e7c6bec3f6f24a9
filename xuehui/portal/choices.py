from django.db import models


class DisclosureItem(models.TextChoices):
    """What a 科协 may publish of its societies on the public portal, one switch each.

    Personal data (ID numbers, phones, birth dates and addresses of people) is not an item:
    it cannot be switched on. A new kind of public record adds its item here and its section in
    `profile.SECTIONS`."""

    REGISTRY = (
        "registry",
        "登记信息（名称、统一社会信用代码、学科类别、业务主管单位、挂靠单位、成立年月、法定代表人、状态）",
    )
    CONTACT = "contact", "学会联系方式（办公地址、办公电话）"
    OFFICERS = "officers", "负责人姓名和职务（当前届次）"
    BRANCHES = "branches", "分支机构（名称、类型、负责人姓名）"
    CONSORTIA = "consortia", "参加的学会联合体"
    EVALUATION = "evaluation", "考评结果、分类与星级（公示及确认发布后）"
    PILOT_RESULTS = "pilot_results", "试点验收结果（公示及公布后）"
    TYPICAL_CASES = "typical_cases", "试点典型案例（已发布的）"
    ANNUAL_REPORTS = "annual_reports", "年度工作报告（科协审核通过的）"
    CREDIT = "credit", "信用记录（表彰、处罚与警告、活动异常名录；约谈不公开）"
    FEEDBACK_REPLIES = "feedback_replies", "留言的公开答复"


# Everything above is public unless the 科协 says otherwise (issue 15 §2's defaults).
DEFAULT_PUBLIC = frozenset(DisclosureItem.values)


class FeedbackKind(models.TextChoices):
    MESSAGE = "message", "留言"
    COMPLAINT = "complaint", "投诉举报"


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ASSIGNED = "assigned", "处理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已关闭"
