from django.db import models


class CategoryKind(models.TextChoices):
    """What a subsidy category pays for."""

    SECRETARY_POST = "secretary_post", "专职秘书长岗位补贴"
    AWARD = "award", "奖励"
    PROJECT = "project", "项目资助"


class Priority(models.TextChoices):
    """Criteria a programme puts first (Fengxian 4、（3）: 建立党组织发挥党建功能的学会和星级学会优先考虑)."""

    PARTY_WORKING = "party_working", "建立党组织并发挥党建功能"
    STAR_RATED = "star_rated", "星级学会"
    KEY_SUPPORT = "key_support", "考评分类为重点支持"


class DecisionStatus(models.TextChoices):
    """The 科协's decision on an application."""

    PENDING = "pending", "待决定"
    APPROVED = "approved", "批准"
    REJECTED = "rejected", "不予安排"


DECISION_BADGES = {
    DecisionStatus.PENDING: "secondary",
    DecisionStatus.APPROVED: "success",
    DecisionStatus.REJECTED: "danger",
}
