"""Writes of the yearly data workbook: import one file, all or nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from xuehui.audit.services import audit_export, audit_record
from xuehui.governance.selectors import roster_people
from xuehui.lib.importing import CHANGED_MEANWHILE, ImportRefused, RowError, error_text

from .book import WorkbookRun
from .sheets.terms import stored_current_term


def workbook_check(
    *, source, filename: str = "", society=None, actor=None, today=None
) -> WorkbookRun:
    """Read and validate a workbook without writing (for the preview)."""
    run = WorkbookRun(source, filename=filename, society=society, actor=actor)
    if today is not None:
        run.today = today
    run.check()
    return run


def workbook_import(
    *, source, filename: str = "", society=None, actor=None, dry_run: bool = False, today=None
) -> WorkbookRun:
    """Validate the whole workbook, then apply every sheet in one transaction, or nothing.

    With `dry_run` everything is written and rolled back, so the outcome says what would
    change. Problems found while writing (another user changed the data meanwhile) roll
    everything back and are reported like validation problems.
    """
    run = workbook_check(
        source=source, filename=filename, society=society, actor=actor, today=today
    )
    if not run.ok:
        return run
    run.dry_run = dry_run
    try:
        with transaction.atomic():
            run.write()
            audit_record(
                actor=actor,
                action="workbook_import",
                target=run.society,
                society=run.society,
                summary=f"导入信息填报工作簿 {filename}："
                + "；".join(f"{k}{v}" for k, v in run.summary().items()),
                detail={"file": filename, "sheets": run.summary(), "dry_run": dry_run},
            )
            if dry_run:
                transaction.set_rollback(True)
    except (ValidationError, ImportRefused, IntegrityError) as error:
        run.written = False
        if isinstance(error, ImportRefused):
            messages = error.errors
        elif isinstance(error, IntegrityError):
            messages = [RowError(0, "", CHANGED_MEANWHILE)]
        else:
            messages = [RowError(0, "", error_text(error))]
        run.file_errors.extend(messages)
        for sheet in run.sheets:
            sheet.outcome = None
    return run


def workbook_export_audit(*, actor, society, reason: str | None = None, today=None) -> None:
    """Audit a workbook export: masked (`reason` None), or with full ID and phone numbers in
    理事会成员 for the reason given (ValidationError without one). Its rows are the people of
    that sheet (the current term's roster), the one holding personal numbers."""
    today = today or timezone.localdate()
    term = stored_current_term(society, today)
    audit_export(
        actor=actor,
        what=f"{society.name}信息填报工作簿",
        rows=roster_people(term) if term is not None else 0,
        society=society,
        fmt="xlsx",
        reason=reason,
        detail={"term": term.pk if term is not None else None},
    )
