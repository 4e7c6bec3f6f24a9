from django.db import models


class FederationLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区县级"


class DisciplineCategory(models.TextChoices):
    SCIENCE = "science", "理科"
    ENGINEERING = "engineering", "工科"
    AGRICULTURE = "agriculture", "农科"
    MEDICINE = "medicine", "医科"
    INTERDISCIPLINARY = "interdisciplinary", "交叉学科"


class DatePrecision(models.TextChoices):
    """How much of a date is known: a 成立日期 may be known only to its year or month."""

    DAY = "day", "日"
    MONTH = "month", "月"
    YEAR = "year", "年"


class SocietyStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    INACTIVE = "inactive", "停止活动"
    DEREGISTERED = "deregistered", "已注销"
