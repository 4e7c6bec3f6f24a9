"""Writes to rule documents (制度)."""

from django.db import transaction

from xuehui.audit.services import audit_change, audited_delete, stored_copy
from xuehui.core.record_files import record_save_with_upload
from xuehui.files.services import file_delete

from .models import RuleDocument

FILE_PURPOSE = "制度文件"


@transaction.atomic
def rule_document_create(*, society, actor=None, upload=None, **fields) -> RuleDocument:
    """Record a rule document; `upload`, if given, is stored as its file."""
    document = RuleDocument(society=society, **fields)
    record_save_with_upload(
        document, field="file", upload=upload, society=society, actor=actor, purpose=FILE_PURPOSE
    )
    audit_change(
        obj=document,
        old=None,
        actor=actor,
        action="rule_document_create",
        society=society,
        summary=f"新增制度 {document.name}",
    )
    return document


@transaction.atomic
def rule_document_update(
    *, document: RuleDocument, actor=None, upload=None, **fields
) -> RuleDocument:
    """Change the given fields; a new `upload` replaces the document's file."""
    old = stored_copy(document)
    for name, value in fields.items():
        setattr(document, name, value)
    record_save_with_upload(
        document,
        field="file",
        upload=upload,
        society=document.society,
        actor=actor,
        purpose=FILE_PURPOSE,
    )
    audit_change(
        obj=document,
        old=old,
        actor=actor,
        action="rule_document_update",
        society=document.society,
        summary=f"修改制度 {document.name}",
    )
    return document


@transaction.atomic
def rule_document_delete(*, document: RuleDocument, actor=None) -> None:
    """Delete the document and its file."""
    stored = document.file
    audited_delete(
        document,
        actor=actor,
        action="rule_document_delete",
        society=document.society,
        summary=f"删除制度 {document.name}",
    )
    if stored is not None:
        file_delete(stored_file=stored, actor=actor)
