"""Reading a whole workbook: find its sheets, the society, validate every sheet, then write.

`WorkbookRun.check()` reads and validates everything and writes nothing; `write()` applies
every sheet in order (基本信息, 届次, 理事会成员, then the records) and must run inside the
caller's transaction (see services.workbook_import), so one problem anywhere writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from xuehui.governance.models import Term
from xuehui.lib.excel import Sheet, SpreadsheetError, read_workbook
from xuehui.lib.identifiers import normalize_uscc, validate_uscc
from xuehui.lib.importing import ImportOutcome, ParseResult, RowError, parse_table
from xuehui.lib.parsing import header_variants
from xuehui.societies.models import Society

from .sheets import ALL_SHEETS, IGNORED_SHEETS, BasicSheet, RosterSheet, TermSheet
from .sheets.basic import read_code
from .sheets.terms import stored_current_term


def _sheet_index() -> dict[str, type]:
    index = {}
    for sheet_class in ALL_SHEETS:
        for name in (sheet_class.title, *sheet_class.aliases):
            for key in header_variants(name):
                index.setdefault(key, sheet_class)
    return index


SHEET_INDEX = _sheet_index()
IGNORED_KEYS = frozenset(key for name in IGNORED_SHEETS for key in header_variants(name))


def _has_data(rows, columns) -> bool:
    """False for a sheet left as in the blank workbook: no cells, or a header and no rows."""
    if not any(any(cell is not None for cell in row) for row in rows):
        return False
    probe = parse_table(rows, columns)
    return not (probe.complete and not probe.rows)


_SHEET_SUFFIXES = ("备案表", "登记表", "信息表", "名册", "名单", "情况表", "统计表", "表")


def sheet_class_for(name: str):
    """The sheet a tab name stands for, also when an office names it …备案表, …名册 or …名单."""
    for key in header_variants(name):
        if key in SHEET_INDEX:
            return SHEET_INDEX[key]
        for suffix in _SHEET_SUFFIXES:
            if key.endswith(suffix) and key[: -len(suffix)] in SHEET_INDEX:
                return SHEET_INDEX[key[: -len(suffix)]]
    return None


@dataclass
class SheetRun:
    """One sheet of the workbook: whether the file has it, what was read and what was done."""

    title: str
    found_as: str = ""  # the sheet's name in the file
    rows: list = field(default_factory=list)
    result: ParseResult | None = None
    outcome: ImportOutcome | None = None
    importer: object = None

    @property
    def state(self) -> str:
        if not self.found_as:
            return "absent"
        if self.result is None or (self.result.complete and not self.result.rows):
            return "empty"
        return "read"

    @property
    def state_label(self) -> str:
        return {"absent": "文件中没有此表，不修改", "empty": "未填写，不修改", "read": ""}[
            self.state
        ]

    @property
    def errors(self) -> list[RowError]:
        return self.result.errors if self.result is not None else []

    def planned(self) -> ImportOutcome | None:
        """What applying this sheet will do, from the validated plans (before writing)."""
        if self.state != "read" or self.importer is None or not self.result.ok:
            return None
        if self.title == RosterSheet.title:
            return RosterSheet.planned_outcome(self.importer)
        if self.title == BasicSheet.title:
            return self.importer.planned_outcome(self.result)
        return self.importer.planned_outcome()

    def summary(self) -> str:
        outcome = self.outcome or self.planned()
        return outcome.summary() if outcome is not None else self.state_label


@dataclass
class WorkbookRun:
    """One workbook file: its society, its sheets, every problem, and what was written."""

    source: object
    filename: str = ""
    society: Society | None = None
    actor: object = None
    today: dt.date = field(default_factory=timezone.localdate)
    sheets: list[SheetRun] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def errors(self) -> list[RowError]:
        found = list(self.file_errors)
        for sheet in self.sheets:
            found.extend(sheet.errors)
        return found

    @property
    def ok(self) -> bool:
        return not self.errors

    def sheet(self, title: str) -> SheetRun:
        return next(s for s in self.sheets if s.title == title)

    # ------------------------------------------------------------ phase one

    def check(self) -> bool:
        """Read and validate every sheet; True when nothing is wrong. Writes nothing."""
        self.sheets = [SheetRun(sheet_class.title) for sheet_class in ALL_SHEETS]
        try:
            file_sheets = read_workbook(self.source, filename=self.filename)
        except SpreadsheetError as error:
            self.file_errors.append(RowError(0, "", str(error)))
            return False
        self._match(file_sheets)
        if not any(s.found_as for s in self.sheets):
            names = "、".join(sheet_class.title for sheet_class in ALL_SHEETS)
            self.file_errors.append(
                RowError(0, "", f"文件中没有可导入的工作表（工作表名称应为：{names}）")
            )
            return False
        if not self._find_society():
            return False
        self._validate()
        return self.ok

    def _match(self, file_sheets: list[Sheet]) -> None:
        runs = {run.title: run for run in self.sheets}
        for data in file_sheets:
            sheet_class = sheet_class_for(data.name)
            if sheet_class is None:
                if (
                    data.visible
                    and not data.is_empty
                    and not set(header_variants(data.name)) & IGNORED_KEYS
                ):
                    self.warnings.append(f"未识别的工作表「{data.name}」，已忽略")
                continue
            run = runs[sheet_class.title]
            if run.found_as:
                self.file_errors.append(
                    RowError(
                        0,
                        "",
                        f"工作表「{run.found_as}」和「{data.name}」都是「{run.title}」，请只保留一个",
                    )
                )
                continue
            run.found_as, run.rows = data.name, data.rows

    def _find_society(self) -> bool:
        basic = self.sheet(BasicSheet.title)
        code = read_code(basic.rows) if basic.found_as else None
        if self.society is not None:
            return True
        if not code:
            self.file_errors.append(
                RowError(
                    0, "", "无法确定学会：请在「基本信息」工作表填写统一社会信用代码，或指定学会"
                )
            )
            return False
        try:
            code = validate_uscc(code)
        except Exception as error:  # a ValidationError with the reason
            reason = "；".join(getattr(error, "messages", [str(error)]))
            self.file_errors.append(RowError(0, "统一社会信用代码", reason, basic.found_as))
            return False
        self.society = (
            Society.objects.select_related("federation").filter(uscc=normalize_uscc(code)).first()
        )
        if self.society is None:
            self.file_errors.append(
                RowError(
                    0,
                    "",
                    f"系统中没有统一社会信用代码为{code}的学会；请先在学会名录中登记该学会"
                    "（或用 xuehui import-societies 导入学会名录）",
                )
            )
            return False
        return True

    def _validate(self) -> None:
        current, stored = None, False
        for run in self.sheets:
            if run.title == RosterSheet.title:
                run.importer = self._roster_importer(run, current, stored)
            else:
                sheet_class = next(c for c in ALL_SHEETS if c.title == run.title)
                run.importer = sheet_class(society=self.society, actor=self.actor)
            if (
                run.found_as
                and run.importer is not None
                and _has_data(run.rows, run.importer.columns)
            ):
                run.result = run.importer.parse(run.rows, sheet=run.found_as)
            if run.title == TermSheet.title:
                current, stored = self._current_term(run)

    def _current_term(self, run: SheetRun) -> tuple[Term | None, bool]:
        """The term running today once 届次 is applied, and whether it is stored already."""
        if run.state == "read" and run.result.ok:
            term = run.importer.current_term(self.today)
            return term, bool(term is not None and term.pk)
        term = stored_current_term(self.society, self.today)
        return term, term is not None

    def _roster_importer(self, run: SheetRun, term: Term | None, stored: bool):
        if not run.found_as:
            return None
        if term is None:
            result = parse_table(run.rows, RosterSheet.columns, sheet=run.found_as)
            if result.rows:
                result.add_file_error(
                    f"无法确定当前届次：{self.today:%Y-%m-%d}没有正在运行的届次，"
                    "请在「届次」工作表填写当前届次"
                )
                run.result = result
            return None
        return RosterSheet.importer(
            society=self.society, term=term, stored=stored, actor=self.actor
        )

    # ------------------------------------------------------------ phase two

    def write(self) -> None:
        """Apply every sheet that has data; call inside a transaction, after `check()`."""
        for run in self.sheets:
            if run.state != "read" or run.importer is None:
                continue
            if run.title == RosterSheet.title and run.importer.term is None:
                run.importer.term = Term.objects.get(
                    society=self.society, number=run.importer.term_number
                )
            run.outcome = run.importer.write(run.result)
        self.written = True

    def summary(self) -> dict[str, str]:
        return {run.title: run.summary() for run in self.sheets if run.state == "read"}
