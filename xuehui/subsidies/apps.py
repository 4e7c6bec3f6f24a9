from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "xuehui.subsidies"
    verbose_name = "经费补贴"
