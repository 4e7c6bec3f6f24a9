"""The statistics return of a 科协 (or of one society) for a year: every figure of every table
per society, summed per 科协 up the tree (each 科协 includes the 科协 below it), compared with
the year before computed the same way, and the figures that moved more than the threshold."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Federation, Society

from .models import StatisticsReturn
from .tables import TABLES, Number, Table

DEFAULT_THRESHOLD = Decimal("30")
FEDERATION, SOCIETY = "federation", "society"


def default_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "XUEHUI_STATISTICS_THRESHOLD", DEFAULT_THRESHOLD)))


def figure_key(table: Table, key: str) -> str:
    return f"{table.code}.{key}"


@dataclass
class Row:
    """One line of every table: a 科协 (its subtree's total) or a society."""

    key: str  # "f:<code>" or "s:<统一社会信用代码>": stable across years and exports
    kind: str
    name: str
    code: str
    federation_name: str
    depth: int = 0
    values: dict[str, Number] = field(default_factory=dict)  # "table.figure" → this year
    previous: dict[str, Number] = field(default_factory=dict)  # the year before
    flagged: set[str] = field(default_factory=set)

    @property
    def is_federation(self) -> bool:
        return self.kind == FEDERATION

    @property
    def indented_name(self) -> str:
        return "　" * self.depth + self.name


@dataclass(frozen=True)
class Flag:
    """A figure that moved more than the threshold from the year before (变动较大)."""

    row: Row
    table: Table
    figure_key: str
    current: Number
    previous: Number

    @property
    def key(self) -> str:
        return f"{self.row.key}|{self.table.code}.{self.figure_key}"

    @property
    def label(self) -> str:
        return self.table.figure(self.figure_key).label

    @property
    def change(self) -> Decimal | None:
        """The change in percent of last year's figure; None when last year's was 0."""
        if not self.previous:
            return None
        return (Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "上年为0"
        return f"{'+' if change > 0 else ''}{change.quantize(Decimal('0.1'))}%"


def moved(current: Number, previous: Number, threshold: Decimal) -> bool:
    """More than `threshold` percent from last year's figure (exactly the threshold is not);
    anything from 0 has moved."""
    if not previous:
        return bool(current)
    return abs(Decimal(current) - Decimal(previous)) * 100 > threshold * abs(Decimal(previous))


@dataclass
class Report:
    """综合统计报表: the rows of a 科协's (or one society's) return for a year."""

    year: int
    threshold: Decimal
    federation: Federation | None
    federation_rows: list[Row]
    society_rows: list[Row]
    statistics_return: StatisticsReturn | None = None
    tables: tuple[Table, ...] = TABLES

    @property
    def rows(self) -> list[Row]:
        return [*self.federation_rows, *self.society_rows]

    @property
    def flags(self) -> list[Flag]:
        found = []
        for row in self.rows:
            for table in self.tables:
                for figure in table.figures:
                    name = figure_key(table, figure.key)
                    if name in row.flagged:
                        found.append(
                            Flag(row, table, figure.key, row.values[name], row.previous[name])
                        )
        return found

    @property
    def explanation(self) -> str:
        return self.statistics_return.explanation if self.statistics_return else ""

    @property
    def flags_with_notes(self) -> list[tuple[Flag, str]]:
        return [(flag, self.note(flag)) for flag in self.flags]

    def note(self, flag: Flag) -> str:
        if self.statistics_return is None:
            return ""
        return str(self.statistics_return.notes.get(flag.key, ""))


def counted_societies(federation_ids) -> list[Society]:
    """The societies a return counts: every one of the 科协 not deregistered (已注销)."""
    return list(
        Society.objects.filter(federation_id__in=federation_ids)
        .exclude(status=SocietyStatus.DEREGISTERED)
        .select_related("federation")
        .order_by("federation_id", "name_pinyin", "id")
    )


def figures_for(society_ids: list[int], year: int) -> dict[int, dict[str, Number]]:
    """Every figure of every table for each society in one year (society id → "table.key")."""
    figures: dict[int, dict[str, Number]] = {pk: {} for pk in society_ids}
    for table in TABLES:
        for pk, values in table.values(society_ids, year).items():
            figures[pk].update({figure_key(table, k): v for k, v in values.items()})
    return figures


def _tree(root: Federation) -> list[tuple[Federation, int]]:
    """The 科协 and every one below it, depth first, with their depth (one query)."""
    children: dict[int | None, list[Federation]] = defaultdict(list)
    for federation in Federation.objects.order_by("code", "id"):
        children[federation.parent_id].append(federation)
    ordered, stack = [], [(root, 0)]
    while stack:
        federation, depth = stack.pop()
        ordered.append((federation, depth))
        stack.extend((child, depth + 1) for child in reversed(children[federation.pk]))
    return ordered


def _society_row(society: Society) -> Row:
    return Row(
        key=f"s:{society.uscc}",
        kind=SOCIETY,
        name=society.name,
        code=society.uscc,
        federation_name=society.federation.name,
    )


def _fill(rows: list[Row], society_ids: list[int], year: int, threshold: Decimal) -> None:
    """Put this year's and last year's figures on the society rows, and flag them."""
    now, before = figures_for(society_ids, year), figures_for(society_ids, year - 1)
    for row, pk in zip(rows, society_ids, strict=True):
        row.values, row.previous = now[pk], before[pk]
        _flag(row, threshold)


def _flag(row: Row, threshold: Decimal) -> None:
    row.flagged = {
        name for name, value in row.values.items() if moved(value, row.previous[name], threshold)
    }


def _add(into: dict[str, Number], values: dict[str, Number]) -> None:
    for name, value in values.items():
        into[name] = into.get(name, 0) + value


def federation_report(
    federation: Federation, year: int, *, threshold: Decimal | None = None
) -> Report:
    """The return of `federation` for `year`: a row per 科协 of its subtree (each summing its
    own societies and every 科协 below it) and a row per society."""
    threshold = default_threshold() if threshold is None else threshold
    tree = _tree(federation)
    place = {f.pk: n for n, (f, _) in enumerate(tree)}
    societies = sorted(
        counted_societies(list(place)), key=lambda s: (place[s.federation_id], s.name_pinyin)
    )
    society_rows = [_society_row(s) for s in societies]
    _fill(society_rows, [s.pk for s in societies], year, threshold)
    federation_rows = _federation_rows(tree, societies, society_rows, threshold)
    found = StatisticsReturn.objects.filter(federation=federation, year=year).first()
    return Report(year, threshold, federation, federation_rows, society_rows, found)


def _federation_rows(tree, societies, society_rows, threshold) -> list[Row]:
    parents = {f.pk: f.parent_id for f, _ in tree}
    names = {f.pk: f.name for f, _ in tree}
    rows = {
        f.pk: Row(
            key=f"f:{f.code}",
            kind=FEDERATION,
            name=f.name,
            code=f.code,
            federation_name=names.get(f.parent_id, ""),
            depth=depth,
        )
        for f, depth in tree
    }
    for row in rows.values():
        row.values, row.previous = _zeros(), _zeros()
    for society, row in zip(societies, society_rows, strict=True):
        pk: int | None = society.federation_id
        while pk in rows:  # up the tree to the return's own 科协
            _add(rows[pk].values, row.values)
            _add(rows[pk].previous, row.previous)
            pk = parents[pk]
    for row in rows.values():
        _flag(row, threshold)
    return [rows[f.pk] for f, _ in tree]


def _zeros() -> dict[str, Number]:
    return {figure_key(t, f.key): f.zero for t in TABLES for f in t.figures}


def society_report(society: Society, year: int, *, threshold: Decimal | None = None) -> Report:
    """One society's own figures for `year` (what its secretary sees)."""
    threshold = default_threshold() if threshold is None else threshold
    row = _society_row(society)
    _fill([row], [society.pk], year, threshold)
    return Report(year, threshold, None, [], [row])


def default_year(today: dt.date) -> int:
    """The year a return is made for: the last full year."""
    return today.year - 1


@dataclass(frozen=True)
class ScreenTable:
    """One table as a page shows it: the figures' headers and, per row, (value, flagged)."""

    table: Table
    rows: list[tuple[Row, list[tuple[Number, bool]]]]


def screen_tables(report: Report) -> list[ScreenTable]:
    tables = []
    for table in report.tables:
        keys = [figure_key(table, f.key) for f in table.figures]
        rows = [(row, [(row.values[k], k in row.flagged) for k in keys]) for row in report.rows]
        tables.append(ScreenTable(table, rows))
    return tables


def report_json(report: Report) -> dict:
    """The return as JSON: the tables with their figures, the rows, the flags."""

    def value(number: Number):
        return str(number) if isinstance(number, Decimal) else number

    def row_json(row: Row) -> dict:
        return {
            "kind": row.kind,
            "code": row.code,
            "name": row.name,
            "federation": row.federation_name,
            "depth": row.depth,
            "values": {name: value(v) for name, v in row.values.items()},
            "previous": {name: value(v) for name, v in row.previous.items()},
        }

    return {
        "year": report.year,
        "federation": report.federation.code if report.federation else None,
        "threshold": str(report.threshold),
        "explanation": report.explanation,
        "tables": [
            {
                "code": table.code,
                "title": table.title,
                "figures": [
                    {"key": f.key, "label": f.label, "unit": f.unit, "source": f.source}
                    for f in table.figures
                ],
            }
            for table in report.tables
        ],
        "federations": [row_json(row) for row in report.federation_rows],
        "societies": [row_json(row) for row in report.society_rows],
        "flags": [
            {
                "row": flag.row.code,
                "name": flag.row.name,
                "figure": f"{flag.table.code}.{flag.figure_key}",
                "previous": value(flag.previous),
                "current": value(flag.current),
                "change": flag.change_text,
                "note": report.note(flag),
            }
            for flag in report.flags
        ],
    }
