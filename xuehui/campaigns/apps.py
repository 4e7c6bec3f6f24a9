from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "xuehui.campaigns"
    verbose_name = "评估检查工作"

    def ready(self) -> None:
        from . import exports, todos  # noqa: F401  (register the to-dos and the export)
