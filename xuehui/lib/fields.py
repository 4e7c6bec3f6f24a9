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


class NameKeys:
    """For a model whose `name` carries pinyin sort keys (`name_pinyin`, `name_initials`): they
    are set on every save, and written too when only the name is (`update_fields`). The model
    says how its name is read (`set_name_keys`); bulk writes, which call no save(), call it."""

    def set_name_keys(self) -> None:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.set_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)  # type: ignore[misc]  # a mixin of models.Model
