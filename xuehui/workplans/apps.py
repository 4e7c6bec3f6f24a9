from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "xuehui.workplans"
    verbose_name = "改革工作方案"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (registers the work plans' to-dos)
