"""Writes to stored files: validate by content, store under a generated name, audit."""

import hashlib

from django.db import transaction

from xuehui.audit.services import audit_record

from .models import StoredFile
from .validation import clean_original_name, validate_upload

CHUNK = 1024 * 1024


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def file_store(*, upload, society, actor=None, purpose: str = "", allowed=None) -> StoredFile:
    """Validate `upload` by content and keep it for `society`; nothing is stored if it fails."""
    detected = validate_upload(upload, allowed=allowed)
    original = clean_original_name(upload.name)
    stored = StoredFile(
        society=society,
        original_name=original,
        size=upload.size,
        sha256=_sha256(upload),
        content_type=detected.content_type,
        kind=detected.key,
        purpose=purpose,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The generated storage name takes the detected type's extension, never the user's text.
    stored.file.save(f"upload.{detected.extension}", upload, save=False)
    try:
        with transaction.atomic():
            stored.full_clean()
            stored.save()
            audit_record(
                actor=actor,
                action="file_store",
                target=stored,
                society=society,
                summary=f"上传文件 {original}",
                detail={"sha256": stored.sha256, "size": stored.size, "purpose": purpose},
            )
    except Exception:
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


@transaction.atomic
def file_delete(*, stored_file: StoredFile, actor=None) -> None:
    """Remove the record; the stored bytes go once the transaction has committed."""
    name, storage = stored_file.file.name, stored_file.file.storage
    audit_record(
        actor=actor,
        action="file_delete",
        target=stored_file,
        society=stored_file.society,
        summary=f"删除文件 {stored_file.original_name}",
        detail={"sha256": stored_file.sha256},
    )
    stored_file.delete()
    transaction.on_commit(lambda: storage.delete(name))
