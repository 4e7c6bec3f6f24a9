from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuehui.accounts"
    verbose_name = "账号与权限"
