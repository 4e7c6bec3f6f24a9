from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xuehui.demo"
    verbose_name = "演示数据"
