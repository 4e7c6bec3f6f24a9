from django.apps import AppConfig


class SocietiesConfig(AppConfig):
    name = "xuehui.societies"
    verbose_name = "学会名录"
