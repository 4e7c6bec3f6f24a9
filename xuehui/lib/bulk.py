"""Inserting many rows of one model at the database's own speed: `bulk_insert`.

Django's bulk_create prepares every value of every row through its field (a 100,000-row
member import spent half its time there) and, on SQLite, sends 58 rows per INSERT. Here
the caller gives plain tuples and the rows go in with `COPY … FROM STDIN` on PostgreSQL
(psycopg's `cursor.copy`) and one `executemany` on SQLite, inside one transaction: a failure
anywhere (a unique key taken meanwhile) leaves no row, and raises Django's IntegrityError.

What the caller owes, since no field prepares or validates the values:

- values the driver adapts as they are: str, int, bool, Decimal, date, an aware datetime,
  None; a JSONField's value as JSON text (`json.dumps`);
- values the model's validation would accept: validate the rows first (the imports' phase
  one does); the database still enforces NOT NULL, unique and check constraints;
- rows that do not query the database while they are produced: during a COPY the connection
  serves nothing else (a generator's set-up before its first row is fine: the first row is
  taken before the COPY starts).

A concrete field the caller does not name is written with its default (`auto_now` and
`auto_now_add` fields with the time of the call), as bulk_create would.
"""

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

SQLITE_BATCH = 2_000  # rows per executemany: bounds the values held at once (an audit row is 1 KB)
# SQLite's page cache while a bulk insert runs (KiB, as `PRAGMA cache_size=-N` takes it): the
# default 2 MB cannot hold the indexes of a 100,000-row table, and every row then reads and
# writes evicted index pages again (measured: a quarter of the insert's CPU). Restored after.
SQLITE_CACHE_KIB = 64 * 1024


def bulk_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning_ids: bool = False,
    count: int | None = None,
) -> list[int]:
    """Insert `rows` (tuples of values in the order of `fields`, field names or attnames)
    into `model`'s table; returns the new primary keys in row order when `returning_ids`,
    else an empty list. All rows or none. When `rows` is a generator, `count` (how many it
    yields) lets PostgreSQL's keys be drawn first and the rows stream into the COPY."""
    columns, prepare, fixed = _plan(model, fields)
    if count is None and isinstance(rows, Sized):
        count = len(rows)
    rows = _prepared(rows, prepare, fixed)
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None and pk.column is not None
    with transaction.atomic(using=connection.alias, savepoint=False):
        if connection.vendor == "postgresql":
            return _copy(table, columns, rows, pk.column, returning_ids, count)
        return _executemany(table, columns, rows, returning_ids)


def _plan(model, fields: Sequence[str]):
    """The columns written, a converter per given field (or None) and the constant values
    of the fields not given."""
    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    names = {field.attname for field in given}
    now = timezone.now()
    rest = [
        field
        for field in opts.concrete_fields
        if field.attname not in names and not field.primary_key
    ]
    fixed = tuple(_constant(field, now) for field in rest)
    prepare = [_converter(field) for field in given]
    return [field.column for field in (*given, *rest)], prepare, fixed


def _constant(field: models.Field, now: dt.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = now if isinstance(field, models.DateTimeField) else now.date()
    else:
        value = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    converter = _converter(field)
    return converter(value) if converter and value is not None else value


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """SQLite stores an aware datetime as naive UTC text, as Django writes it."""
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value
    return None


def _prepared(rows: Iterable[Sequence[Any]], prepare: list, fixed: tuple):
    """The rows with their converted values and the fixed ones. A converted value the same
    object as the row before's is not converted again (a bulk write's entries share their
    time: 100,000 conversions of one datetime cost a quarter of a second)."""
    converting = [[n, fn, None, None] for n, fn in enumerate(prepare) if fn is not None]
    for row in rows:
        if converting:
            row = list(row)
            for plan in converting:
                n = plan[0]
                value = row[n]
                if value is None:
                    continue
                if value is not plan[2]:
                    plan[2], plan[3] = value, plan[1](value)
                row[n] = plan[3]
        yield (*row, *fixed)


def _copy(
    table: str, columns: list[str], rows, pk: str, returning_ids: bool, count: int | None = None
) -> list[int]:
    """`count` (the number of rows, when the caller's rows are a sized collection) lets the
    keys be drawn before the rows are read, so the rows stream into the COPY."""
    quote = connection.ops.quote_name
    ids: list[int] = []
    first = next(rows, None)
    if first is None:
        return ids
    rows = itertools.chain([first], rows)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if returning_ids:
            if count is None:
                rows = list(rows)
                count = len(rows)
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            ids = [pk_value for (pk_value,) in cursor.fetchall()]
            columns = [pk, *columns]
            rows = ((pk_value, *row) for pk_value, row in zip(ids, rows, strict=True))
        names = ", ".join(quote(column) for column in columns)
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def _executemany(table: str, columns: list[str], rows, returning_ids: bool) -> list[int]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    slots = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({slots})"
    count = 0
    with connection.cursor() as cursor, ExitStack() as large:
        batch: list = []
        for row in rows:
            batch.append(row)
            if len(batch) == SQLITE_BATCH:
                if not count:  # a large insert: a larger cache from its first batch on
                    large.enter_context(_page_cache(cursor))
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        if not returning_ids or not count:
            return []
        # The transaction holds SQLite's write lock from the first row, and an AUTOINCREMENT
        # key is one more than the largest ever used: the keys are the last `count` ones.
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


@contextmanager
def _page_cache(cursor) -> Iterator[None]:
    """SQLite's page cache at SQLITE_CACHE_KIB for the time of the insert (never smaller)."""
    cursor.execute("PRAGMA cache_size")
    before = cursor.fetchone()[0]
    wanted = -SQLITE_CACHE_KIB
    # a negative size is KiB, a positive one pages (of 4 KiB by default)
    larger = (-before if before < 0 else before * 4) < SQLITE_CACHE_KIB
    if larger:
        cursor.execute(f"PRAGMA cache_size = {wanted}")
    try:
        yield
    finally:
        if larger:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
