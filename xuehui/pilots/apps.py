from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "xuehui.pilots"
    verbose_name = "试点"
