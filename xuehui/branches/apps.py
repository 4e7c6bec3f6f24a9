from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "xuehui.branches"
    verbose_name = "分支机构"
