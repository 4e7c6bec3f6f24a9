from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "xuehui.submissions"
    verbose_name = "表单提交"
