from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "xuehui.notifications"
    verbose_name = "通知"
