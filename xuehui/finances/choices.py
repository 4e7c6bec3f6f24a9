from django.db import models


class IncomeSource(models.TextChoices):
    """收入来源; the value is the name of the FinanceYear field holding it."""

    DUES = "income_dues", "会费"
    GOVERNMENT = "income_government", "政府购买服务"
    TECHNICAL = "income_technical", "技术服务"
    TRAINING = "income_training", "培训与会展"
    DONATIONS = "income_donations", "捐赠与赞助"
    OTHER = "income_other", "其他"
