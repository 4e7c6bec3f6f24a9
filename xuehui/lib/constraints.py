"""A unique-constraint race told as a form error, not a 500.

A form checks a record's unique constraints before the service saves it, but two requests
can both pass that check; the database then refuses the second insert with IntegrityError.
`constraint_errors()` runs a write in a savepoint and turns such an error into the
ValidationError the form's own check would have given, on the constraint's field
(`branch_name_unique` → 名称: 「该学会已有同名的分支机构」), so the loser sees the form again
and nothing is written. The constraint is found by its name (PostgreSQL reports it) or, on
SQLite, by the table and columns in the message; an unknown one gets a general message.
"""

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

CONFLICT = "保存失败：与其他人同时保存的记录重复，请检查后重试"
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")


@dataclass(frozen=True)
class UniqueRule:
    """A unique constraint of a model: the field its error goes on, and the message."""

    field: str
    message: str


def _field_for(fields: tuple[str, ...]) -> str:
    # The society (or other parent) is never on the form; the last field is what the user typed.
    return fields[-1] if fields else NON_FIELD_ERRORS


def _rules_of(model) -> Iterator[tuple[tuple[str, ...], UniqueRule]]:
    """(names by which the database may report it, rule) for each unique key of `model`."""
    table = model._meta.db_table
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            fields = tuple(constraint.fields)
            if constraint.violation_error_message == constraint.default_violation_error_message:
                message = model().unique_error_message(model, fields).messages[0]
            else:
                message = str(constraint.get_violation_error_message())
            columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in fields)
            yield (constraint.name, columns), UniqueRule(_field_for(fields), message)
    for field in model._meta.local_fields:
        if field.unique and not field.primary_key:
            message = model().unique_error_message(model, (field.name,)).messages[0]
            names = (f"{table}_{field.column}_key", f"{table}.{field.column}")
            yield names, UniqueRule(field.name, message)


@functools.cache
def _rules() -> dict[str, UniqueRule]:
    rules = {}
    for model in apps.get_models():
        for names, rule in _rules_of(model):
            rules.update(dict.fromkeys(names, rule))
    return rules


def unique_rule(error: IntegrityError) -> UniqueRule | None:
    """The unique key `error` reports, if it is one the models declare."""
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name is None:
        match = _SQLITE_UNIQUE.search(str(error))
        name = match.group(1).strip() if match else None
    return _rules().get(name) if name else None


def is_unique_violation(error: IntegrityError) -> bool:
    sqlstate = getattr(error.__cause__, "sqlstate", None) or getattr(
        error.__cause__, "pgcode", None
    )
    return sqlstate == "23505" or str(error).startswith("UNIQUE constraint failed")


def constraint_error(error: IntegrityError) -> ValidationError | None:
    """The form error for an insert or update refused by a unique key; None for other refusals."""
    rule = unique_rule(error)
    if rule is not None:
        return ValidationError({rule.field: [rule.message]})
    return ValidationError(CONFLICT) if is_unique_violation(error) else None


@contextmanager
def constraint_errors():
    """Run a write in a savepoint; a unique-key refusal leaves as a ValidationError."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        form_error = constraint_error(error)
        if form_error is None:
            raise
        raise form_error from error
