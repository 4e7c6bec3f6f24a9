from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "xuehui.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (registers the imports a worker may run)
