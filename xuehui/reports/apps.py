from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuehui.reports"
    verbose_name = "学会年报"
