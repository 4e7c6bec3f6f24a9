from django.apps import AppConfig


class SecretariatConfig(AppConfig):
    name = "xuehui.secretariat"
    verbose_name = "秘书处"
