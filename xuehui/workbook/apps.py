from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "xuehui.workbook"
    verbose_name = "信息填报工作簿"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers the workbook import a worker may run)
