from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "xuehui.regulations"
    verbose_name = "规章制度"
