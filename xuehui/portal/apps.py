from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "xuehui.portal"
    verbose_name = "信息公开"
