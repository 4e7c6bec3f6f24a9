"""A small declarative framework for importing spreadsheets in two phases.

Phase one reads and validates every row and collects every problem as
`第N行 「列名」：原因` (N is the row number the user sees in Excel); phase two writes, in
one transaction, and only when phase one found nothing wrong.

    class SocietyImporter(Importer):
        columns = (
            Column("name", "学会名称", required=True),
            Column("uscc", "统一社会信用代码", aliases=("信用代码",), required=True,
                   parser=validate_uscc),
        )

        def validate(self, result):      # cross-row checks and database look-ups
            ...

        def write(self, result):         # runs inside transaction.atomic
            ...
            return outcome

    run = SocietyImporter().run("名录.xlsx", dry_run=False)
    run.ok, run.errors, run.outcome

Tolerance lives in `find_header` (title rows above the header, 序号 columns, header
variants) and in the parsers of `xuehui.lib.parsing`; strictness in the importers.
For a workbook of several sheets, parse each sheet with `sheet=` set: errors then read
`「工作表」第N行 「列名」：原因`.
"""

import datetime as dt
import gc
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .excel import stream_sheet
from .identifiers import parse_id_number
from .parsing import (
    AmbiguousDate,
    cell_text,
    header_variants,
    is_blank,
    normalize_header,
    parse_bool_note,
    parse_text,
)

HEADER_SEARCH_ROWS = 10
IGNORED_HEADERS = frozenset({"序号", "编号", "顺序号", "no", "no.", "#"})
EXAMPLE_MARKS = frozenset({"示例", "例", "样例", "填写示例"})
_NOTE_PREFIXES = ("注", "说明", "备注", "填表", "制表", "审核", "负责人", "合计", "总计")


def error_text(error: Exception) -> str:
    """The Chinese reason carried by a ValueError or a ValidationError."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or "格式不正确"


@dataclass(frozen=True)
class Column:
    """One column an import understands: its key, Chinese name, header variants and parser.

    The parser receives the raw cell (blank cells too, so it can return its own empty value)
    and returns the value or raises ValueError/ValidationError with a Chinese reason.
    `example`, `choices` and `note` serve the blank template.
    """

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parser: Callable[[Any], Any] = parse_text
    example: Any = None
    choices: tuple[str, ...] = ()
    note: str = ""
    # Headers that mean this column only when the file has no better one for it: 职务 is the
    # 学会职务 of a 负责人备案表 without a 学会职务 column, else the person's post at work.
    fallback_aliases: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        keys: set[str] = set()
        for text in (self.name, *self.aliases):
            keys.update(header_variants(text))
        return keys

    def fallback_keys(self) -> set[str]:
        return {key for text in self.fallback_aliases for key in header_variants(text)}


@dataclass(frozen=True)
class RowError:
    """A problem found in a file: where (sheet, Excel row, column) and why, in Chinese."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        text = f"「{self.sheet}」" if self.sheet else ""
        if self.row:
            text += f"第{self.row}行"
        if self.column:
            text += f" 「{self.column}」" if self.row else f"「{self.column}」"
        return f"{text}：{self.message}" if text else self.message


NO_CHANGES: Mapping[str, str] = MappingProxyType({})


@dataclass(slots=True)
class ParsedRow:
    """One data row: its Excel row number, parsed values, display text and errors by column.

    `errors[""]` holds a problem of the row as a whole; `note` says what the import will do
    with the row (新增 / 更新 / 无变化), for the preview. The display text (`cells`) is made
    from the cells as read (`raw`, by the column keys `keys`) when first asked for: a preview
    shows some rows, the errors name some, and a 100,000-row import needs it for no other.
    """

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    note: str = ""
    sheet: str = ""  # set when one import reads several sheets (rows then name their sheet)
    # column key → the value it replaces; `record_changes` gives a row its own dict (most rows
    # of a large import are new and change nothing: they share one empty, read-only mapping)
    changes: Mapping[str, str] = field(default_factory=lambda: NO_CHANGES)
    keys: tuple[str, ...] = ()  # the columns the file has, in the order of `raw`
    raw: tuple = ()  # their cells as read
    _cells: dict[str, str] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def cells(self) -> dict[str, str]:
        """The text of each cell of the row by column key, as the preview shows it."""
        if self._cells is None:
            self._cells = {
                key: display_text(raw) for key, raw in zip(self.keys, self.raw, strict=True)
            }
        return self._cells

    def cell(self, key: str) -> str:
        """The text of one cell ('' for a column the file lacks), without the others'."""
        if self._cells is not None:
            return self._cells.get(key, "")
        try:
            return display_text(self.raw[self.keys.index(key)])
        except ValueError:
            return ""

    def add_error(self, key: str, message: str) -> None:
        if message in self.errors.get(key, "").split("；"):
            return
        self.errors[key] = f"{self.errors[key]}；{message}" if key in self.errors else message


def display_text(raw: object) -> str:
    """A cell as the preview shows it: text trimmed, other values by `cell_text`."""
    return raw.strip() if type(raw) is str else cell_text(raw)


@dataclass
class ParseResult:
    """Everything phase one learned about one sheet."""

    columns: tuple[Column, ...]
    sheet: str = ""
    header_row: int | None = None  # Excel row number of the header
    found: list[Column] = field(default_factory=list)  # columns present, in file order
    rows: list[ParsedRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def has(self, key: str) -> bool:
        """Whether the file has this column (an absent column should leave data alone)."""
        return any(column.key == key for column in self.found)

    @property
    def complete(self) -> bool:
        """The header was found and every required column is present."""
        return self.header_row is not None and not self.file_errors

    def add_error(self, row: ParsedRow, key: str, message: str) -> None:
        row.add_error(key, message)

    def add_file_error(self, message: str, *, column: str = "", row: int = 0) -> None:
        self.file_errors.append(RowError(row, column, message, self.sheet))

    @property
    def errors(self) -> list[RowError]:
        order = {column.key: i for i, column in enumerate(self.columns)}
        found: list[RowError] = list(self.file_errors)
        for row in self.rows:
            for key in sorted(row.errors, key=lambda k: order.get(k, -1)):
                name = self.column(key).name if key in order else ""
                found.append(RowError(row.number, name, row.errors[key], row.sheet or self.sheet))
        return found

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(row.ok for row in self.rows)

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if not row.ok)


@dataclass
class ImportOutcome:
    """What the write phase did, for the command's output and the page after confirming."""

    noun: str = "条"
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"新增{len(self.created)}{self.noun}", f"更新{len(self.updated)}{self.noun}"]
        parts.append(f"未变化{len(self.unchanged)}{self.noun}")
        if self.removed:
            parts.append(f"删除{len(self.removed)}{self.noun}")
        return "，".join(parts)


class ImportRefused(Exception):
    """Raised when the write phase is asked to run on a file with errors."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportRun:
    """The outcome of `Importer.run`: the parse result and, if written (or dry-run), the outcome."""

    result: ParseResult
    outcome: ImportOutcome | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> list[RowError]:
        return self.result.errors


# ---------------------------------------------------------------- phase one


def _header_index(columns: Iterable[Column]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in columns:
        for key in column.header_keys():
            index.setdefault(key, column)
    return index


def _match(index: dict[str, Column], cell: object) -> Column | None:
    if is_blank(cell) or not isinstance(cell, str):
        return None
    for variant in header_variants(cell):
        if variant in index:
            return index[variant]
    return None


def find_header(
    rows: Sequence[Sequence], columns: Sequence[Column], *, search_rows: int = HEADER_SEARCH_ROWS
) -> tuple[int | None, dict[int, Column]]:
    """The index of the header row among the first rows, and which cell is which column.

    The header is the row matching the most distinct columns (title rows above it match
    none); it must match at least two, or the only column when there is one. A two-level
    header (学历学位 merged over 全日制教育 / 在职教育) is read as one: the index is then that
    of its lower row, and a lower cell no column knows takes the meaning of the cell above.
    """
    index = _header_index(columns)
    best_row: int | None = None
    best_map: dict[int, Column] = {}
    for r, row in enumerate(rows[:search_rows]):
        candidates = [(r, _map_header([[cell] for cell in row], index, columns))]
        if r + 1 < len(rows) and _spans_columns(row, rows[r + 1]):
            texts = [_two_level(row, rows[r + 1], c) for c in range(len(rows[r + 1]))]
            candidates.append((r + 1, _map_header(texts, index, columns)))
        for header, mapping in candidates:
            if len(mapping) > len(best_map):
                best_row, best_map = header, mapping
    if len(best_map) < min(2, len(columns)):
        return None, {}
    return best_row, best_map


def _map_header(
    texts: Sequence[Sequence], index: dict[str, Column], columns: Sequence[Column]
) -> dict[int, Column]:
    """Which column each header cell is: each cell offers texts, best first; fallback aliases
    go to columns still missing once every cell has been matched (required columns first)."""
    mapping: dict[int, Column] = {}
    for c, offers in enumerate(texts):
        for text in offers:
            column = _match(index, text) or _compound_column(index, text)
            if column is not None and column not in mapping.values():
                mapping[c] = column
                break
    for column in sorted(columns, key=lambda column: not column.required):
        if column in mapping.values() or not column.fallback_aliases:
            continue
        keys = column.fallback_keys()
        for c, offers in enumerate(texts):
            if c not in mapping and any(
                variant in keys
                for text in offers
                if isinstance(text, str)
                for variant in header_variants(text)
            ):
                mapping[c] = column
                break
    return mapping


def _spans_columns(upper: Sequence, lower: Sequence) -> bool:
    """Whether `upper` has a cell merged over several cells of `lower` that differ."""
    for c in range(min(len(upper), len(lower)) - 1):
        if (
            isinstance(upper[c], str)
            and not is_blank(upper[c])
            and upper[c] == upper[c + 1]
            and lower[c] != lower[c + 1]
            and not is_blank(lower[c])
        ):
            return True
    return False


def _two_level(upper: Sequence, lower: Sequence, c: int) -> list:
    """What the cell in column c of a two-level header may mean, best first."""
    below = lower[c]
    above = upper[c] if c < len(upper) else None
    if is_blank(above) or above == below:
        return [below]
    if is_blank(below):
        return [above]
    return [below, f"{cell_text(above)}{cell_text(below)}", above]


def _is_note_row(row: Sequence) -> bool:
    """A note under the table (注：…, 填表人：…, 合计) or a template's example row (示例 first)."""
    first = next((cell for cell in row if not is_blank(cell)), None)
    if type(first) is not str:
        return False
    text = cell_text(first)
    if text in EXAMPLE_MARKS:
        return True
    if not text.startswith(_NOTE_PREFIXES):
        return False
    filled = sum(1 for cell in row if not is_blank(cell))
    return filled == 1 or ":" in text or "：" in text


# Text offices put under a table: signature lines, 盖章, the date to fill in, numbered notes.
_SIGNATURE_MARKS = ("签字", "签名", "盖章", "签章")
_FOOTER_STARTS = (*_NOTE_PREFIXES, "经办人", "联系人", "制表", "填表人", "法定代表人", "单位负责人")
_DATE_BLANK = re.compile(r"^(\d{4})?年月日$")
_NUMBERED_NOTE = re.compile(r"^\(?\d{1,2}[.、．)）]\D")


def _is_footer_text(text: str) -> bool:
    squeezed = "".join(text.split()).replace("（", "(").replace("）", ")")
    if _DATE_BLANK.match(squeezed) or any(mark in squeezed for mark in _SIGNATURE_MARKS):
        return True
    if squeezed.startswith(_FOOTER_STARTS) and len(squeezed) > 2:
        return ":" in squeezed or "：" in squeezed or "(" in squeezed or len(squeezed) > 12
    return bool(_NUMBERED_NOTE.match(squeezed)) and len(squeezed) >= 6


def _texts(row: Sequence) -> list[str]:
    """The distinct non-blank texts of a row (a merged note repeats in every cell)."""
    seen: list[str] = []
    for cell in row:
        if not is_blank(cell):
            text = cell_text(cell)
            if text not in seen:
                seen.append(text)
    return seen


def _is_footer_row(row: Sequence, *, in_footer: bool) -> bool:
    """A signature line, a 注/说明 line or a numbered note below the table; once inside the
    footer, a longer line of one text (a note continued on a merged row) belongs to it too."""
    first = next((cell for cell in row if cell is not None), None)
    if type(first) is not str or not (in_footer or _is_footer_text(first)):
        return False
    if any(type(cell) is not str for cell in row if cell is not None):
        return False
    texts = _texts(row)
    if in_footer and len(texts) == 1 and (len(texts[0]) > 8 or _is_footer_text(texts[0])):
        return True
    return (
        0 < len(texts) <= 4
        and _is_footer_text(texts[0])
        and all(_is_footer_text(t) or len(t) <= 12 for t in texts)
    )


def footer_warning(numbers: Sequence[int]) -> str:
    """«表格下方的说明、签字行已忽略（第N–M行）» for the Excel rows skipped under a table."""
    first, last = numbers[0], numbers[-1]
    where = f"第{first}行" if first == last else f"第{first}–{last}行"
    return f"表格下方的说明、签字行已忽略（{where}）"


def parse_table(
    rows: Iterable[Sequence],
    columns: Sequence[Column],
    *,
    sheet: str = "",
    search_rows: int = HEADER_SEARCH_ROWS,
    tick: Callable[[int], None] | None = None,
) -> ParseResult:
    """Find the header, map every data row to a dict by column key, parse and collect errors.

    `rows` may be an iterator (`excel.stream_sheet`): only the rows the header is looked for
    in are held, the others are parsed as they come."""
    result = ParseResult(columns=tuple(columns), sheet=sheet)
    rest = iter(rows)
    head = list(itertools.islice(rest, search_rows + 1))  # find_header looks one row further
    header, mapping = find_header(head, columns, search_rows=search_rows)
    if header is None:
        names = "」「".join(c.name for c in columns if c.required) or columns[0].name
        result.add_file_error(f"未找到表头：前{search_rows}行中没有「{names}」等列名")
        return result
    data: Iterable[Sequence] = itertools.chain(head[header + 1 :], rest)
    if any(_compound_header(cell) for cell in head[header]):
        # Every row is split, as wide as the widest row: the whole table is read first.
        whole, mapping = _split_compound([*head, *rest], header, mapping, columns, result)
        data = whole[header + 1 :]
    result.header_row = header + 1
    result.found = [mapping[c] for c in sorted(mapping)]
    _check_header(result, head[header], mapping)
    absent = [column for column in columns if column not in result.found]
    footer: list[int] = []
    result.rows = _parse_rows(data, header + 1, mapping, absent, tick, footer)
    if footer:
        result.warnings.append(footer_warning(footer))
    return result


# ---------------------------------------------------------------- compound headers

_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}[-－—]?\d{7,8}(?:[-－转]\d{1,6})?")


def _split_post(text: str) -> tuple[str, str]:
    """ "武汉大学 教授" → ("武汉大学", "教授"); a cell without a space stays whole in the first."""
    parts = text.replace("\u3000", " ").split()
    if len(parts) < 2:
        return text.strip(), ""
    return " ".join(parts[:-1]), parts[-1]


def _split_phone(text: str) -> tuple[str, str]:
    """ "武汉市洪山区珞喻路1号 13912345678" → (the address, the phone number)."""
    found = _PHONE.search(text)
    if found is None:
        return text.strip(), ""
    rest = (text[: found.start()] + text[found.end() :]).strip(" ,，;；/、")
    return rest, found.group()


# A header holding two columns: its variants, the two column names it stands for, and how a
# cell is split. Where the import has one column for both (职务职称), the cell goes there whole.
_POST = ("职务职称", "职务", "职称")
COMPOUND_HEADERS: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], Callable], ...] = (
    (
        ("工作单位及职务", "工作单位和职务", "单位及职务", "工作单位及职务职称"),
        (("工作单位", "单位"), _POST),
        _split_post,
    ),
    (("技术职称及职务", "职称及职务", "技术职称和职务"), (("职称", *_POST), _POST), _split_post),
    (
        (
            "通讯地址及联系电话",
            "通讯地址及电话",
            "联系地址及电话",
            "地址及电话",
            "通讯地址及联系方式",
        ),
        (("通讯地址", "地址", "联系地址"), ("联系电话", "电话", "手机")),
        _split_phone,
    ),
)


def _compound_keys(names: tuple[str, ...]) -> set[str]:
    return {variant for name in names for variant in header_variants(name)}


def _compound_column(index: dict[str, Column], text: object) -> Column | None:
    """The first column a compound header (工作单位及职务) stands for, to find the header by."""
    if not isinstance(text, str):
        return None
    variants = set(header_variants(text))
    for names, targets, _ in COMPOUND_HEADERS:
        if variants & _compound_keys(names):
            return next(filter(None, (_match_first(index, t) for t in targets)), None)
    return None


def _match_first(index: dict[str, Column], names: tuple[str, ...]) -> Column | None:
    return next((found for name in names if (found := _match(index, name))), None)


def _compound_header(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    variants = set(header_variants(cell))
    return any(variants & _compound_keys(names) for names, _, _ in COMPOUND_HEADERS)


def _split_compound(
    rows: Sequence[Sequence],
    header: int,
    mapping: dict[int, Column],
    columns: Sequence[Column],
    result: "ParseResult",
) -> tuple[Sequence[Sequence], dict[int, Column]]:
    """Rows where each compound header cell (工作单位及职务) became the columns it holds; the
    second part of a split goes to a new cell at the end of every row."""
    index = _header_index(columns)
    splits: list[tuple[int, Column | None, Column | None, Any]] = []
    for c, cell in enumerate(rows[header]):
        if not isinstance(cell, str):
            continue
        variants = set(header_variants(cell))
        for names, (first_names, second_names), splitter in COMPOUND_HEADERS:
            if variants & _compound_keys(names):
                mapping = {k: v for k, v in mapping.items() if k != c}
                holds = (_match_first(index, first_names), _match_first(index, second_names))
                splits.append((c, *holds, splitter))
                break
    if not splits:
        return rows, mapping
    plans = []
    for c, first, second, splitter in splits:
        taken = {column for k, column in mapping.items() if k != c}
        first = first if first not in taken else None
        second = second if second not in taken and second != first else None
        if first is None and second is None:
            continue
        text = normalize_header(rows[header][c])
        if first is None or second is None:
            whole = first or second
            assert whole is not None
            mapping[c] = whole
            result.warnings.append(f"「{text}」整列填入「{whole.name}」")
            continue
        mapping[c] = first
        plans.append((c, splitter))
        result.warnings.append(f"「{text}」已拆分为「{first.name}」和「{second.name}」")
        mapping[-len(plans)] = second  # placeholder, renumbered below
    if not plans:
        return rows, mapping
    width = max(len(row) for row in rows)
    for n in range(1, len(plans) + 1):
        mapping[width + n - 1] = mapping.pop(-n)
    return [_split_row(row, r > header, plans, width) for r, row in enumerate(rows)], mapping


def _split_row(row: Sequence, is_data: bool, plans: list, width: int) -> list:
    row = list(row) + [None] * (width - len(row))
    for c, splitter in plans:
        cell = row[c]
        if is_data and isinstance(cell, str) and not is_blank(cell):
            row[c], extra = splitter(cell)
            row.append(extra or None)
        else:
            row.append(None)
    return row


def _check_header(result: ParseResult, header: Sequence, mapping: dict[int, Column]) -> None:
    for column in result.columns:
        if column.required and column not in result.found:
            result.add_file_error("缺少必填列", column=column.name, row=result.header_row or 0)
    index = _header_index(result.columns)
    for c, cell in enumerate(header):
        if c in mapping or is_blank(cell) or normalize_header(cell).lower() in IGNORED_HEADERS:
            continue
        text = normalize_header(cell)
        again = _match(index, cell)
        if again is not None:
            result.warnings.append(f"「{text}」与「{again.name}」重复，已忽略后出现的一列")
        else:
            result.warnings.append(f"未识别的列「{text}」，已忽略")


TICK_ROWS = 2000  # how often a long parse reports its progress
# A column's parsed cells are remembered by cell (a register repeats its employers, titles,
# 是/否 and dates); after MEMO_PROBE rows, a column whose cells mostly differ (names, numbers)
# stops remembering, so the memory stays that of the repeated values.
MEMO_PROBE = 1000
_MEMO_RESULTS = (str, int, float, dt.date, Decimal, type(None))  # immutable: safe to share


def _parse_rows(
    rows: Iterable[Sequence],
    start: int,
    mapping: dict[int, Column],
    absent: Sequence[Column],
    tick: Callable[[int], None] | None = None,
    footer: list[int] | None = None,
) -> list[ParsedRow]:
    """Parse every data row (the first is row index `start`); the per-cell loop is kept tight
    for 100,000 rows, and the display text waits until asked for (`ParsedRow.cells`).
    `tick(row_index)` is called every TICK_ROWS rows; the Excel numbers of the rows of text
    under the table (signatures, notes) are appended to `footer`. A parser is a function of
    its cell: a cell seen before in the column takes the value it gave (errors are not kept:
    a refused cell is parsed again, so each row gets its own message)."""
    plan = [(column.key, column.parser, column.required) for column in mapping.values()]
    memos: list[dict | None] = [{} for _ in plan]
    count = range(len(plan))
    keys = tuple(column.key for column in mapping.values())
    defaults = {column.key: _absent_value(column) for column in absent}
    indexes = list(mapping)
    id_index = next((c for c, column in mapping.items() if column.key == ID_NUMBER_KEY), None)
    parsed_rows: list[ParsedRow] = []
    skipped = footer if footer is not None else []
    for r, row in enumerate(rows, start):
        if tick is not None and r % TICK_ROWS == 0:
            tick(r)
        width = len(row)
        # A row led by a number or a date (序号) is neither a footer nor a note: both begin
        # with text. Most rows of a register are such: the two checks are skipped.
        lead = row[0] if width else None
        texty = lead is None or type(lead) is str
        if texty and parsed_rows and _is_footer_row(row, in_footer=bool(skipped)):
            skipped.append(r + 1)
            continue
        if all(is_blank(row[c]) for c in indexes if c < width) or (texty and _is_note_row(row)):
            if skipped and not all(is_blank(cell) for cell in row):
                skipped.append(r + 1)
            continue
        if len(parsed_rows) == MEMO_PROBE:
            memos = [m if m is None or len(m) <= MEMO_PROBE // 2 else None for m in memos]
        values, errors = dict(defaults), {}
        cells = [row[c] if c < width else None for c in indexes]
        for n, (key, parser, required), memo, cell in zip(count, plan, memos, cells, strict=True):
            if memo is not None:
                seen = cell if type(cell) is str else (type(cell), cell)
                hit = memo.get(seen)
                if hit is not None:  # the cell first seen is kept: one copy of a repeated cell
                    cells[n], values[key] = hit
                    continue
            if required and is_blank(cell):
                values[key], errors[key] = None, "必填项为空"
                continue
            try:
                value = values[key] = parser(cell)
            except AmbiguousDate as error:
                values[key], errors[key] = None, error_text(error)
                if id_index is not None and id_index < width:
                    _confirm_by_id(values, errors, key, parser, error, row[id_index])
                continue
            except (ValueError, ValidationError) as error:
                values[key], errors[key] = None, error_text(error)
                continue
            if memo is not None and isinstance(value, _MEMO_RESULTS):
                memo[seen] = (cell, value)
        raw = tuple(cells)
        parsed_rows.append(ParsedRow(r + 1, values, errors, keys=keys, raw=raw))
    return parsed_rows


ID_NUMBER_KEY = "id_number"  # the column whose birth date may settle an ambiguous month


def _confirm_by_id(values, errors, key, parser, error: AmbiguousDate, id_cell) -> None:
    """1970.1 in a number cell is January or October: the row's ID number decides, if valid."""
    try:
        born = parse_id_number(id_cell).birth_date
    except (ValueError, ValidationError):
        return
    for candidate, reading in zip(error.candidates, error.readings, strict=True):
        if (candidate.date.year, candidate.date.month) == (born.year, born.month):
            values[key] = parser(reading)
            del errors[key]
            return


def _absent_value(column: Column):
    """What a column missing from the file gives every row (its parser's blank value)."""
    try:
        return column.parser(None)
    except (ValueError, ValidationError):
        return None


# ---------------------------------------------------------------- the importer


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for the time of an import (reference counting still
    frees what the import drops). An import holds a few hundred thousand containers for a
    while (100,000 rows, each with its values); every full collection walked them all, for
    nothing: measured, a tenth of a 100,000-row import's CPU."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


CHANGED_MEANWHILE = "导入时发现这些数据刚被他人修改（例如同时导入了同一届次或同一会员），未写入任何数据；请重新上传预览后再导入"


class Importer:
    """Subclass with `columns`, `validate` (cross-row and database checks) and `write`."""

    columns: tuple[Column, ...] = ()
    noun: str = "条"
    header_search_rows: int = HEADER_SEARCH_ROWS
    allow_empty: bool = False  # a file with a header and no rows is refused (a blank template)
    # Told how far a long import has come: progress(done, total, stage=...) (see xuehui.jobs).
    progress: Callable[..., None] | None = None

    def _tell_progress(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        if self.progress is not None:
            self.progress(done, total, stage=stage)

    def parse(
        self, rows: Iterable[Sequence], *, sheet: str = "", total: int | None = None
    ) -> ParseResult:
        """Phase one over `rows` (a list, or an iterator of `total` rows)."""
        if total is None:
            total = len(rows) if isinstance(rows, Sized) else 0
        tick = None
        if self.progress is not None:
            self._tell_progress(0, total, "逐行检查")
            tick = self.progress
        result = parse_table(
            rows, self.columns, sheet=sheet, search_rows=self.header_search_rows, tick=tick
        )
        if result.complete and not result.rows and not self.allow_empty:
            result.add_file_error("表头下面没有任何数据行", row=result.header_row or 0)
        if result.complete:
            self._tell_progress(total, total, "与已有数据核对")
            self.validate(result)
        return result

    def parse_file(
        self, source, *, filename: str = "", sheet: str | int | None = None
    ) -> ParseResult:
        """Read one sheet of a file and parse it; a file that is no spreadsheet raises ValueError."""
        self._tell_progress(0, None, "读取文件")
        data = stream_sheet(source, filename=filename, sheet=sheet)
        return self.parse(
            data.rows, sheet=data.name if sheet is not None else "", total=data.height
        )

    def validate(self, result: ParseResult) -> None:
        """Checks across rows and against the database; add errors with `row.add_error`."""

    def write(self, result: ParseResult) -> ImportOutcome:
        """Write every row; runs inside one transaction and only when `result.ok`."""
        raise NotImplementedError

    def commit(self, result: ParseResult, *, dry_run: bool = False) -> ImportOutcome:
        """Phase two: all rows or none. With `dry_run` the writes are rolled back."""
        if not result.ok:
            raise ImportRefused(result.errors)
        self._tell_progress(
            len(result.rows), len(result.rows), "试写入（不保存）" if dry_run else "写入数据库"
        )
        try:
            with transaction.atomic():
                outcome = self.write(result)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise ImportRefused([RowError(0, "", error_text(error), result.sheet)]) from error
        except IntegrityError as error:
            raise ImportRefused([RowError(0, "", CHANGED_MEANWHILE, result.sheet)]) from error
        return outcome

    def run(self, source, *, filename: str = "", dry_run: bool = False) -> ImportRun:
        with paused_gc():
            return self._run(source, filename=filename, dry_run=dry_run)

    def _run(self, source, *, filename: str, dry_run: bool) -> ImportRun:
        result = self.parse_file(source, filename=filename)
        run = ImportRun(result=result, dry_run=dry_run)
        if result.ok:
            try:
                run.outcome = self.commit(result, dry_run=dry_run)
            except ImportRefused as refused:
                result.file_errors.extend(refused.errors)
        return run


def form_table(rows: Sequence[Sequence], columns: Sequence[Column]) -> list[list] | None:
    """A form about one person (拟任负责人基本情况表, 发起人登记表): labels each followed, to
    their right, by the value (姓名 | 张三 | 性别 | 男 …), read as a header row and one data
    row; None when the sheet is no such form (it needs 姓名 and at least three labels)."""
    index = _header_index(columns)
    label_of = lambda cell: _match(index, cell) or _compound_column(index, cell)  # noqa: E731
    labels: list = []
    values: list = []
    seen: set[str] = set()
    places: set[int] = set()  # the columns labels stand in
    for row in rows:
        c = 0
        while c < len(row):
            column = label_of(row[c])
            if column is None or column.key in seen:
                c += 1
                continue
            d = c + 1  # a merged label repeats its text over the cells it spans
            while d < len(row) and (is_blank(row[d]) or row[d] == row[c]):
                d += 1
            value = row[d] if d < len(row) and label_of(row[d]) is None else None
            labels.append(row[c])
            values.append(value)
            seen.add(column.key)
            places.add(c)
            c = d + (value is not None)
    # A table's header is labels side by side, with no values: a form has its values beside
    # them; a list of column names down one column (a 填写说明 sheet) is neither.
    filled = sum(not is_blank(value) for value in values)
    if len(places) < 2:
        return None
    names = {c.key for c in columns if c.required}
    if (
        not names <= seen
        or filled < 3
        or is_blank(values[labels.index(_name_label(labels, index))])
    ):
        return None
    return [labels, values]


def _name_label(labels: list, index: dict[str, Column]) -> object:
    return next(label for label in labels if getattr(_match(index, label), "required", False))


def record_changes(
    row: ParsedRow, stored: Any, names: Iterable[str], keys: Mapping[str, str] = {}
) -> None:
    """Note, for the preview's old → new, what each changed field of `stored` held; `keys`
    maps a field to its column where they differ (birth_date → birth)."""
    changes = dict(row.changes)
    for name in names:
        changes[keys.get(name, name)] = stored_text(stored, name)
    row.changes = changes


def stored_text(stored: Any, name: str) -> str:
    """A stored field as the preview shows it: a choice's label, 是/否, a date, 空."""
    field = stored._meta.get_field(name)
    value = getattr(stored, name)
    if value is None or value == "":
        return "（空）"
    if getattr(field, "choices", None):
        return str(getattr(stored, f"get_{name}_display")())
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def looks_like_data(rows: Sequence[Sequence]) -> bool:
    """A sheet with three or more rows of three or more filled cells: a table, not notes."""
    filled = (sum(not is_blank(cell) for cell in row) for row in rows)
    return sum(count >= 3 for count in filled) >= 3


def merge_results(parts: Sequence[tuple[str, "ParseResult"]]) -> "ParseResult":
    """Several sheets' tables read as one: rows keep their sheet, columns are the union, and
    every file error names its sheet."""
    first = parts[0][1]
    merged = ParseResult(columns=first.columns, header_row=first.header_row)
    for name, part in parts:
        for row in part.rows:
            row.sheet = name
        merged.rows.extend(part.rows)
        merged.found.extend(c for c in part.found if c not in merged.found)
        merged.file_errors.extend(
            RowError(e.row, e.column, e.message, e.sheet or name) for e in part.file_errors
        )
        merged.warnings.extend(f"「{name}」{w}" for w in part.warnings)
    return merged


def keep_yes_no_notes(
    result: "ParseResult", keys: Iterable[str], *, into: str = "note"
) -> list["Column"]:
    """「是（高校教师）」「否（退休）」: the column keeps the yes/no, and the words in brackets go
    to the row's 备注 (`into`), named by the column, after whatever the 备注 column says.
    Returns the file's columns among `keys` (empty when no row had such a note: an update
    then leaves the 备注 alone)."""
    columns = [c for c in result.found if c.key in set(keys)]
    found = False
    seen: dict[str, str] = {}  # cell text → its note: a register repeats 是 and 否
    for row in result.rows:
        notes = []
        for c in columns:
            text = row.cell(c.key)
            note = seen.get(text)
            if note is None:
                note = seen[text] = _bracket_note(text)
            if note:
                notes.append(f"{c.name}：{note}")
        if notes:
            row.values[into] = "；".join(filter(None, [row.values.get(into) or "", *notes]))
            found = True
    return columns if found else []


def bracket_note_columns(row: "ParsedRow", columns: Iterable["Column"]) -> list["Column"]:
    """The columns among `columns` whose cell in `row` wrote words in brackets into its 备注
    (「是（高校教师）」): what an error about the 备注's length names."""
    return [c for c in columns if _bracket_note(row.cell(c.key))]


def _bracket_note(text: str) -> str:
    try:
        return parse_bool_note(text)[1]
    except ValueError:  # the cell's own error is already on the row
        return ""
