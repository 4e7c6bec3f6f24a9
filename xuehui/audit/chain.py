"""The audit log's hash chain (等保 8.1.4.3: records protected from change and removal).

Every entry stores `prev_hash`, the hash of the entry before it (by id), and `entry_hash`,
SHA-256 over `prev_hash` and the entry's canonical content (`content`). Changing an entry
changes its hash; removing or reordering entries breaks the link the next one holds; removing
the last ones leaves the chain head (`AuditChainHead`) pointing at a hash no entry has.

Writers append under a lock on the chain head (`locked_head`, SELECT … FOR UPDATE on
PostgreSQL; SQLite writes one transaction at a time anyway), held to the end of their
transaction, so the ids and the links follow the same order and two writers never fork the
chain. The first entry still in the table follows the last archived entry (`AuditArchive`),
or `GENESIS_HASH` when nothing was archived.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring

from django.db import transaction

from .models import GENESIS_HASH, AuditArchive, AuditChainHead, AuditEntry

# The fields an entry's hash covers, in this order (the id is not one: the links give order).
CONTENT_FIELDS = (
    "created_at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "society_id",
    "address",
    "summary",
    "detail",
)
HEAD_PK = 1


def _plain(value):
    """JSON values as a database gives them back: a whole float becomes an int (jsonb keeps
    `1e+20` as 100000000000000000000), tuples lists."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def canonical_json(value) -> str:
    """The one text of a JSON value: sorted keys, no spaces, characters as they are. Only a
    text with an exponent (`1e+20`: a whole float the database would give back as an int)
    is walked again (`_plain`): a bulk import's 100,000 details are dumped once."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if "e+" in text or "Infinity" in text:
        text = json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content(
    created_at: dt.datetime,
    actor_id,
    action: str,
    target_type: str,
    target_id: str,
    society_id,
    address: str,
    summary: str,
    detail_json: str,
) -> str:
    """The canonical text of an entry (`detail_json` already `canonical_json`)."""
    head = json.dumps(
        [timestamp(created_at), actor_id, action, target_type, target_id, society_id]
        + [address, summary],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return f"{head}\n{detail_json}"


def json_scalar(value) -> str:
    """A str, int or None as `json.dumps(..., ensure_ascii=False)` writes it (anything else
    through json.dumps itself): the per-entry parts of a bulk write's texts."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def content_maker(
    created_at: dt.datetime, actor_id, address: str
) -> Callable[[str, str, str, object, str, str], str]:
    """`content` for the entries of one bulk write, which share their time, actor and address:
    those parts are written once, and an entry's text is the same as `content` gives."""
    stamp, actor, place = (json_scalar(v) for v in (timestamp(created_at), actor_id, address))
    prefix = f"[{stamp},{actor},"

    def made(action, target_type, target_id, society_id, summary, detail_json) -> str:
        return (
            f"{prefix}{json_scalar(action)},{json_scalar(target_type)},{json_scalar(target_id)},"
            f"{json_scalar(society_id)},{place},{json_scalar(summary)}]\n{detail_json}"
        )

    return made


def link(prev_hash: str, text: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def locked_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (call inside one)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is None:  # a new database (or one flushed by a test): start after the last entry
        last = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        last_id, last_hash = last if last else (0, anchor_hash())
        AuditChainHead.objects.get_or_create(
            pk=HEAD_PK, defaults={"last_id": last_id, "last_hash": last_hash}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
    return head


def anchor_hash() -> str:
    """The hash the first entry in the table follows."""
    last = AuditArchive.objects.order_by("-last_id").values_list("last_hash", flat=True).first()
    return last or GENESIS_HASH


def seal(entry: AuditEntry) -> AuditEntry:
    """Give a new entry its place in the chain and insert it (inside a transaction)."""
    with transaction.atomic(savepoint=False):  # no savepoint inside the caller's transaction
        head = locked_head()
        text = canonical_json(entry.detail)
        entry.detail = json.loads(text)  # stored as hashed (a whole float as an int)
        entry.prev_hash = head.last_hash
        entry.entry_hash = link(head.last_hash, entry_content(entry, text))
        entry.save(force_insert=True)
        head.last_hash, head.last_id = entry.entry_hash, entry.pk
        head.save(update_fields=["last_hash", "last_id"])
    return entry


def entry_content(entry: AuditEntry, detail_json: str) -> str:
    return content(
        entry.created_at,
        entry.actor_id,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.society_id,
        entry.address,
        entry.summary,
        detail_json,
    )


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold, and why (Chinese)."""

    entry_id: int | None
    position: int
    reason: str

    def __str__(self) -> str:
        where = f"第{self.position}条（ID {self.entry_id}）" if self.entry_id else "链尾"
        return f"{where}：{self.reason}"


# Rows as (id, prev_hash, entry_hash, *CONTENT_FIELDS with detail as a JSON value).
ROW_FIELDS = ("id", "prev_hash", "entry_hash", *CONTENT_FIELDS)


def walk(rows: Iterable[tuple], start: str) -> Iterator[tuple[int, str, Break | None]]:
    """(position, hash reached, first break or None) after each row, the chain starting at
    `start`; stops at the first break."""
    expected = start
    for position, (pk, prev_hash, entry_hash, *fields) in enumerate(rows, start=1):
        text = content(*fields[:-1], canonical_json(fields[-1]))
        if prev_hash != expected:
            reason = "与前一条的哈希不衔接：前面的记录被删除、插入或调换了顺序"
            yield position, expected, Break(pk, position, reason)
            return
        if link(prev_hash, text) != entry_hash:
            yield position, expected, Break(pk, position, "内容与哈希不符：该条记录被改动")
            return
        expected = entry_hash
        yield position, expected, None


@dataclass
class Verification:
    """The result of checking the chain: how many entries, the hash reached, the first break."""

    count: int
    last_hash: str
    broken: Break | None


def verify_rows(rows: Iterable[tuple], start: str, end: str | None) -> Verification:
    """Check `rows` (ROW_FIELDS, in id order) follow `start` and, if `end` is given, end at it."""
    count, reached = 0, start
    for count, reached, broken in walk(rows, start):  # noqa: B007
        if broken is not None:
            return Verification(count, reached, broken)
    if end is not None and reached != end:
        reason = "最后的记录缺失：链头记录的末条哈希与表中最后一条不符（末尾的记录被删除）"
        return Verification(count, reached, Break(None, count + 1, reason))
    return Verification(count, reached, None)


def verify_table(chunk_size: int = 5000) -> Verification:
    """Check every entry in the table, from the last archive's end to the chain head."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    entries = AuditEntry.objects.order_by("id")
    if head is not None:  # entries added after the head was read are the next run's
        entries = entries.filter(id__lte=head.last_id)
    rows = entries.values_list(*ROW_FIELDS).iterator(chunk_size=chunk_size)
    end = head.last_hash if head is not None else None
    return verify_rows(rows, anchor_hash(), end)
