from django.db import models


class BranchKind(models.TextChoices):
    BRANCH = "branch", "分支机构"
    REPRESENTATIVE_OFFICE = "representative_office", "代表机构"
    SPECIALIST_COMMITTEE = "specialist_committee", "专业委员会"
    WORKING_COMMITTEE = "working_committee", "工作委员会"


class BranchStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    DORMANT = "dormant", "长期未开展活动"
    REVOKED = "revoked", "已撤销"
