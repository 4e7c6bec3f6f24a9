from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "xuehui.evaluation"
    verbose_name = "学会考评"
