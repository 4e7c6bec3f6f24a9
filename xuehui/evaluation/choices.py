from django.db import models


class Tier(models.TextChoices):
    """分类管理 (001 二, 四（二）7): the class a year's evaluation gives a society."""

    KEY_SUPPORT = "key_support", "重点支持"
    CULTIVATE = "cultivate", "培育扶持"
    RESTRUCTURE = "restructure", "重组淘汰"


TIER_LABELS = dict(Tier.choices)
TIER_BADGES = {Tier.KEY_SUPPORT: "success", Tier.CULTIVATE: "info", Tier.RESTRUCTURE: "danger"}


class Stage(models.TextChoices):
    """Where a year's evaluation stands."""

    DRAFT = "draft", "未计算"
    SCORED = "scored", "已计算待公示"
    PUBLICITY = "publicity", "公示中"
    CONFIRMED = "confirmed", "已确认发布"


class ObjectionOutcome(models.TextChoices):
    """The 科协's answer to an objection (复核)."""

    UPHELD = "upheld", "异议成立，已更正"
    REJECTED = "rejected", "异议不成立，维持原结果"


class Method(models.TextChoices):
    """How a leaf indicator is scored."""

    RULE = "rule", "规则计算"
    FACT = "fact", "统计项"
    VERDICT = "verdict", "评估检查结论"
    EXPERT = "expert", "专家打分"
