"""Model fields that several apps declare alike."""

from django.conf import settings
from django.db import models


def actor_field(verbose_name: str) -> models.ForeignKey:
    """Who did something: a user, kept optional so deleting the user keeps the record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def optional_link(to: str, verbose_name: str) -> models.ForeignKey:
    """An optional reference to another app's record that must not vanish while referenced."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
