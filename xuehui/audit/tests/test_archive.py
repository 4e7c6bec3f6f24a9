"""Archiving: entries past the retention period go to a gzip JSON-lines file, then leave the
table; the chain verifies across the archive, and a changed archive file is found."""

import datetime as dt
import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from xuehui.audit.archive import audit_archive, retention_cutoff
from xuehui.audit.chain import seal, verify_table
from xuehui.audit.models import AppendOnlyError, AuditArchive, AuditEntry
from xuehui.audit.services import audit_record
from xuehui.audit.tasks import archive_audit

from .test_chain import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_in_tmp(settings, tmp_path):
    settings.XUEHUI_AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    settings.XUEHUI_AUDIT_RETENTION_DAYS = 180


def old_entry(days: int, summary: str) -> AuditEntry:
    created = timezone.now() - dt.timedelta(days=days)
    return seal(AuditEntry(action="old", summary=summary, created_at=created, detail={"d": days}))


@pytest.fixture
def aged_log():
    """Three entries past 180 days, one of 100 days, one new."""
    for days in (400, 300, 200):
        old_entry(days, f"{days}天前")
    old_entry(100, "100天前")
    audit_record(actor=None, action="new", summary="今天")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_archives_the_entries_past_retention_then_the_chain_still_verifies(aged_log):
    out = run("audit_archive")
    archive = AuditArchive.objects.get()
    assert "已归档审计记录3条" in out and archive.count == 3
    left = list(AuditEntry.objects.order_by("id").values_list("summary", flat=True))
    assert left == ["100天前", "今天", archive_summary(archive)]
    assert left[2].startswith("归档")  # the archive itself is audited
    with gzip.open(archive.path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    assert records[0]["kind"] == "header" and records[-1]["last_hash"] == archive.last_hash
    assert [r["summary"] for r in records[1:-1]] == ["400天前", "300天前", "200天前"]
    assert "审计记录完整：共3条" in run("audit_verify", "--archives")
    assert "归档文件完整：共3条" in run("audit_verify", "--archives")


def archive_summary(archive) -> str:
    return AuditEntry.objects.get(action="audit_archive").summary


def test_a_second_archive_continues_the_first(aged_log):
    audit_archive(before=timezone.now() - dt.timedelta(days=350))
    second = audit_archive()
    assert second is not None and second.prev_hash == AuditArchive.objects.first().last_hash
    assert "归档文件完整：共3条" in run("audit_verify", "--archives")
    old_entry(250, "补")  # a late entry is newer by id: it waits for the entries before it
    assert audit_archive() is None


def test_a_changed_archive_file_is_found(aged_log):
    archive = audit_archive()
    with gzip.open(archive.path, "rt", encoding="utf-8") as lines:
        text = lines.read().replace("300天前", "三百天前")
    with gzip.open(archive.path, "wt", encoding="utf-8") as out:
        out.write(text)
    with pytest.raises(CommandError, match="SHA-256"):
        run("audit_verify", "--archives")
    assert "审计记录完整" in run("audit_verify")  # the table itself is intact


def test_a_rewritten_archive_with_its_checksum_updated_is_still_found(aged_log):
    archive = audit_archive()
    with gzip.open(archive.path, "rt", encoding="utf-8") as lines:
        text = lines.read().replace("300天前", "三百天前")
    with gzip.open(archive.path, "wt", encoding="utf-8") as out:
        out.write(text)
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256(Path(archive.path).read_bytes()).hexdigest()
    tamper_archive(archive.pk, digest)
    with pytest.raises(CommandError, match="被改动"):
        run("audit_verify", "--archives")


def tamper_archive(pk: int, digest: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditarchive DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_auditarchive SET sha256 = %s WHERE id = %s", [digest, pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditarchive ENABLE TRIGGER USER")


def test_a_missing_archive_file_is_found(aged_log):
    from pathlib import Path

    Path(audit_archive().path).unlink()
    with pytest.raises(CommandError, match="不存在"):
        run("audit_verify", "--archives")


def test_removing_the_first_entries_without_an_archive_is_found(aged_log):
    first = AuditEntry.objects.order_by("id").first()
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="删除"):
        run("audit_verify")


def test_a_broken_chain_is_not_archived(aged_log):
    second = AuditEntry.objects.order_by("id")[1]
    tamper("UPDATE audit_auditentry SET summary = %s WHERE id = %s", ["改", second.pk])
    with pytest.raises(CommandError, match="未归档"):
        run("audit_archive")
    assert AuditEntry.objects.count() == 5 and not AuditArchive.objects.exists()


def test_retention_never_falls_under_six_months(settings):
    settings.XUEHUI_AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    assert retention_cutoff(now) == now - dt.timedelta(days=180)


def test_an_earlier_date_archives_less_and_a_later_one_no_more(aged_log):
    assert "已归档审计记录1条" in run(
        "audit_archive", "--before", f"{timezone.localdate() - dt.timedelta(days=350)}"
    )
    assert AuditArchive.objects.get().count == 1
    run("audit_archive", "--before", f"{timezone.localdate() + dt.timedelta(days=1)}")
    assert AuditEntry.objects.filter(summary="100天前").exists()  # 100 days: still kept


def test_nothing_to_archive():
    assert run("audit_archive") == "没有超过保留期限的审计记录\n"
    assert archive_audit() == "没有超过保留期限的审计记录"


def test_the_scheduled_task_archives(aged_log):
    assert "已归档审计记录3条" in archive_audit()


def test_an_archive_row_is_append_only(aged_log):
    archive = audit_archive()
    with pytest.raises(AppendOnlyError):
        archive.save()
    assert verify_table().broken is None


def test_when_every_entry_is_old_all_are_archived():
    for days in (300, 200):
        old_entry(days, f"{days}天前")
    archive = audit_archive()
    assert archive.count == 2
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["audit_archive"]
    assert verify_table().broken is None


def test_archives_that_do_not_follow_each_other_are_found(aged_log):
    audit_archive(before=timezone.now() - dt.timedelta(days=350))
    second = audit_archive()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditarchive DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditarchive SET prev_hash = %s WHERE id = %s", ["f" * 64, second.pk]
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditarchive ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match="不衔接"):
        run("audit_verify", "--archives")
