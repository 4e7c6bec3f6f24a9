from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "xuehui.pilots"
    verbose_name = "试点"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (registers the pilots' to-dos)
