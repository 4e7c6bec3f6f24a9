from django.db import models


class CampaignStatus(models.TextChoices):
    """Where a campaign stands as a whole."""

    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class State(models.TextChoices):
    """The review loop's state, for a society in a campaign and for each of its requirements."""

    PENDING = "pending", "待自评"
    SUBMITTED = "submitted", "已提交"
    IN_REVIEW = "in_review", "评审中"
    RECTIFYING = "rectifying", "需整改"
    RECTIFIED = "rectified", "已整改待复核"
    PASSED = "passed", "已通过"
    FAILED = "failed", "未通过"


FINAL_STATES = frozenset({State.PASSED, State.FAILED})

STATE_BADGES = {
    State.PENDING: "secondary",
    State.SUBMITTED: "primary",
    State.IN_REVIEW: "info",
    State.RECTIFYING: "warning",
    State.RECTIFIED: "primary",
    State.PASSED: "success",
    State.FAILED: "danger",
}


class SelfAssessment(models.TextChoices):
    """The society's own judgement of one requirement."""

    MET = "met", "达标"
    PARTLY_MET = "partly_met", "部分达标"
    NOT_MET = "not_met", "未达标"
    NOT_APPLICABLE = "not_applicable", "不适用"


class VerdictKind(models.TextChoices):
    """An expert's verdict on one requirement (and the administrator's resolution)."""

    PASS = "pass", "通过"
    RECTIFY = "rectify", "需整改"
    FAIL = "fail", "不通过"


VERDICT_BADGES = {
    VerdictKind.PASS: "success",
    VerdictKind.RECTIFY: "warning",
    VerdictKind.FAIL: "danger",
}
