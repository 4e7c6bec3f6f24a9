from enum import StrEnum

from django.db import models


class CampaignStatus(models.TextChoices):
    """Where a campaign stands as a whole."""

    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"
    WITHDRAWN = "withdrawn", "已撤回"


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


# The allowed moves of the review loop, for a society and for each requirement alike.
# Anything not listed is refused; an administrator's revert (with a reason) is the only way back.
TRANSITIONS: dict[str, frozenset] = {
    State.PENDING: frozenset({State.SUBMITTED}),
    State.SUBMITTED: frozenset({State.IN_REVIEW}),
    State.IN_REVIEW: frozenset({State.RECTIFYING, State.PASSED, State.FAILED}),
    State.RECTIFYING: frozenset({State.RECTIFIED}),
    State.RECTIFIED: frozenset({State.RECTIFYING, State.PASSED, State.FAILED}),
    State.PASSED: frozenset(),
    State.FAILED: frozenset(),
}

# The states in which the society may still change its self-assessment and evidence.
SOCIETY_EDITS = frozenset({State.PENDING, State.RECTIFYING})
# The states in which experts record verdicts.
UNDER_REVIEW = frozenset({State.IN_REVIEW, State.RECTIFIED})

# A campaign's deadline and the states in which a society still owes what it ends: the
# reminders, the to-dos and the 逾期 counts read it.
OWED_UNTIL: dict[str, frozenset] = {
    "self_assessment_deadline": frozenset({State.PENDING}),
    "review_deadline": frozenset({State.SUBMITTED, State.IN_REVIEW}),
    "rectification_deadline": frozenset({State.RECTIFYING}),
}


class Outcome(models.TextChoices):
    """What a review concludes for a society, from its requirements' verdicts."""

    RECTIFY = "rectify", "要求整改"
    PASS = "pass", "评审通过"
    FAIL = "fail", "评审不通过"


class DecisionSource(StrEnum):
    """Who decided a requirement's verdict in the review (an item's decision)."""

    RESOLUTION = "resolution"  # the 科协 settled a disagreement
    EXPERTS = "experts"  # the experts agreed
    AUTOMATIC = "automatic"  # the data and the self-assessment agree (预判)
