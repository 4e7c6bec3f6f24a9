from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "xuehui.rules"
    verbose_name = "政策框架与合规核验"

    def ready(self) -> None:
        from xuehui.audit.signals import records_written

        from .stored import on_records_written

        records_written.connect(on_records_written, dispatch_uid="rules-stored-results")
