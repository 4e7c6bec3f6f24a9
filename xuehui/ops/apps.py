from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "xuehui.ops"
    verbose_name = "运维"
