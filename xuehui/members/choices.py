from django.db import models


class CongressForm(models.TextChoices):
    """会员大会形式: members meet in person, or elect representatives (above ~300 members)."""

    GENERAL = "general", "会员大会"
    REPRESENTATIVE = "representative", "会员代表大会"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    WITHDRAWN = "withdrawn", "退会"
    EXPELLED = "expelled", "除名"


LEFT_STATUSES = frozenset({MemberStatus.WITHDRAWN, MemberStatus.EXPELLED})


class MemberKind(models.TextChoices):
    INDIVIDUAL = "individual", "个人会员"
    INSTITUTIONAL = "institutional", "单位会员"


class CountSource(models.TextChoices):
    """Where a yearly member count came from."""

    REGISTER = "register", "会员名册"
    STATISTICS = "statistics", "年度会员统计"
    NONE = "none", "无数据"
