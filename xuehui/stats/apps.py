from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "xuehui.stats"
    verbose_name = "科协统计"

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the return's background export)
