from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "xuehui.members"
    verbose_name = "会员"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers the register imports a worker may run)
