from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "xuehui.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from xuehui.files.selectors import register_usage

        from .pending import pending_bytes_of

        register_usage(pending_bytes_of)
        from . import todos  # noqa: F401  (uploads waiting for confirmation are to-dos)
