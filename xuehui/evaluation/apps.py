from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "xuehui.evaluation"
    verbose_name = "学会考评"

    def ready(self) -> None:
        from . import todos  # noqa: F401  (registers the evaluation's to-dos)
