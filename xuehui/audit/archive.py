"""Retention and archiving of the audit log (等保 8.1.4.3: kept at least six months).

Entries stay in the table at least XUEHUI_AUDIT_RETENTION_DAYS days (default 180). Older ones
are written by `audit_archive` to a gzip file of JSON lines in XUEHUI_AUDIT_ARCHIVE_DIR, and
only then removed from the table: the one path that deletes audit entries, itself audited.
The file starts with a header holding the hash the first archived entry follows and ends with
a trailer holding the last one's, and the `AuditArchive` row keeps both and the file's
SHA-256, so `xuehui audit-verify` continues the chain from the archive into the table and,
with `--archives`, through the files.
"""

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .chain import ROW_FIELDS, Verification, anchor_hash, canonical_json, locked_head, verify_rows
from .chain import timestamp as chain_timestamp
from .models import GENESIS_HASH, AuditArchive, AuditEntry
from .services import audit_record

ARCHIVE_ACTION = "audit_archive"


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    days = max(int(settings.XUEHUI_AUDIT_RETENTION_DAYS), 180)  # 等保: never under six months
    return (now or timezone.now()) - dt.timedelta(days=days)


def archive_dir() -> Path:
    return Path(settings.XUEHUI_AUDIT_ARCHIVE_DIR)


def archive_file(archive: AuditArchive) -> Path:
    """Where the archive's file is now: by its name in XUEHUI_AUDIT_ARCHIVE_DIR, where `xuehui
    restore` puts it (the row keeps the path it was written to, perhaps on another machine or
    under another directory), else at that recorded path. Its SHA-256 is checked either way."""
    written = Path(archive.path)
    here = archive_dir() / written.name
    return here if here.exists() or not written.exists() else written


def _json_row(row: tuple) -> str:
    values = dict(zip(ROW_FIELDS, row, strict=True))
    values["created_at"] = chain_timestamp(values["created_at"])
    return canonical_json(values)


def _row_of(values: dict) -> tuple:
    values = dict(values)
    values["created_at"] = dt.datetime.fromisoformat(values["created_at"])
    return tuple(values[name] for name in ROW_FIELDS)


def audit_archive(*, actor=None, before: dt.datetime | None = None) -> AuditArchive | None:
    """Archive the entries older than `before` (default: the retention cutoff, never later),
    oldest first, up to the first newer entry; None when there is nothing to archive. Refuses
    (ValueError, in Chinese) if that part of the chain does not verify."""
    cutoff = min(before or retention_cutoff(), retention_cutoff())
    with transaction.atomic():
        locked_head()  # one archive at a time, and no entry added meanwhile
        newer = AuditEntry.objects.filter(created_at__gte=cutoff).order_by("id")
        stop = newer.values_list("id", flat=True).first()
        old = AuditEntry.objects.order_by("id")
        if stop is not None:
            old = old.filter(id__lt=stop)
        bounds = old.values_list("id", flat=True)
        first_id, last_id = bounds.first(), bounds.last()
        if first_id is None or last_id is None:
            return None
        start = anchor_hash()
        result = verify_rows(_rows(old), start, None)
        if result.broken is not None:
            raise ValueError(f"审计记录的哈希链在{result.broken}，未归档")
        path = (
            archive_dir()
            / f"audit-{first_id:09d}-{last_id:09d}-{timezone.now():%Y%m%d%H%M%S}.jsonl.gz"
        )
        sha256 = _write(path, old, start, result, cutoff)
        archive = AuditArchive.objects.create(
            path=str(path),
            sha256=sha256,
            first_id=first_id,
            last_id=last_id,
            count=result.count,
            before=cutoff,
            prev_hash=start,
            last_hash=result.last_hash,
        )
        if connection.vendor == "postgresql":  # the trigger lets this transaction delete
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL xuehui.audit_archive = 'on'")
        old._archive_delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL xuehui.audit_archive = 'off'")
        audit_record(
            actor=actor,
            action=ARCHIVE_ACTION,
            target=archive,
            summary=f"归档{cutoff:%Y-%m-%d}之前的审计记录{archive.count}条至 {path.name}",
            detail={
                "first_id": first_id,
                "last_id": last_id,
                "count": archive.count,
                "sha256": sha256,
                "last_hash": archive.last_hash,
            },
        )
    return archive


def _rows(entries) -> Iterator[tuple]:
    return entries.values_list(*ROW_FIELDS).iterator(chunk_size=5000)


def _write(path: Path, entries, start: str, result: Verification, cutoff) -> str:
    """Write the file (header, entries, trailer), flushed to disk; its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"kind": "header", "prev_hash": start, "before": chain_timestamp(cutoff)}
    trailer = {"kind": "trailer", "count": result.count, "last_hash": result.last_hash}
    with open(path, "xb") as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
        out.write(canonical_json(header) + "\n")
        for row in _rows(entries):
            out.write(_json_row(row) + "\n")
        out.write(canonical_json(trailer) + "\n")
        out.flush()
    with open(path, "rb") as written:
        digest = hashlib.file_digest(written, "sha256").hexdigest()
    return digest


def verify_archive(archive: AuditArchive, start: str) -> str | None:
    """Why the archive file does not hold what its row says (Chinese), or None if it does:
    present, unchanged (SHA-256), starting at `start` and chaining to its last hash."""
    path = archive_file(archive)
    if not path.exists():
        return f"归档文件 {path} 不存在"
    with open(path, "rb") as raw:
        if hashlib.file_digest(raw, "sha256").hexdigest() != archive.sha256:
            return f"归档文件 {path} 的SHA-256与登记的不符（文件被改动）"
    if archive.prev_hash != start:
        return f"归档文件 {path} 与前一个归档不衔接"
    trailer: dict = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines, "{}"))

        def body() -> Iterator[tuple]:
            for line in lines:
                values = json.loads(line)
                if values.get("kind") == "trailer":
                    trailer.update(values)
                    return
                yield _row_of(values)

        result = verify_rows(body(), start, archive.last_hash)
    if result.broken is not None:
        return f"归档文件 {path} {result.broken}"
    if header.get("prev_hash") != start or trailer.get("last_hash") != archive.last_hash:
        return f"归档文件 {path} 首尾的哈希与登记的不符"
    return None


def verify_archives() -> tuple[int, str | None]:
    """(entries checked, first problem or None) over every archive, oldest first."""
    start, count = GENESIS_HASH, 0
    for archive in AuditArchive.objects.order_by("first_id"):
        problem = verify_archive(archive, start)
        if problem is not None:
            return count, problem
        start, count = archive.last_hash, count + archive.count
    return count, None
