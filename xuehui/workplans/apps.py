from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "xuehui.workplans"
    verbose_name = "改革工作方案"
