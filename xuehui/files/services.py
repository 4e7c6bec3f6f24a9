"""Writes to stored files: validate by content, store under a generated name, audit."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from xuehui.audit.diff import record_values
from xuehui.audit.services import audit_change, audit_record
from xuehui.lib.bounds import over_limit_texts

from .models import StoredFile
from .selectors import bytes_used_by
from .validation import clean_original_name, validate_upload

CHUNK = 1024 * 1024


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def user_upload_quota() -> int:
    return int(getattr(settings, "XUEHUI_USER_UPLOAD_QUOTA_BYTES", 2 * 1024**3))


def check_upload_quota(*, user, size: int, lock: bool = False) -> None:
    """Refuse, in Chinese, an upload of `size` bytes that would take `user` past the quota.

    With `lock` (inside a transaction) the user's row is locked first, so two uploads at the
    same moment cannot both pass on the same figure."""
    if not getattr(user, "is_authenticated", False):
        return
    if lock:
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    quota, used = user_upload_quota(), bytes_used_by(user)
    if used + size > quota:
        used_text, quota_text = over_limit_texts(used + size, quota)
        raise ValidationError(
            f"上传空间不足：每位用户可保存的文件合计不超过 {quota_text}，您已使用 "
            f"{over_limit_texts(used, quota)[0]}，加上本文件将达到 {used_text}。"
            "请删除不再需要的文件后重试，或联系管理员",
            code="quota",
        )


def file_store(*, upload, society, actor=None, purpose: str = "", allowed=None) -> StoredFile:
    """Validate `upload` by content and keep it for `society`; nothing is stored if it fails
    (bad content, or the uploader's quota XUEHUI_USER_UPLOAD_QUOTA_BYTES would be exceeded)."""
    detected = validate_upload(upload, allowed=allowed)
    original = clean_original_name(upload.name)
    check_upload_quota(user=actor, size=upload.size)
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
            check_upload_quota(user=actor, size=upload.size, lock=True)
            stored.full_clean()
            stored.save()
            audit_change(
                obj=stored,
                old=None,
                actor=actor,
                action="file_store",
                society=society,
                summary=f"上传文件 {original}",
                extra={"sha256": stored.sha256, "size": stored.size, "purpose": purpose},
            )
    except Exception:
        if stored.file.name:
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
        detail={
            "operation": "delete",
            "old": record_values(stored_file),
            "sha256": stored_file.sha256,
        },
    )
    stored_file.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
