from django.db import models


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", "任务分配"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过"
    DEADLINE_NEAR = "deadline_near", "截止日期临近"
    DEADLINE_PASSED = "deadline_passed", "已逾期"
    SYSTEM = "system", "系统通知"
