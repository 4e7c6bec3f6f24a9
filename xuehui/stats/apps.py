from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "xuehui.stats"
    verbose_name = "科协统计"
