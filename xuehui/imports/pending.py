"""Uploaded files waiting for the user to confirm an import.

App servers stay stateless: the file goes to the default storage under `imports/` with a
random name and the session keeps only its key and the import's parameters. Preview and
confirm both read the file again and validate it again before anything is written.
"""

import datetime as dt
import io
import os
import secrets
from dataclasses import asdict, dataclass, field

from django.core.files.storage import default_storage
from django.http import Http404

from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.importing import Importer, ImportRun

from .claims import ImportClaimed, claim_message, claimed_for_token, import_claim

SESSION_KEY = "imports_pending"
STORAGE_PREFIX = "imports/"
MAX_PENDING = 5  # per session; the oldest is dropped (and its file deleted) beyond that


@dataclass
class Pending:
    """One upload awaiting confirmation: which import, which file, with which parameters."""

    token: str
    kind: str
    key: str
    filename: str
    params: dict = field(default_factory=dict)
    created: str = ""


def pending_store(request, *, kind: str, upload, params: dict) -> Pending:
    """Save the upload under a random name and remember it in the session."""
    extension = os.path.splitext(upload.name)[1].lower()
    name = f"{STORAGE_PREFIX}{secrets.token_hex(16)}{extension}"
    upload.seek(0)
    key = default_storage.save(name, upload)
    pending = Pending(
        token=secrets.token_urlsafe(12),
        kind=kind,
        key=key,
        filename=os.path.basename(upload.name),
        params=params,
        created=dt.datetime.now(dt.UTC).isoformat(),
    )
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[pending.token] = asdict(pending)
    while len(stored) > MAX_PENDING:
        oldest = min(stored, key=lambda token: stored[token]["created"])
        default_storage.delete(stored.pop(oldest)["key"])
    request.session[SESSION_KEY] = stored
    return pending


def pending_get(request, token: str) -> Pending:
    """The user's own pending import, else 404 (another user's token means nothing here)."""
    data = request.session.get(SESSION_KEY, {}).get(token)
    if data is None:
        claim = claimed_for_token(token=token, user=request.user)
        if claim is not None:
            raise ImportClaimed(claim_message(claim))
        raise Http404("该导入已完成、已取消或已过期，请重新上传")
    return Pending(**data)


def pending_discard(request, pending: Pending) -> None:
    default_storage.delete(pending.key)
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored.pop(pending.token, None)
    request.session[SESSION_KEY] = stored


def pending_read(pending: Pending) -> bytes:
    try:
        with default_storage.open(pending.key, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        raise SpreadsheetError("上传的文件已失效，请重新上传") from None


def pending_run(pending: Pending, importer: Importer, *, dry_run: bool) -> ImportRun:
    """Read the stored file again, validate every row, and write (or roll back a dry run).

    A write first claims the upload (see `claims`): of two confirms of the same file one
    writes and the other raises ImportClaimed.
    """
    data = pending_read(pending)
    if dry_run:
        return importer.run(io.BytesIO(data), filename=pending.filename, dry_run=True)
    with import_claim(pending=pending, user=importer.actor, data=data) as hold:
        run = importer.run(io.BytesIO(data), filename=pending.filename, dry_run=False)
        hold.succeeded = run.ok
    return run
