from enum import StrEnum

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
    PENDING = "pending", "年度未结束"
    NOT_DONE = "not_done", "未开展（鼓励项）"
    NOT_CHOSEN = "not_chosen", "未选"


class Period(models.TextChoices):
    """Over which period a requirement is judged, as its text states (docs/frameworks.md)."""

    YEAR = "year", "每年（按自然年度）"
    TERM = "term", "本届任期内"
    NONE = "none", "不限期间（按现状或佐证）"


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
    Status.PENDING: "primary",
    Status.NOT_DONE: "light",
    Status.NOT_CHOSEN: "light",
}

# Statuses that do not count against a society: out of scope, not chosen, or encouraged only.
NOT_COUNTED = (Status.NOT_APPLICABLE, Status.NOT_CHOSEN)
NOT_BINDING_NOTE = "非试点学会，仅供对照"
REFERENCE_NOTE = "本科协采用为参考文件，仅供对照"
NOT_ADOPTED_NOTE = "本科协未采用本文件，仅供对照"


class AppliesTo(StrEnum):
    """To whom a requirement applies (a framework's `applies`)."""

    ALL = "all"
    REELECTED = "reelected"  # re-elected since the framework took effect
    PILOT = "pilot"  # members of a pilot programme
    FACT = "fact"  # a size: more than / at least a number
    CONDITION = "condition"  # a condition a person states (专家判断 whether it holds)


class Require(StrEnum):
    """For a document decision naming several kinds of rule document: any one of them, or all."""

    ANY = "any"
    ALL = "all"
