"""The 届次 sheet (terms, matched by number) and the 理事会成员 sheet (the current term's roster).

届次: a listed term is created or updated; a new term closes the previous open one on its
first day, exactly as 换届 does on the page (governance.services.term_create); terms the
sheet does not list are left alone. 理事会成员 is the roster import of
xuehui.governance.importers for the term running today (after the 届次 sheet is applied):
it replaces that term's posts, as the roster import does.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from xuehui.governance.exporters import RosterExporter
from xuehui.governance.importers import COLUMNS as ROSTER_COLUMNS
from xuehui.governance.importers import RosterImporter
from xuehui.governance.models import Term
from xuehui.governance.services import term_create, term_update
from xuehui.lib.dates import add_years
from xuehui.lib.importing import Importer, ImportOutcome, ParsedRow, ParseResult
from xuehui.lib.parsing import is_blank, parse_int
from xuehui.lib.text import compact

from .base import ExportsRows, column, detached_copy, parse_day

_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 (届次 are small numbers)."""
    if not text or any(c not in _NUMERALS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _NUMERALS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)


def parse_term_number(value: object) -> int | None:
    """3, 第3届, 第三届, 三."""
    if is_blank(value):
        return None
    text = re.sub(r"^第|届$|届理事会$", "", compact(value))
    number = _chinese_number(text)
    if number is None:
        number = parse_int(text)
    if number is None or number < 1:
        raise ValueError("届次应为正整数，如3或第三届")
    return number


@dataclass
class TermPlan:
    row: ParsedRow
    original: Term | None
    term: Term  # the term as it will be
    changes: dict = field(default_factory=dict)


class TermSheet(ExportsRows, Importer):
    title = "届次"
    aliases = ("届次信息", "历届理事会", "换届情况", "届次情况")
    noun = "届"
    columns = (
        column("number", "届次", "第几届", required=True, parser=parse_term_number, example=5),
        column(
            "start_on",
            "开始日期",
            "本届开始日期",
            "开始时间",
            "换届日期",
            "选举日期",
            required=True,
            parser=parse_day,
            example="2022-06-01",
        ),
        column(
            "planned_end_on",
            "届满日期",
            "届满时间",
            "任期届满日期",
            "计划结束日期",
            parser=parse_day,
            example="2027-05-31",
            note="留空则为开始日期后五年",
        ),
        column(
            "ended_on",
            "实际结束日期",
            "实际结束时间",
            "换届结束日期",
            parser=parse_day,
            note="已换届的届次填写",
        ),
    )

    def __init__(self, *, society, actor=None):
        self.society = society
        self.actor = actor
        self.plans: list[TermPlan] = []
        self.state: dict[int, Term] = {}

    def export_rows(self) -> list[list]:
        terms = Term.objects.filter(society=self.society).order_by("number")
        return [[t.number, t.start_on, t.planned_end_on, t.ended_on] for t in terms]

    # ------------------------------------------------------------ phase one

    def validate(self, result: ParseResult) -> None:
        stored = {t.number: t for t in Term.objects.filter(society=self.society)}
        self.state = {number: detached_copy(t) for number, t in stored.items()}
        self.plans = []
        seen: dict[int, int] = {}
        rows = [row for row in result.rows if row.ok]
        for row in sorted(rows, key=lambda r: r.values["number"]):
            number = row.values["number"]
            if number in seen:
                row.add_error("number", f"与第{seen[number]}行重复")
                continue
            seen[number] = row.number
            self._plan(row, stored.get(number))

    def _plan(self, row: ParsedRow, original: Term | None) -> None:
        values = row.values
        start = values["start_on"]
        wanted = {
            "start_on": start,
            "planned_end_on": values.get("planned_end_on") or add_years(start, 5),
            "ended_on": values.get("ended_on"),
        }
        if wanted["planned_end_on"] <= start:
            row.add_error("planned_end_on", "届满日期应晚于开始日期")
        if wanted["ended_on"] and wanted["ended_on"] <= start:
            row.add_error("ended_on", "实际结束日期应晚于开始日期")
        if not row.ok:
            return
        if original is not None:
            term = self.state[original.number]
            changes = {k: v for k, v in wanted.items() if getattr(term, k) != v}
            for name, value in changes.items():
                setattr(term, name, value)
        else:
            term = Term(society=self.society, number=values["number"], **wanted)
            changes = dict(wanted)
            self._close_previous(row, term)
        self._check_overlap(row, term)
        if row.ok:
            self.state[term.number] = term
            self.plans.append(TermPlan(row, original, term, changes))
            row.note = "新增" if original is None else ("更新" if changes else "无变化")

    def _close_previous(self, row: ParsedRow, term: Term) -> None:
        """换届: the latest earlier open term ends the day the new one starts."""
        previous = max(
            (t for t in self.state.values() if t.ended_on is None and t.start_on < term.start_on),
            key=lambda t: t.start_on,
            default=None,
        )
        if previous is not None:
            previous.ended_on = term.start_on
            row.note = f"第{previous.number}届于{term.start_on:%Y-%m-%d}结束"

    def _check_overlap(self, row: ParsedRow, term: Term) -> None:
        for other in self.state.values():
            if other.number == term.number:
                continue
            if other.start_on < term.end_on and term.start_on < other.end_on:
                row.add_error(
                    "start_on",
                    f"与第{other.number}届（{other.start_on:%Y-%m-%d}至{other.end_on:%Y-%m-%d}）"
                    "的任期重叠；如已换届，请填写上一届的实际结束日期",
                )
                return

    def current_term(self, today: dt.date) -> Term | None:
        """The term running on `today` once this sheet is applied."""
        running = [t for t in self.state.values() if t.is_running_on(today)]
        return max(running, key=lambda t: t.start_on, default=None)

    # ------------------------------------------------------------ phase two

    def planned_outcome(self) -> ImportOutcome:
        """What `write` will do, from the plans alone (for the preview; no query)."""
        outcome = ImportOutcome(noun=self.noun)
        for plan in sorted(self.plans, key=lambda p: p.term.number):
            label = f"第{plan.term.number}届"
            if plan.original is None:
                outcome.created.append(label)
            elif plan.changes:
                outcome.updated.append(label)
            else:
                outcome.unchanged.append(label)
        return outcome

    def write(self, result: ParseResult) -> ImportOutcome:
        for plan in sorted(self.plans, key=lambda p: p.term.number):
            if plan.original is None:
                term_create(
                    society=self.society, number=plan.term.number, actor=self.actor, **plan.changes
                )
            elif plan.changes:
                term_update(term=plan.original, actor=self.actor, **plan.changes)
        return self.planned_outcome()


def stored_current_term(society, today: dt.date) -> Term | None:
    running = [t for t in Term.objects.filter(society=society) if t.is_running_on(today)]
    return max(running, key=lambda t: t.start_on, default=None)


class RosterSheet:
    """理事会成员: the roster import of the current term, under the workbook's sheet name."""

    title = "理事会成员"
    aliases = ("理事会成员名册", "理事会名册", "理事会成员名单", "理事名单", "理事会")
    columns = ROSTER_COLUMNS

    @staticmethod
    def importer(*, society, term: Term, stored: bool, actor=None) -> RosterImporter:
        """The roster importer for `term`; a term not yet stored is created by the 届次 sheet."""
        return RosterImporter(
            society=society,
            term_number=term.number,
            term_start=term.start_on,
            term_end=None if stored else term.planned_end_on,
            actor=actor,
        )

    @staticmethod
    def planned_outcome(importer: RosterImporter) -> ImportOutcome:
        """What the roster import will do to people and posts, from its plans (no query)."""
        outcome = ImportOutcome(noun=importer.noun)
        for plan in importer.plans:
            name = plan.person.name
            if plan.person.pk is None:
                outcome.created.append(name)
            elif plan.person_changes:
                outcome.updated.append(name)
            else:
                outcome.unchanged.append(name)
        new_posts = sum(1 for plan in importer.plans for p in plan.positions if p.pk is None)
        changed_posts = sum(len(plan.changed_positions) for plan in importer.plans)
        outcome.notes.append(
            f"新增职务{new_posts}个，更新职务{changed_posts}个，删除职务{len(importer.removed)}个"
        )
        return outcome

    @staticmethod
    def rows_for_export(society, *, masked: bool, today: dt.date) -> list[list]:
        term = stored_current_term(society, today)
        if term is None:
            return []
        return list(RosterExporter(term, masked=masked).rows())
