from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuehui.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        # The sign-in audit receivers; the account import a worker may run.
        from xuehui.audit.labels import register

        from . import importers, signals  # noqa: F401
        from .choices import AccountAction

        register({str(value): str(label) for value, label in AccountAction.choices})
