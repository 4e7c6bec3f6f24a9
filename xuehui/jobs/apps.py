from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "xuehui.jobs"
    verbose_name = "后台任务"
