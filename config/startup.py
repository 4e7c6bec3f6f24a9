"""Checks made when the web application starts (not for management commands)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_start() -> None:
    """With DEBUG off the application does not start on the public development key."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "未设置 SECRET_KEY：DEBUG 关闭（生产模式）时必须在环境变量 SECRET_KEY 中给出一个"
            "长随机密钥，例如 python3 -c 'import secrets; print(secrets.token_urlsafe(50))' 的"
            "输出；开发或演示请设置 DEBUG=1。"
        )
