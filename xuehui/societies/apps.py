from django.apps import AppConfig


class SocietiesConfig(AppConfig):
    name = "xuehui.societies"
    verbose_name = "学会名录"

    def ready(self) -> None:
        from . import importers, todos  # noqa: F401  (registers its web import, its blank
        # template and the to-dos about terms)
