from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "xuehui.guide"
    verbose_name = "帮助"
