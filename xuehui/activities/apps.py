from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "xuehui.activities"
    verbose_name = "活动"
