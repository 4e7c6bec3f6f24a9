from django.db import models


class ReportStatus(models.TextChoices):
    """学会年报的状态: drafted by the society, submitted, returned by the 科协 (初审), accepted."""

    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送待审"
    RETURNED = "returned", "退回修改"
    ACCEPTED = "accepted", "已通过"


class ReviewAction(models.TextChoices):
    RETURNED = "returned", "退回修改"
    ACCEPTED = "accepted", "审核通过"


class Lateness(models.TextChoices):
    """Why a report is on the 未按时报送 list."""

    MISSING = "missing", "逾期未报送"
    LATE = "late", "逾期报送"
    CORRECTION_OVERDUE = "correction_overdue", "退回后逾期未改正"
