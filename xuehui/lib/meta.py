"""Typed reads of model metadata (`_meta`) that django-stubs types too broadly."""

from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a concrete field, as text. `_meta.get_field` is typed to return a
    relation too (which has no verbose name); the names passed here are the model's own fields."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return str(field.verbose_name)
