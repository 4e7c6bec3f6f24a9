from django.db import models


class PhaseKind(models.TextChoices):
    """What a phase of a pilot batch is for; both documents' five phases map onto these."""

    CHOOSE = "choose", "确定试点学会"
    PLAN = "plan", "制定实施方案"
    IMPLEMENT = "implement", "组织实施"
    ACCEPT = "accept", "检查验收"
    SPREAD = "spread", "总结推广"


class Willingness(models.TextChoices):
    """征求意见: the candidate society's own answer."""

    UNASKED = "unasked", "未答复"
    WILLING = "willing", "愿意参加"
    UNWILLING = "unwilling", "暂不参加"


class Decision(models.TextChoices):
    """The 科协's decision on a candidate."""

    PENDING = "pending", "待定"
    CHOSEN = "chosen", "确定为试点学会"
    DECLINED = "declined", "不列入"


class AcceptanceVerdict(models.TextChoices):
    """The verdict of an acceptance inspection, by the batch's marks."""

    PASS = "pass", "通过"
    RECTIFY = "rectify", "限期整改后复验"
    FAIL = "fail", "不通过"


VERDICT_BADGES = {
    AcceptanceVerdict.PASS: "success",
    AcceptanceVerdict.RECTIFY: "warning",
    AcceptanceVerdict.FAIL: "danger",
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"


# At least this many experts form an acceptance panel (a panel scores as a body).
PANEL_MINIMUM = 3
