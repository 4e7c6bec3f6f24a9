from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "xuehui.api"
    verbose_name = "数据接口"
