from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuehui.reports"
    verbose_name = "学会年报"

    def ready(self) -> None:
        from . import exports, todos  # noqa: F401  (register the to-do and the bulk export)
