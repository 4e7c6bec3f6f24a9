from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "xuehui.imports"
    verbose_name = "数据导入"
