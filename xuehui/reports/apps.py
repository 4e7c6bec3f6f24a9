from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuehui.reports"
    verbose_name = "学会年报"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (registers the secretary's annual-report to-do)
