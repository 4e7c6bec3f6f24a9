from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuehui.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from . import importers, signals  # noqa: F401  (the sign-in audit receivers; the
        # account import a worker may run)
