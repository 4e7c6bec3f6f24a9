from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "xuehui.api"
    verbose_name = "数据接口"

    def ready(self) -> None:
        # The audit log names the token actions in Chinese (签发接口令牌, 吊销接口令牌).
        from xuehui.audit.labels import register

        from .choices import TokenAction

        register({str(value): str(label) for value, label in TokenAction.choices})
