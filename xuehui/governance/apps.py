from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "xuehui.governance"
    verbose_name = "届次与理事会"
