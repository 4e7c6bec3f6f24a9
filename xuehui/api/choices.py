from django.db import models


class TokenAction(models.TextChoices):
    """What the audit log records about API tokens (`AuditEntry.action`)."""

    CREATE = "api_token_create", "签发接口令牌"
    REVOKE = "api_token_revoke", "吊销接口令牌"
