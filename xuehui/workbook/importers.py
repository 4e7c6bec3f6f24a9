"""The yearly workbook as an import a worker can run (xuehui.imports.background)."""

from xuehui.access import society_for
from xuehui.imports.background import REPORT_ERRORS, register_importer
from xuehui.imports.kinds import register_preview

from .book import WorkbookRun
from .services import workbook_check, workbook_import

KIND = "workbook"  # the pending-upload kind (xuehui.imports.pending)


class WorkbookImport:
    """`run` checks (a dry run) or imports one workbook for one society; `report` is what
    the preview and result pages show of it."""

    progress = None

    def __init__(self, *, society, actor):
        self.society = society
        self.actor = actor

    def run(self, source, *, filename: str = "", dry_run: bool = False) -> WorkbookRun:
        arguments = {"source": source, "filename": filename, "society": self.society}
        if dry_run:
            return workbook_check(actor=self.actor, **arguments)
        return workbook_import(actor=self.actor, **arguments)

    def report(self, run: WorkbookRun) -> dict:
        errors = run.errors
        sheets = [
            {
                "title": sheet.title,
                "found_as": sheet.found_as,
                "rows": len(sheet.result.rows) if sheet.result is not None else 0,
                "summary": sheet.summary(),
                "error_count": len(sheet.errors),
            }
            for sheet in run.sheets
        ]
        return {
            "ok": run.ok,
            "rows": sum(sheet["rows"] for sheet in sheets),
            "errors": [str(error) for error in errors[:REPORT_ERRORS]],
            "error_count": len(errors),
            "warnings": list(run.warnings),
            "sheets": sheets,
            "summary": "；".join(f"{title}{text}" for title, text in run.summary().items()),
            "notes": [],
            "sample": [],
            "written": run.written,
        }


def _background_importer(user, params: dict) -> WorkbookImport:
    society = society_for(user, params.get("society"), edit=True)
    return WorkbookImport(society=society, actor=user)


register_importer(KIND, _background_importer)
register_preview(KIND, "workbook:preview")
