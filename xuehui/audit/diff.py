"""Old and new values of a record for its audit entry (AuditEntry.detail).

Every concrete field is recorded by name, as JSON: a foreign key as the related record's key,
a date as YYYY-MM-DD, a file as its stored name. Personal fields are masked as the 变更记录
pages mask them (ID number 420***********1234, phone 138****1234, birth date year only), so
the log holds no more personal data than a read-only user sees.
"""

import datetime as dt
import decimal
from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring

from django.db import models

from xuehui.lib.identifiers import mask_id_number, mask_phone

from .chain import canonical_json

_ID_FIELDS = frozenset({"id_number"})
_PHONE_FIELDS = frozenset({"phone", "contact_phone", "mobile"})
_BIRTH_FIELDS = frozenset({"birth_date", "born_on", "date_of_birth"})
# A password hash is no business of the log, even an old one.
# Derived or bookkeeping fields: never a change anyone made.
_SKIPPED = frozenset(
    {"id", "created_at", "updated_at", "modified_at", "password", "last_login"}
    | {"name_pinyin", "name_initials"}
)


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


_SIMPLE = frozenset({type(None), bool, int, float, str})
_EMPTY = frozenset({None, ""})


def _fields(model: type[models.Model]):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in _SKIPPED and not field.primary_key
    ]


def _fields_of(model: type[models.Model]) -> list[tuple[str, str, bool]]:
    """(name, attname, masked) of the recorded fields, worked out once per model: a bulk
    import diffs every row, so the per-field work stays in plain tuples."""
    cached = _FIELDS_CACHE.get(model)
    if cached is None:
        masked = _ID_FIELDS | _PHONE_FIELDS | _BIRTH_FIELDS
        cached = [(f.name, f.attname, f.name in masked) for f in _fields(model)]
        _FIELDS_CACHE[model] = cached
    return cached


_FIELDS_CACHE: dict = {}


def _json(name: str, value, masked: bool):
    if type(value) not in _SIMPLE:
        value = _plain(value)
    return _mask(name, value) if masked else value


def record_values(obj: models.Model) -> dict:
    """Every recorded field of `obj`, masked, as JSON values."""
    return {
        name: _json(name, getattr(obj, attname), masked)
        for name, attname, masked in _fields_of(type(obj))
    }


def snapshot(obj: models.Model) -> dict:
    """The raw values of `obj`'s recorded fields, by attname: what `changed_values` compares
    with after an in-place edit (bulk imports change their copies, then write in bulk)."""
    return {attname: getattr(obj, attname) for _name, attname, _masked in _fields_of(type(obj))}


def created_values(new: models.Model) -> dict:
    """{field: [None, value]} for every non-empty field of a new record."""
    values = new.__dict__  # a concrete field's value lives here unless deferred
    fields = _fields_of(type(new))
    if any(attname not in values for _name, attname, _masked in fields):
        values = {attname: getattr(new, attname) for _name, attname, _masked in fields}
    return created_values_of(type(new), values)


def created_values_of(model: type[models.Model], values: Mapping) -> dict:
    """`created_values` of a new record of `model` given as its values by attname (every
    recorded field present): a bulk import's rows, written without model instances."""
    changes = {}
    for name, attname, masked in _fields_of(model):
        after = values[attname]
        if type(after) in _SIMPLE:
            if after is None or after == "":
                continue
        else:
            after = _plain(after)
            if after in ([], {}, ""):
                continue
        changes[name] = [None, _mask(name, after) if masked else after]
    return changes


def created_values_maker(
    model: type[models.Model], attnames: Sequence[str]
) -> Callable[[Sequence], dict]:
    """`created_values_of` for rows given as tuples in the order of `attnames` (every recorded
    field among them): the per-field plan is worked out once, and a row is read by position."""
    at = {attname: n for n, attname in enumerate(attnames)}
    plan = [(name, at[attname], masked) for name, attname, masked in _fields_of(model)]

    def created(row: Sequence) -> dict:
        changes = {}
        for name, n, masked in plan:
            after = row[n]
            if after is None or after == "":
                continue
            if type(after) not in _SIMPLE:
                after = _plain(after)
                if after in ([], {}, ""):
                    continue
            changes[name] = [None, _mask(name, after) if masked else after]
        return changes

    return created


def created_json_maker(
    model: type[models.Model], attnames: Sequence[str]
) -> Callable[[Sequence], str]:
    """`created_values_maker`'s dict as its canonical JSON text (audit.chain.canonical_json),
    written straight from the row: a bulk import's 100,000 entries need the text, not the
    dict. Text, whole numbers, booleans and dates are written here; a row holding any other
    value (a float, a Decimal) goes through the dict and canonical_json."""
    created = created_values_maker(model, attnames)
    at = {attname: n for n, attname in enumerate(attnames)}
    plan = sorted(
        (name, at[attname], masked, f"{encode_basestring(name)}:[null,")
        for name, attname, masked in _fields_of(model)
    )

    def made(row: Sequence) -> str:
        parts = []
        for name, n, masked, key in plan:
            after = row[n]
            if after is None or after == "":
                continue
            kind = type(after)
            if kind is dt.date:
                after, kind = after.isoformat(), str
            elif kind is bool:
                parts.append(f"{key}{'true' if after else 'false'}]")
                continue
            elif kind is not str and kind is not int:
                if isinstance(after, str):  # a choice (TextChoices): JSON writes its text
                    kind = str
                elif isinstance(after, int) and not isinstance(after, bool):
                    kind = int
                else:
                    return canonical_json(created(row))
            if masked:
                after = _mask(name, after)
                kind = type(after)
            if kind is int:
                parts.append(f"{key}{int.__repr__(after)}]")
            else:
                parts.append(f"{key}{encode_basestring(after)}]")
        return "{" + ",".join(parts) + "}"

    return made


def changed_values(old: models.Model | dict | None, new: models.Model) -> dict:
    """{field: [old, new]} for the fields whose value differs (all non-empty ones if created).

    `old` is the record before the change, or a dict of its values by attname (`snapshot`,
    or just the fields a bulk write changed)."""
    if old is None:
        return created_values(new)
    fields = _fields_of(type(new))
    if isinstance(old, models.Model):
        old = snapshot(old)
    else:  # a partial snapshot: only the fields it names may have changed
        fields = [field for field in fields if field[1] in old]
    changes = {}
    for name, attname, masked in fields:
        before, after = old[attname], getattr(new, attname)
        if type(before) not in _SIMPLE:
            before = _plain(before)
        if type(after) not in _SIMPLE:
            after = _plain(after)
        if before != after:
            changes[name] = [_mask(name, before), _mask(name, after)] if masked else [before, after]
    return changes
