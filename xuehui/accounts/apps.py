from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuehui.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
