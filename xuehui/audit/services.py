import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone

from xuehui.lib.bulk import bulk_insert

from .chain import (
    CONTENT_FIELDS,
    canonical_json,
    content_maker,
    json_scalar,
    link,
    locked_head,
    seal,
)
from .context import current_address
from .diff import changed_values, created_json_maker, created_values_of, record_values
from .models import AuditEntry
from .signals import records_written

ModelT = TypeVar("ModelT", bound=models.Model)


def acting_user(actor):
    """The user behind a write, or None for the command line and the system (`actor` may be an
    AnonymousUser or None)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    society=None,
    summary: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Leave the audit record every service write owes; `actor` None means the command line.
    The entry records the client address of the request being served (audit.context) and
    takes its place in the hash chain (audit.chain)."""
    entry = seal(
        AuditEntry(
            actor=acting_user(actor),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            society=society,
            address=current_address(),
            summary=summary[:500],
            detail=detail or {},
        )
    )
    records_written.send(
        sender=AuditEntry,
        entries=[(_society_id(society), entry.target_type, entry.target_id, action)],
    )
    return entry


def stored_copy(obj: ModelT) -> ModelT | None:
    """The record as the database holds it now (None for a record not yet saved): taken
    before a write, it is the `old` of `audit_change`."""
    if obj.pk is None or obj._state.adding:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def audit_change(
    *,
    obj: models.Model,
    old: models.Model | dict | None,
    actor,
    action: str,
    society,
    summary: str,
    extra: dict | None = None,
) -> AuditEntry:
    """The audit record of a write already done: the old and new value of every changed
    field (`old` from `stored_copy`, None for a new record), with `extra` added to the detail."""
    detail = {
        "operation": "update" if old is not None else "create",
        "changes": changed_values(old, obj),
        **(extra or {}),
    }
    return audit_record(
        actor=actor, action=action, target=obj, society=society, summary=summary, detail=detail
    )


def audited_save(obj: ModelT, *, actor, action: str, society, summary: str) -> ModelT:
    """Validate and save a record, then leave its audit record with the old and new value of
    every changed field (`detail["changes"]`, personal fields masked; see audit/diff.py)."""
    obj.full_clean()
    old = stored_copy(obj)
    obj.save()
    audit_change(obj=obj, old=old, actor=actor, action=action, society=society, summary=summary)
    return obj


def audited_record_save(obj: ModelT, *, actor, action: str, what: str, society=None) -> ModelT:
    """Add or change a record whose fields the caller (a form, an import) has set: audited as
    `<action>_create` «新增<what>» or `<action>_update` «修改<what>»."""
    adding = obj._state.adding
    return audited_save(
        obj,
        actor=actor,
        action=f"{action}_{'create' if adding else 'update'}",
        society=society if society is not None else obj.society,  # type: ignore[attr-defined]
        summary=f"{'新增' if adding else '修改'}{what}",
    )


def audited_bulk_create(
    records: Sequence[ModelT], *, actor, action: str, what: Callable[[ModelT], str], society
) -> list[ModelT]:
    """Add many validated records of one model in one insert (`lib.bulk.bulk_insert`), each
    audited as `audited_record_save` audits an addition (`<action>_create` «新增<what>»);
    the records get their keys. All or none, in the caller's transaction."""
    if not records:
        return []
    model = type(records[0])
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]
    rows = ([getattr(record, name) for name in fields] for record in records)
    for record, pk in zip(
        records, bulk_insert(model, fields, rows, returning_ids=True), strict=True
    ):
        record.pk = pk
        record._state.adding, record._state.db = False, DEFAULT_DB_ALIAS
    batch = AuditBatch(actor=actor, source=None)
    for record in records:
        batch.created(
            record, action=f"{action}_create", society=society, summary=f"新增{what(record)}"
        )
    batch.save()
    return list(records)


def audited_delete(obj: models.Model, *, actor, action: str, society, summary: str) -> None:
    """Leave the audit record of a record with its full old values (while it still has its
    key), then delete it."""
    detail = {"operation": "delete", "old": record_values(obj)}
    audit_record(
        actor=actor, action=action, target=obj, society=society, summary=summary, detail=detail
    )
    obj.delete()


class AuditBatch:
    """The audit records of a bulk write (an import), one per record created, updated or
    removed, with the same detail `audited_save`/`audited_delete` leave, inserted by `save()`
    in one bulk insert.

    `source` (the import's action) goes into every record's detail, so an entry says it came
    from an import. The rows are inserted as plain values with `xuehui.lib.bulk.bulk_insert`
    (COPY on PostgreSQL) rather than through bulk_create: for a 100,000-row member import,
    bulk_create's per-value preparation took 2.9 s of CPU against 1.1 s for multi-row INSERTs.
    """

    # The hashed content, then the links (created_at: the time of save(), the same for every
    # record of the batch).
    COLUMNS = (*CONTENT_FIELDS, "prev_hash", "entry_hash")

    def __init__(self, *, actor, source: str | None):
        actor = acting_user(actor)
        self.actor_id = actor.pk if actor is not None else None
        self.source = source
        self.rows: list[tuple] = []
        self.parts: list[Iterable[tuple]] = []  # earlier rows, and rows save() makes as it goes

    def created(self, obj: models.Model, *, action: str, society, summary: str = "") -> None:
        self._add(obj, action, society, summary, "create", changed_values(None, obj))

    def created_each(
        self,
        model: type[models.Model],
        records: Iterable[tuple[int, Mapping | Sequence, str]],
        *,
        action: str,
        society,
        fields: Sequence[str] | None = None,
    ) -> None:
        """The entries of new records of `model` given as (pk, values by attname, summary),
        or, with `fields`, as (pk, values in the order of `fields`, summary): the same as
        `created` leaves for each. `records` is read only by `save()`, one entry at a time, so
        a bulk import never holds its 100,000 entries at once. Reading it must not query the
        database (see lib/bulk.py)."""
        label = model._meta.label_lower
        society_id = _society_id(society)
        if fields is not None:  # the detail's text written straight from the row (see _row)
            changes = created_json_maker(model, fields)
            head = '{"changes":'
            tail = ',"operation":"create"' + (
                f',"source":{json_scalar(self.source)}}}' if self.source is not None else "}"
            )

            def rows():
                for pk, values, summary in records:
                    detail = f"{head}{changes(cast(Sequence, values))}{tail}"
                    yield (action, label, str(pk), society_id, str(summary)[:500], detail)

        else:

            def rows():
                for pk, values, summary in records:
                    created = created_values_of(model, cast(Mapping, values))
                    yield self._row(action, label, pk, society_id, summary, "create", created)

        self.parts += [self.rows, rows()]
        self.rows = []

    def updated(
        self, obj: models.Model, *, old: models.Model | dict, action: str, society, summary=""
    ) -> None:
        """`old` is the record before the change (a copy, or a dict of the changed fields'
        old values by attname; see audit.diff.changed_values)."""
        self._add(obj, action, society, summary, "update", changed_values(old, obj))

    def deleted(self, obj: models.Model, *, action: str, society, summary: str = "") -> None:
        """Call before the record is deleted, while it has its key."""
        self._add(obj, action, society, summary, "delete", None, old=record_values(obj))

    def entry(
        self, target: models.Model, *, action: str, society, summary: str, detail: dict
    ) -> None:
        """An entry with the caller's own detail (a role granted by an import)."""
        if self.source is not None:
            detail = {**detail, "source": self.source}
        row = (action, target._meta.label_lower, str(target.pk), _society_id(society))
        self.rows.append((*row, str(summary)[:500], canonical_json(detail)))

    def _add(self, obj, action, society, summary, operation, changes, old=None) -> None:
        label, society_id = obj._meta.label_lower, _society_id(society)
        self.rows.append(
            self._row(action, label, obj.pk, society_id, summary, operation, changes, old)
        )

    def _row(self, action, label, pk, society_id, summary, operation, changes, old=None):
        detail: dict = {"operation": operation}
        if self.source is not None:  # None: the entries a service leaves for each record
            detail["source"] = self.source
        if changes is not None:
            detail["changes"] = changes
        if old is not None:
            detail["old"] = old
        # Kept as JSON text: 100,000 nested dicts waiting for the INSERT would make every
        # full garbage collection of the import walk them (measured: +1.5 s of CPU). The
        # canonical text is the one the chain hashes (audit.chain), and valid JSON to store.
        return (
            action,
            label,
            str(pk) if pk is not None else "",
            society_id,
            str(summary)[:500],
            canonical_json(detail),
        )

    def __len__(self) -> int:
        return len(self.rows)

    def save(self) -> int:
        """Insert the collected records (in the caller's transaction); returns how many.
        Each is chained to the one before while the rows stream, under the chain head's lock
        (one query to take it, one to move it), so a bulk import asks nothing per row."""
        actor_id, count, written = self.actor_id, 0, set()
        rows = itertools.chain(*self.parts, self.rows)
        self.rows, self.parts = [], []
        now, address = timezone.now(), current_address()
        text = content_maker(now, actor_id, address)  # `content`, the shared parts made once
        with transaction.atomic(savepoint=False):
            head = locked_head()
            prev = head.last_hash

            def entries():
                nonlocal count, prev
                for action, label, pk, society_id, summary, detail in rows:
                    count += 1
                    written.add((society_id, label, "", action))  # one per society, kind, action
                    entry_hash = link(prev, text(action, label, pk, society_id, summary, detail))
                    yield (
                        now,
                        actor_id,
                        action,
                        label,
                        pk,
                        society_id,
                        address,
                        summary,
                        detail,
                        prev,
                        entry_hash,
                    )
                    prev = entry_hash

            bulk_insert(AuditEntry, self.COLUMNS, entries())
            if count:  # under the lock, the largest id is the last entry just inserted
                head.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True)[0]
                head.last_hash = prev
                head.save(update_fields=["last_hash", "last_id"])
        if written:
            records_written.send(sender=AuditEntry, entries=sorted(written, key=str))
        return count


def _society_id(society) -> int | None:
    if society is None or isinstance(society, int):
        return society
    return society.pk


def audit_export(
    *,
    actor,
    what: str,
    rows: int | None,
    society=None,
    fmt: str = "xlsx",
    reason: str | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """The audit record every export owes: who exported what, for which society, how many rows,
    in which format (`rows` None for a document, which has none). A masked export (`reason`
    None) is a plain `export`; one holding full ID numbers or phones is `export_unmasked` and
    states its reason (ValidationError without one, as `clean_reason` says)."""
    recorded = {"what": what, "rows": rows, "format": fmt, "masked": reason is None}
    notes = [] if rows is None else [f"{rows}行"]
    action = "export"
    if reason is not None:
        recorded["reason"] = reason = clean_reason(reason)
        notes = ["未脱敏", *notes, f"事由：{reason}"]
        action = "export_unmasked"
    summary = f"导出{what}（{'，'.join(notes)}）" if notes else f"导出{what}"
    return audit_record(
        actor=actor,
        action=action,
        society=society,
        summary=summary,
        detail={**recorded, **(detail or {})},
    )


MIN_REASON_LENGTH = 4
REASON_MISSING = f"请填写事由（至少{MIN_REASON_LENGTH}个字）"


def clean_reason(reason: str) -> str:
    """The reason an unmasking or an anonymisation must give (ValidationError if missing)."""
    from django.core.exceptions import ValidationError

    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(REASON_MISSING, code="reason")
    return reason[:200]


def audit_unmask(
    *,
    actor,
    target: models.Model,
    society,
    what: str,
    reason: str,
    fields: tuple[str, ...] = ("id_number", "phone"),
) -> AuditEntry:
    """The audit record of showing someone's full ID number and phone (「显示完整号码」):
    who, whose, which fields and why; refused (ValidationError) without a reason."""
    reason = clean_reason(reason)
    return audit_record(
        actor=actor,
        action="unmask",
        target=target,
        society=society,
        summary=f"显示完整号码：{what}（事由：{reason}）",
        detail={"reason": reason, "fields": list(fields)},
    )
