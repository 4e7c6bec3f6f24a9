from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "xuehui.rules"
    verbose_name = "政策框架与合规核验"
