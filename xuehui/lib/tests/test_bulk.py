"""`bulk_insert`: COPY on PostgreSQL, executemany on SQLite, all rows or none (the suite runs
on both databases, so every test here runs on each)."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from xuehui.audit.models import AuditEntry
from xuehui.lib import bulk
from xuehui.lib.bulk import bulk_insert
from xuehui.members.models import IndividualMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def society(society_a):
    return society_a


FIELDS = ("society", "name", "member_number", "birth_date", "is_frontline", "note")


def _rows(society, count: int, *, start: int = 0) -> list[tuple]:
    return [
        (society.pk, f"会员{n}", f"M{n:05d}", dt.date(1970, 1, 1 + n % 28), n % 2 == 0, "")
        for n in range(start, start + count)
    ]


def test_it_writes_every_row_with_the_ids_in_row_order(society):
    ids = bulk_insert(IndividualMember, FIELDS, _rows(society, 25), returning_ids=True)
    stored = {m.pk: m for m in IndividualMember.objects.filter(society=society)}
    assert sorted(stored) == ids
    first, last = stored[ids[0]], stored[ids[-1]]
    assert (first.name, first.member_number, first.is_frontline) == ("会员0", "M00000", True)
    assert (last.name, last.birth_date, last.is_frontline) == ("会员24", dt.date(1970, 1, 25), True)


def test_it_fills_the_fields_not_given_as_bulk_create_would(society):
    before = timezone.now()
    bulk_insert(IndividualMember, FIELDS, _rows(society, 1))
    member = IndividualMember.objects.get(society=society)
    assert (member.status, member.gender, member.id_number, member.join_date) == (
        "active",
        "",
        "",
        None,
    )
    assert before - dt.timedelta(seconds=1) <= member.created_at <= timezone.now()
    assert member.updated_at == member.created_at


def test_it_writes_aware_datetimes_and_json_text(society):
    at = timezone.make_aware(dt.datetime(2024, 5, 1, 9, 30, 15, 123456), dt.UTC)
    detail = {"operation": "create", "changes": {"name": [None, "张三"]}}
    bulk_insert(
        AuditEntry,
        ("created_at", "action", "society_id", "detail"),
        [(at, "bulk_test", society.pk, json.dumps(detail, ensure_ascii=False))],
    )
    entry = AuditEntry.objects.get(action="bulk_test")
    assert entry.created_at == at
    assert entry.detail == detail
    assert AuditEntry.objects.filter(detail__operation="create", action="bulk_test").exists()


def test_rows_sharing_a_datetime_and_rows_that_do_not_each_keep_their_own(society):
    # A value shared with the row before is converted once (SQLite stores text): each row
    # still holds its own time, and a None between them stays None.
    first = timezone.make_aware(dt.datetime(2024, 5, 1, 9, 30, 15, 123456), dt.UTC)
    second = first + dt.timedelta(hours=1)
    times = [first, first, second, second, first]
    ids = bulk_insert(
        AuditEntry,
        ("created_at", "action", "society_id", "detail"),
        [(at, "bulk_test", society.pk, "{}") for at in times],
        returning_ids=True,
    )
    stored = dict(AuditEntry.objects.filter(pk__in=ids).values_list("pk", "created_at"))
    assert [stored[pk] for pk in ids] == times
    anonymised = [first, None, first, second]
    rows = [(society.pk, f"会员{n}", f"T{n}", at) for n, at in enumerate(anonymised)]
    ids = bulk_insert(
        IndividualMember,
        ("society", "name", "member_number", "anonymised_at"),
        rows,
        returning_ids=True,
    )
    stored = dict(IndividualMember.objects.filter(pk__in=ids).values_list("pk", "anonymised_at"))
    assert [stored[pk] for pk in ids] == anonymised


def test_without_ids_it_returns_nothing_and_an_empty_input_writes_nothing(society):
    assert bulk_insert(IndividualMember, FIELDS, _rows(society, 3)) == []
    assert bulk_insert(IndividualMember, FIELDS, [], returning_ids=True) == []
    assert IndividualMember.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_constraint_broken_in_the_last_batch_leaves_no_row(society, monkeypatch):
    # Outside any transaction (autocommit): bulk_insert opens its own.
    monkeypatch.setattr(bulk, "SQLITE_BATCH", 10)
    rows = _rows(society, 35) + _rows(society, 1, start=3)  # M00003 twice, at the very end
    with pytest.raises(IntegrityError):
        bulk_insert(IndividualMember, FIELDS, rows, returning_ids=True)
    assert not IndividualMember.objects.exists()


def test_inside_a_callers_transaction_a_failure_undoes_the_callers_writes_too(society):
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(IndividualMember, FIELDS, _rows(society, 5))
        bulk_insert(IndividualMember, FIELDS, _rows(society, 1, start=2))
    assert not IndividualMember.objects.exists()


def test_ids_follow_rows_already_in_the_table(society):
    first = bulk_insert(IndividualMember, FIELDS, _rows(society, 2), returning_ids=True)
    IndividualMember.objects.filter(pk=first[-1]).delete()
    again = bulk_insert(IndividualMember, FIELDS, _rows(society, 2, start=5), returning_ids=True)
    assert again[0] > first[-1]
    names = dict(IndividualMember.objects.values_list("pk", "name"))
    assert [names[pk] for pk in again] == ["会员5", "会员6"]


def test_it_uses_the_databases_own_bulk_path(society, django_assert_max_num_queries):
    # COPY is one statement whatever the number of rows; SQLite's executemany one per batch.
    with django_assert_max_num_queries(4):
        bulk_insert(IndividualMember, FIELDS, _rows(society, 500), returning_ids=True)
    assert IndividualMember.objects.count() == 500
    assert connection.vendor in ("sqlite", "postgresql")


def test_rows_from_a_generator_of_known_count_stream_in_with_their_ids(society):
    rows = _rows(society, 30)
    ids = bulk_insert(IndividualMember, FIELDS, iter(rows), returning_ids=True, count=len(rows))
    stored = dict(IndividualMember.objects.filter(society=society).values_list("pk", "name"))
    assert [stored[pk] for pk in ids] == [row[1] for row in rows]


def test_a_generator_of_unknown_count_still_gets_its_ids(society):
    ids = bulk_insert(IndividualMember, FIELDS, iter(_rows(society, 7)), returning_ids=True)
    assert len(ids) == 7 == IndividualMember.objects.filter(pk__in=ids).count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
@pytest.mark.parametrize("before", [-2000, 100, -200_000])
def test_a_large_sqlite_insert_gets_a_large_page_cache_and_leaves_the_old_one(
    society, before, monkeypatch
):
    monkeypatch.setattr(bulk, "SQLITE_BATCH", 4)
    seen = []
    real = bulk._page_cache

    def spy(cursor):
        seen.append(1)
        return real(cursor)

    monkeypatch.setattr(bulk, "_page_cache", spy)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = {before}")
        bulk_insert(IndividualMember, FIELDS, _rows(society, 3))
        assert not seen  # a small insert leaves the cache alone
        bulk_insert(IndividualMember, FIELDS, _rows(society, 9, start=3))
        assert seen == [1]
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
    assert IndividualMember.objects.filter(society=society).count() == 12
