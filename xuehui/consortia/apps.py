from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "xuehui.consortia"
    verbose_name = "学会联合体"
