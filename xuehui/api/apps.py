import re

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

RATE = re.compile(r"[1-9][0-9]*/(s|m|h|d|second|minute|hour|day)")


class ApiConfig(AppConfig):
    name = "xuehui.api"
    verbose_name = "数据接口"

    def ready(self) -> None:
        # The audit log names the token actions in Chinese (签发接口令牌, 吊销接口令牌).
        from xuehui.audit.labels import register

        from .choices import TokenAction

        register({str(value): str(label) for value, label in TokenAction.choices})
        checks.register(rates_check)


def rates_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A rate DRF cannot read would fail every API request: `xuehui check` says so first."""
    return [
        checks.Error(
            f"{name} 应形如“120/minute”（次数/second、minute、hour 或 day），或留空表示不限",
            id="xuehui.api.E001",
        )
        for name in ("XUEHUI_API_RATE_USER", "XUEHUI_API_RATE_ANON")
        if getattr(settings, name) and not RATE.fullmatch(getattr(settings, name))
    ]
