"""Writes to rule documents (制度)."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audit_change, audited_delete, stored_copy
from xuehui.core.record_files import record_save_with_upload
from xuehui.files.services import file_delete

from .models import RuleDocument

FILE_PURPOSE = "制度文件"


@transaction.atomic
def rule_document_save(*, document: RuleDocument, actor, upload=None) -> RuleDocument:
    """Add or change a rule document (fields set by the form or the workbook); `upload`, if
    given, is stored as its file and replaces the one it had."""
    require_edit(actor, document.society)
    old = stored_copy(document)
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
        action=f"rule_document_{'update' if old else 'create'}",
        society=document.society,
        summary=f"{'修改' if old else '新增'}制度 {document.name}",
    )
    return document


@transaction.atomic
def rule_document_delete(*, document: RuleDocument, actor) -> None:
    """Delete the document and its file."""
    require_edit(actor, document.society)
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
