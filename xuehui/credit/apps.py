from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "xuehui.credit"
    verbose_name = "信用档案"
