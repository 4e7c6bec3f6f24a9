from django.apps import AppConfig


class FinancesConfig(AppConfig):
    name = "xuehui.finances"
    verbose_name = "财务"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (last year's finances are a to-do)
