"""The hash chain: audit-verify passes on an untouched log and names the first entry a
change, a removal or a reordering broke; the log refuses updates and deletes."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, connection, connections, transaction
from django.db.utils import DatabaseError

from xuehui.audit.chain import canonical_json, verify_table
from xuehui.audit.models import AppendOnlyError, AuditChainHead, AuditEntry
from xuehui.audit.services import AuditBatch, audit_record

pytestmark = pytest.mark.django_db


def tamper(sql: str, params=()) -> None:
    """Change the table behind the application's back, as someone with database access
    would (on PostgreSQL past the trigger, which refuses it otherwise)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as raised:
        verify()
    assert raised.value.returncode == 1
    return str(raised.value)


@pytest.fixture
def log(society_a, admin_user) -> list[AuditEntry]:
    """Five entries: two single writes, then a batch of three, in id order."""
    audit_record(actor=admin_user, action="one", society=society_a, summary="第一条")
    audit_record(actor=None, action="two", summary="第二条", detail={"x": 1.0, "y": [1, "二"]})
    batch = AuditBatch(actor=admin_user, source="test_import")
    for n in range(3):
        batch.entry(admin_user, action="three", society=society_a, summary=f"批{n}", detail={})
    batch.save()
    return list(AuditEntry.objects.order_by("id"))


def test_an_untouched_log_verifies(log):
    out = verify()
    assert "审计记录完整：共5条" in out
    assert log[-1].entry_hash in out
    assert [e.prev_hash for e in log[1:]] == [e.entry_hash for e in log[:-1]]
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (log[-1].pk, log[-1].entry_hash)


def test_a_changed_entry_is_named(log):
    tamper("UPDATE audit_auditentry SET summary = %s WHERE id = %s", ["改过", log[2].pk])
    message = broken()
    assert f"第3条（ID {log[2].pk}）" in message and "被改动" in message


def test_a_changed_detail_is_named(log):
    tamper("UPDATE audit_auditentry SET detail = %s WHERE id = %s", ['{"x": 2}', log[1].pk])
    assert f"ID {log[1].pk}）" in broken()


def test_a_removed_middle_entry_breaks_the_next_link(log):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [log[2].pk])
    message = broken()
    assert f"ID {log[3].pk}）" in message and "删除" in message


def test_swapped_entries_are_found(log):
    columns = "action, summary, detail, prev_hash, entry_hash, actor_id, society_id"
    first, second = log[1].pk, log[3].pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM audit_auditentry WHERE id IN (%s, %s) ORDER BY id",
            [first, second],
        )
        a, b = cursor.fetchall()
    sets = ", ".join(f"{name.strip()} = %s" for name in columns.split(","))
    tamper(f"UPDATE audit_auditentry SET {sets} WHERE id = %s", [*b, first])
    tamper(f"UPDATE audit_auditentry SET {sets} WHERE id = %s", [*a, second])
    assert f"第2条（ID {first}）" in broken()


def test_a_removed_last_entry_is_found(log):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [log[-1].pk])
    assert "末尾的记录被删除" in broken()


def test_entries_added_after_the_check_began_wait_for_the_next_one(log):
    AuditChainHead.objects.update(last_id=log[2].pk, last_hash=log[2].entry_hash)
    assert verify_table().count == 3


def test_a_log_without_a_head_starts_one_after_its_last_entry(log):
    AuditChainHead.objects.all().delete()
    assert verify_table().broken is None
    audit_record(actor=None, action="after", summary="之后")
    assert AuditChainHead.objects.get().last_id == AuditEntry.objects.latest("id").pk
    assert verify_table().count == 6


def test_an_empty_log_verifies():
    assert "共0条" in verify()


def test_whole_floats_hash_as_the_database_returns_them():
    assert canonical_json({"b": 1e20, "a": (1.5, 2.0)}) == '{"a":[1.5,2],"b":100000000000000000000}'
    assert canonical_json({"a": 2.0}) == '{"a":2.0}'
    audit_record(actor=None, action="f", detail={"big": 1e20, "inf": [2.0, 1e300]})
    batch = AuditBatch(actor=None, source=None)
    batch.entry(
        AuditChainHead.objects.get(), action="g", society=None, summary="", detail={"v": 3e16}
    )
    batch.save()
    assert verify_table().broken is None


@pytest.mark.parametrize(
    "attempt",
    [
        lambda e: e.save(),
        lambda e: e.delete(),
        lambda e: AuditEntry.objects.filter(pk=e.pk).update(summary="改"),
        lambda e: AuditEntry.objects.filter(pk=e.pk).delete(),
        lambda e: AuditEntry.objects.bulk_create([AuditEntry(action="x")]),
    ],
    ids=["save", "delete", "queryset update", "queryset delete", "bulk_create"],
)
def test_the_application_cannot_change_or_remove_an_entry(log, attempt):
    with pytest.raises(AppendOnlyError):
        attempt(log[0])
    assert verify_table().broken is None and AuditEntry.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditentry SET summary = 'x'", "DELETE FROM audit_auditentry"]
)
def test_the_database_refuses_updates_and_deletes(log, sql):
    with (
        pytest.raises((InternalError, DatabaseError)) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert "只能追加" in str(raised.value)
    assert AuditEntry.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(admin_user):
    writers, each = 6, 15
    barrier = threading.Barrier(writers)
    errors: list = []

    def write(n: int) -> None:
        try:
            barrier.wait(10)
            for i in range(each):
                if i % 3:
                    audit_record(actor=None, action="w", summary=f"{n}-{i}")
                else:
                    with transaction.atomic():
                        batch = AuditBatch(actor=None, source=None)
                        for k in range(4):
                            batch.entry(
                                admin_user,
                                action="b",
                                society=None,
                                summary=f"{n}-{i}-{k}",
                                detail={},
                            )
                        batch.save()
        except (IntegrityError, DatabaseError, AppendOnlyError) as error:  # pragma: no cover
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    result = verify_table()
    assert result.broken is None
    assert (
        result.count == writers * (each // 3 * 4 + each - each // 3) == AuditEntry.objects.count()
    )
    hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(set(hashes)) == len(hashes)  # no two entries follow the same one: no fork


def test_an_old_entry_keeps_its_actor_and_society_ids_when_they_are_deleted(
    log, admin_user, society_a
):
    actor_id = admin_user.pk
    admin_user.delete()
    assert AuditEntry.objects.get(pk=log[0].pk).actor_id == actor_id
    assert verify_table().broken is None


def test_the_django_admin_only_reads_the_log(log, rf):
    from django.contrib.admin.sites import site

    admin = site._registry[AuditEntry]
    request = rf.get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, log[0])
    assert not admin.has_delete_permission(request, log[0])
