from django.db import models


class CommendationLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县（区）级"
    OTHER = "other", "其他"


class SanctionKind(models.TextChoices):
    """From the heaviest: 行政处罚 (by 民政), then the supervising body's warnings."""

    PENALTY = "penalty", "行政处罚"
    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    RECTIFICATION = "rectification", "责令整改"
    TALK = "talk", "约谈"


class ListingCause(models.TextChoices):
    ANNUAL_REPORT = "annual_report", "未按时报送年度工作报告"
    UNREACHABLE = "unreachable", "通过登记的住所或联系方式无法联系"
    OTHER = "other", "其他"
