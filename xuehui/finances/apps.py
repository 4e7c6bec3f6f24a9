from django.apps import AppConfig


class FinancesConfig(AppConfig):
    name = "xuehui.finances"
    verbose_name = "财务"
