from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "xuehui.dashboard"
    verbose_name = "工作台"
