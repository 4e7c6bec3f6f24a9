from django.db import models


class Obligation(models.TextChoices):
    """How binding a requirement is, as the document's own wording says."""

    MANDATORY = "mandatory", "必须"
    EXPECTED = "expected", "应当"
    ENCOURAGED = "encouraged", "鼓励"


class Status(models.TextChoices):
    """The outcome of one requirement for one society on one date."""

    PASS = "pass", "达标"
    FAIL = "fail", "不达标"
    NEEDS_EVIDENCE = "needs_evidence", "待补充材料"
    NEEDS_REVIEW = "needs_review", "待专家评审"
    NOT_APPLICABLE = "not_applicable", "不适用"


class DecisionKind(models.TextChoices):
    """How a requirement is decided."""

    AUTOMATIC = "automatic", "自动核验"
    DOCUMENT = "document", "制度文件"
    EVIDENCE = "evidence", "佐证材料"
    MANUAL = "manual", "专家判断"


class Addressee(models.TextChoices):
    """Whom a clause asks to act: the society, or the 科协 itself."""

    SOCIETY = "society", "学会"
    FEDERATION = "federation", "科协"


STATUS_BADGES = {
    Status.PASS: "success",
    Status.FAIL: "danger",
    Status.NEEDS_EVIDENCE: "warning",
    Status.NEEDS_REVIEW: "info",
    Status.NOT_APPLICABLE: "secondary",
}
