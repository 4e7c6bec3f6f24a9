"""What every record sheet of the workbook shares.

A record sheet is a table of one kind of record (meetings, activities, staff…). Each row is
matched to a stored record of the society by the sheet's key columns (会议 by type and date,
活动 by type, name and start date…); a matched record is updated with what the row says, a
row that matches nothing creates a record, and stored records the sheet does not list are
left alone — a workbook adds and corrects, it never deletes. A column missing from the sheet
leaves its field alone; a blank cell in a present column means "empty" (no value, 否, 0).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

from xuehui.lib.importing import Column, Importer, ImportOutcome, ParsedRow, ParseResult
from xuehui.lib.parsing import parse_bool, parse_date, parse_decimal, parse_int
from xuehui.lib.text import normalize

# ---------------------------------------------------------------- cells, both ways

MIN_YEAR, MAX_YEAR = 1950, 2100
YES_NO = ("是", "否")


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "是" if value else "否"


def parse_flag(value: object) -> bool:
    """是/否 where a blank cell means 否."""
    return bool(parse_bool(value))


def parse_year(value: object) -> int | None:
    year = parse_int(value, units=("年度", "年"))
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError("年度应为四位数的年份，如2024")
    return year


def parse_count(value: object) -> int | None:
    number = parse_int(value, units=("人", "名", "个", "家", "次"))
    if number is not None and number < 0:
        raise ValueError("不能为负数")
    return number


def parse_amount(value: object) -> Decimal | None:
    """An amount in yuan, not negative, at most two decimal places."""
    number = parse_signed_amount(value)
    if number is not None and number < 0:
        raise ValueError("金额不能为负数")
    return number


def parse_signed_amount(value: object) -> Decimal | None:
    """An amount in yuan that may be negative (net assets)."""
    if isinstance(value, str) and normalize(value).endswith("万元"):
        raise ValueError("请以“元”为单位填写金额")
    number = parse_decimal(value, units=("元",))
    if number is not None and number != number.quantize(Decimal("0.01")):
        raise ValueError("金额最多保留两位小数")
    return number


def plain(number: Decimal) -> str:
    """1000.0 → 1000, 24.50 → 24.5: an amount as a person writes it."""
    return format(number.normalize(), "f")


def parse_day(value: object) -> dt.date | None:
    return parse_date(value)


# ---------------------------------------------------------------- plans


@dataclass
class Plan:
    """What one row will do: create a record, change some fields of one, or nothing."""

    row: ParsedRow
    original: models.Model | None  # the stored record; None means a new one
    fields: dict[str, Any]  # a new record: all its fields; a stored one: the changed ones
    label: str
    record: models.Model | None = None  # after writing: the record created or kept

    @property
    def action(self) -> str:
        if self.original is None:
            return "created"
        return "updated" if self.fields else "unchanged"


def same(stored: object, wanted: object) -> bool:
    """Equal for the workbook: text compares after width folding, amounts by value."""
    if isinstance(stored, str) and isinstance(wanted, str):
        return normalize(stored) == normalize(wanted)
    return stored == wanted


def detached_copy(obj: models.Model) -> models.Model:
    """A copy to plan changes on, so a row that fails leaves the stored record untouched."""
    model = type(obj)
    copy = model(**{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields})
    copy._state.adding, copy._state.db = obj._state.adding, obj._state.db  # so it is not "new"
    return copy


def blank_value(field: models.Field) -> Any:
    """What a blank cell stores: None where allowed, else the field's default, else ''."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return "" if isinstance(field, models.CharField | models.TextField) else None


class ExportsRows:
    """What every sheet gives the workbook's export: its rows for a society."""

    @classmethod
    def rows_for_export(cls, society, *, masked: bool, today) -> list[list]:
        return list(cls(society=society).export_rows())  # type: ignore[call-arg, attr-defined]


class RecordSheet(ExportsRows, Importer):
    """One sheet of records of one model, matched on `key` columns (see the module docstring)."""

    title = ""  # the sheet's name
    aliases: tuple[str, ...] = ()  # other sheet names accepted on import
    model: type[models.Model]
    key: tuple[str, ...] = ()  # column keys identifying a record
    ordering: tuple[str, ...] = ()  # the order the sheet lists records in; () = the model's
    # Column key → model field, for columns whose key is not the field's name; None = no field.
    field_of: dict[str, str | None] = {}
    save_service: Callable  # adds or changes a record whose fields are set: (record_arg=…, actor=…)
    record_arg = ""  # the keyword the save service takes the record by
    # Adds many new records at once (society=…, <record_arg>s=[…], actor=…), each audited as
    # the save service would; None: each new record goes through the save service.
    create_service: Callable | None = None

    def __init__(self, *, society, actor=None):
        self.society = society
        self.actor = actor
        self.plans: list[Plan] = []
        self.unlisted = 0

    # ------------------------------------------------------------ export

    def records(self) -> QuerySet:
        """The society's records, in the order the sheet lists them."""
        records = self.model.objects.filter(society=self.society)
        return records.order_by(*self.ordering) if self.ordering else records

    def export_row(self, obj) -> list:
        raise NotImplementedError

    def export_rows(self) -> Iterable[list]:
        return (self.export_row(obj) for obj in self.records())

    # ------------------------------------------------------------ phase one

    def field_name(self, key: str) -> str | None:
        return self.field_of.get(key, key)

    def column_of(self, field: str) -> str:
        for column in self.columns:
            if self.field_name(column.key) == field:
                return column.key
        return ""

    def record_key(self, obj) -> tuple:
        return tuple(_key_part(getattr(obj, self.field_name(key))) for key in self.key)

    def row_key(self, row: ParsedRow) -> tuple:
        return tuple(_key_part(row.values.get(key)) for key in self.key)

    def row_fields(self, result: ParseResult, row: ParsedRow, original) -> dict[str, Any]:
        """Model field → value for every column present in the sheet."""
        fields = {}
        for column in result.found:
            name = self.field_name(column.key)
            if name is None:
                continue
            value = row.values.get(column.key)
            fields[name] = blank_value(self.model._meta.get_field(name)) if value is None else value
        return fields

    def check_row(self, row: ParsedRow, candidate, original) -> None:
        """Checks of one row beyond the model's own validation (add errors to `row`)."""

    def label(self, obj) -> str:
        return str(obj)

    def validate(self, result: ParseResult) -> None:
        self.plans = []
        existing = {self.record_key(obj): obj for obj in self.records()}
        seen: dict[tuple, int] = {}
        for row in result.rows:
            if not row.ok:
                continue
            key = self.row_key(row)
            if key in seen:
                names = "、".join(result.column(k).name for k in self.key)
                row.add_error(self.key[0], f"与第{seen[key]}行重复（{names}相同）")
                continue
            seen[key] = row.number
            plan = self._plan(result, row, existing.get(key))
            if plan is not None:
                self.plans.append(plan)
        listed = {self.record_key(p.original) for p in self.plans if p.original is not None}
        self.unlisted = len(set(existing) - listed)

    def _plan(self, result: ParseResult, row: ParsedRow, original) -> Plan | None:
        wanted = self.row_fields(result, row, original)
        candidate = detached_copy(original) if original else self.model(society=self.society)
        changed = {}
        for name, value in wanted.items():
            if not same(getattr(candidate, name), value):
                setattr(candidate, name, value)
                changed[name] = value
        self.check_row(row, candidate, original)
        try:
            # Field rules and clean() only: relations are the society's own, the key columns
            # match the unique constraints and the parsers enforce the check constraints, so
            # validation takes no query per row.
            candidate.full_clean(
                exclude=self.relation_fields(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._report(row, error)
        if not row.ok:
            return None
        label = self.label(candidate)
        if original is None:
            row.note = "新增"
        elif changed:
            row.note = f"更新：{self.field_labels(changed)}"
        else:
            row.note = "无变化"
        return Plan(row, original, wanted if original is None else changed, label)

    def relation_fields(self) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields if f.is_relation]

    def planned_outcome(self) -> ImportOutcome:
        """What `write` will do, from the plans alone (for the preview; no query)."""
        outcome = ImportOutcome(noun=self.noun)
        for plan in self.plans:
            {
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            }[plan.action].append(plan.label)
        if self.unlisted:
            outcome.notes.append(f"另有{self.unlisted}{self.noun}本表未列出，保留不变")
        return outcome

    def _report(self, row: ParsedRow, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            row.add_error("", "；".join(error.messages))
            return
        for name, messages in error.message_dict.items():
            row.add_error(self.column_of(name), "；".join(messages))

    def field_labels(self, fields: Iterable[str]) -> str:
        return "、".join(str(self.model._meta.get_field(name).verbose_name) for name in fields)

    # ------------------------------------------------------------ phase two

    def create(self, fields: dict) -> models.Model:
        record = self.model(society=self.society, **fields)
        return self.save_service(**{self.record_arg: record}, actor=self.actor)

    def update(self, obj, fields: dict) -> models.Model:
        for name, value in fields.items():
            setattr(obj, name, value)
        return self.save_service(**{self.record_arg: obj}, actor=self.actor)

    def write(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun=self.noun)
        new: list[Plan] = []
        for plan in self.plans:
            if plan.original is None and self.create_service is not None:
                new.append(plan)
                outcome.created.append(plan.label)
            elif plan.original is None:
                plan.record = self.create(plan.fields)
                outcome.created.append(plan.label)
            elif plan.fields:
                plan.record = self.update(plan.original, plan.fields)
                outcome.updated.append(f"{plan.label}（{self.field_labels(plan.fields)}）")
            else:
                plan.record = plan.original
                outcome.unchanged.append(plan.label)
        if new:
            self._create_all(new)
        if self.unlisted:
            outcome.notes.append(f"另有{self.unlisted}{self.noun}本表未列出，保留不变")
        return outcome

    def _create_all(self, plans: list[Plan]) -> None:
        """The new records of the sheet in one insert (lib.bulk: COPY on PostgreSQL), after
        the changed ones; the row checks of phase one stand for full_clean, the database
        still holds the unique keys (a clash rolls the whole workbook back)."""
        assert self.create_service is not None
        records = [self.model(society=self.society, **plan.fields) for plan in plans]
        self.create_service(
            society=self.society, **{f"{self.record_arg}s": records}, actor=self.actor
        )
        for plan, record in zip(plans, records, strict=True):
            plan.record = record


def _key_part(value: object) -> object:
    return normalize(value) if isinstance(value, str) else value


def column(key: str, name: str, *aliases: str, **options) -> Column:
    """A Column, with the aliases as positional arguments for brevity."""
    return Column(key, name, aliases=aliases, **options)


def flag_column(key: str, name: str, *aliases: str, **options) -> Column:
    """A 是/否 column, where a blank cell means 否."""
    return column(key, name, *aliases, parser=parse_flag, choices=YES_NO, **options)
