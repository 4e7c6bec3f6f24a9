from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "xuehui.audit"
    verbose_name = "审计记录"
