"""Old and new values of a record for its audit entry (AuditEntry.detail).

Every concrete field is recorded by name, as JSON: a foreign key as the related record's key,
a date as YYYY-MM-DD, a file as its stored name. Personal fields are masked as the 变更记录
pages mask them (ID number 420***********1234, phone 138****1234, birth date year only), so
the log holds no more personal data than a read-only user sees.
"""

import datetime as dt
import decimal

from django.db import models

from xuehui.lib.identifiers import mask_id_number, mask_phone

_ID_FIELDS = frozenset({"id_number"})
_PHONE_FIELDS = frozenset({"phone", "contact_phone", "mobile"})
_BIRTH_FIELDS = frozenset({"birth_date", "born_on", "date_of_birth"})
_SKIPPED = frozenset({"id", "created_at", "updated_at", "modified_at"})


def _mask(name: str, value):
    if value in (None, ""):
        return value
    if name in _ID_FIELDS:
        return mask_id_number(str(value))
    if name in _PHONE_FIELDS:
        return mask_phone(str(value))
    if name in _BIRTH_FIELDS:
        year = value.year if isinstance(value, dt.date) else str(value)[:4]
        return f"{year}-**-**"
    return value


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "name") and isinstance(getattr(value, "name", None), str | type(None)):
        return value.name or ""  # a FieldFile
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _fields(model: type[models.Model]):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in _SKIPPED and not field.primary_key
    ]


def record_values(obj: models.Model) -> dict:
    """Every recorded field of `obj`, masked, as JSON values."""
    return {
        field.name: _mask(field.name, _plain(getattr(obj, field.attname)))
        for field in _fields(type(obj))
    }


def changed_values(old: models.Model | None, new: models.Model) -> dict:
    """{field: [old, new]} for the fields whose value differs (all non-empty ones if created)."""
    changes = {}
    for field in _fields(type(new)):
        before = getattr(old, field.attname) if old is not None else None
        after = getattr(new, field.attname)
        if old is None and after in (None, "", [], {}):
            continue
        if _plain(before) != _plain(after):
            changes[field.name] = [
                _mask(field.name, _plain(before)),
                _mask(field.name, _plain(after)),
            ]
    return changes
