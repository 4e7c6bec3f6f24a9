"""Uploaded files waiting for the user to confirm an import.

App servers stay stateless: the file goes to the default storage under `imports/` with a
random name and a PendingImport row keeps its key, its owner and the import's parameters.
Preview and confirm both read the file again and validate it again before anything is
written. A user keeps at most XUEHUI_PENDING_IMPORTS_PER_USER uploads waiting (the oldest is
dropped, with its file, beyond that), however many times they sign in.
"""

import io
import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.http import Http404

from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.importing import Importer, ImportRun

from .claims import ImportClaimed, claim_message, claimed_for_token, import_claim
from .models import PendingImport

STORAGE_PREFIX = "imports/"


@dataclass
class Pending:
    """What a claim needs of an upload that is not a PendingImport (the member register)."""

    token: str
    kind: str
    key: str
    filename: str
    params: dict = field(default_factory=dict)
    created: str = ""


def pending_store(request, *, kind: str, upload, params: dict) -> PendingImport:
    """Save the upload under a random name and record it as the user's."""
    extension = os.path.splitext(upload.name)[1].lower()
    name = f"{STORAGE_PREFIX}{secrets.token_hex(16)}{extension}"
    upload.seek(0)
    key = default_storage.save(name, upload)
    pending = PendingImport.objects.create(
        token=secrets.token_urlsafe(12),
        user=request.user,
        kind=kind,
        key=key,
        filename=os.path.basename(upload.name)[:255],
        size=upload.size or 0,
        params=params,
    )
    limit = settings.XUEHUI_PENDING_IMPORTS_PER_USER
    for old in PendingImport.objects.filter(user=request.user).order_by("-created_at")[limit:]:
        pending_delete(old)
    return pending


def pending_tokens(user) -> list[str]:
    """The user's uploads waiting for confirmation, oldest first."""
    return list(
        PendingImport.objects.filter(user=user)
        .order_by("created_at")
        .values_list("token", flat=True)
    )


def pending_get(request, token: str) -> PendingImport:
    """The user's own pending import, else 404 (another user's token means nothing here)."""
    pending = PendingImport.objects.filter(token=token, user=request.user).first()
    if pending is None:
        claim = claimed_for_token(token=token, user=request.user)
        if claim is not None:
            raise ImportClaimed(claim_message(claim))
        raise Http404("该导入已完成、已取消或已过期，请重新上传")
    return pending


def pending_delete(pending: PendingImport) -> None:
    """Forget the upload and delete its file."""
    default_storage.delete(pending.key)
    PendingImport.objects.filter(pk=pending.pk).delete()


def pending_discard(request, pending: PendingImport) -> None:
    pending_delete(pending)


def pending_read(pending) -> bytes:
    try:
        with default_storage.open(pending.key, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        raise SpreadsheetError("上传的文件已失效，请重新上传") from None


def outcome_record(run: ImportRun, **links) -> dict:
    """What the done page shows of a written import (kept with its claim)."""
    outcome = run.outcome
    assert outcome is not None
    return {
        "rows": len(run.result.rows),
        "summary": outcome.summary(),
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "removed": outcome.removed,
        "notes": outcome.notes,
        **links,
    }


def pending_run(
    pending, importer: Importer, *, dry_run: bool, links: dict | None = None
) -> ImportRun:
    """Read the stored file again, validate every row, and write (or roll back a dry run).

    A write first claims the upload (see `claims`): of two confirms of the same file one
    writes and the other raises ImportClaimed.
    """
    try:
        data = pending_read(pending)
    except SpreadsheetError:
        # Another confirm of the same upload imported it and deleted the file meanwhile.
        claim = claimed_for_token(token=pending.token, user=importer.actor)
        if claim is not None:
            raise ImportClaimed(claim_message(claim)) from None
        raise
    if dry_run:
        return importer.run(io.BytesIO(data), filename=pending.filename, dry_run=True)
    with import_claim(pending=pending, user=importer.actor, data=data) as hold:
        run = importer.run(io.BytesIO(data), filename=pending.filename, dry_run=False)
        hold.succeeded = run.ok
        if run.ok and links is not None:  # a done page will read it (the web confirm)
            hold.outcome = outcome_record(run, filename=pending.filename, **links)
    return run


def pending_bytes_of(user) -> int:
    """The bytes of the user's uploads waiting for a confirm (they count against the quota)."""
    return PendingImport.objects.filter(user=user).aggregate(total=Sum("size"))["total"] or 0
