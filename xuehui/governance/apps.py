from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "xuehui.governance"
    verbose_name = "届次与理事会"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers its web import and blank template)
