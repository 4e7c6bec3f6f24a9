"""理事会成员名册导入: one term's roster of one society, which replaces that term's positions.

Phase one reads every row, finds each person among this society's own records (by ID
number, else by name and birth date) and plans every write; nothing is written while any
row has a problem. Another society's record of the same ID number is never read or written:
the row makes a new record of this society, linked to the shared identity, and the preview
says 新增人员 whether or not the number is known elsewhere. Phase two creates the term if
needed, creates or updates people and positions in bulk, and removes the term's positions
the file no longer lists, all in one transaction. A person's blank cell leaves what is
stored (a new person's yes/no trait stays unknown, 未填, never 否); a position's field is
what the file says (blank = the default) unless the column is absent altogether.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from xuehui.access import society_for
from xuehui.audit.services import AuditBatch, audit_record
from xuehui.imports.blanks import COMMON_NOTES, Blank
from xuehui.imports.kinds import Target, register_kind
from xuehui.lib.batching import filter_in
from xuehui.lib.dates import add_years
from xuehui.lib.excel import SpreadsheetError, read_workbook
from xuehui.lib.identifiers import (
    MASKED_ID_NUMBER,
    MASKED_PHONE,
    IdNumberInfo,
    id_cell_text,
    is_masked,
    parse_id_number,
    unmasked_id_number,
    unmasked_phone,
)
from xuehui.lib.importing import (
    Column,
    Importer,
    ImportOutcome,
    ParsedRow,
    ParseResult,
    form_table,
    keep_yes_no_notes,
    looks_like_data,
    merge_results,
    parse_table,
    record_changes,
)
from xuehui.lib.parsing import (
    PartialDate,
    choice_parser,
    parse_birth_month,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    parse_trait,
)
from xuehui.lib.text import compact
from xuehui.societies.models import Society

from .choices import HONORARY_OFFICES, Gender, Office, PoliticalStatus, Selection
from .composition import SUPERVISOR_OFFICES
from .models import PERSON_FIELDS, TRAIT_FIELDS, Person, Position, Term
from .services import identities_link, term_create

# ---------------------------------------------------------------- offices

OFFICE_NAMES: dict[str, Office] = {
    **{str(office.label): office for office in Office},
    "会长": Office.PRESIDENT,
    "副会长": Office.VICE_PRESIDENT,
    # 常务副理事长 / 常务副会长 are vice-presidents marked 常务 (EXECUTIVE_WORDS); 执行副理事长
    # is a vice-president with a standing brief.
    "常务副理事长": Office.VICE_PRESIDENT,
    "常务副会长": Office.VICE_PRESIDENT,
    "执行副理事长": Office.VICE_PRESIDENT,
    "执行副会长": Office.VICE_PRESIDENT,
    "常务副秘书长": Office.DEPUTY_SECRETARY_GENERAL,
    "常委": Office.STANDING_DIRECTOR,
    "常务理事会理事": Office.STANDING_DIRECTOR,
    "理事会理事": Office.DIRECTOR,
    "监事会主席": Office.CHIEF_SUPERVISOR,
    "监事会监事长": Office.CHIEF_SUPERVISOR,
    "监事会监事": Office.SUPERVISOR,
    "监事会副主席": Office.DEPUTY_CHIEF_SUPERVISOR,
    "特邀理事": Office.DIRECTOR,
    "名誉会长": Office.HONORARY_PRESIDENT,
    "名誉理事": Office.HONORARY_DIRECTOR,
    "荣誉会长": Office.HONORARY_PRESIDENT,
    "荣誉理事长": Office.HONORARY_PRESIDENT,
    "专职副秘书长": Office.DEPUTY_SECRETARY_GENERAL,  # full-time: see FULL_TIME_WORDS
    "专职秘书长": Office.SECRETARY_GENERAL,
}
# Written beside or in an office, these say the post is full-time: 秘书长（专职）, 专职副秘书长.
FULL_TIME_WORDS = frozenset({"专职"})
# 常务副理事长 / 常务副会长: a 副理事长 marked 常务 (Position.is_executive), not flattened.
EXECUTIVE_OFFICES = frozenset({"常务副理事长", "常务副会长"})
# Words that say something about a post without being one: 理事长（法定代表人）, 兼秘书长.
OFFICE_NOTES = frozenset(
    {"法定代表人", "法人代表", "法人", "兼", "拟任", "留任", "连任", "新任", "执行", "专职"}
)
# 副理事长兼秘书长 and 常务理事兼副秘书长 are two offices: 兼 between two posts separates them.
_OFFICE_SPLIT = re.compile(r"[、，,/／\\\s;；()（）]+|(?<=[长事])兼(?=.)")
OFFICE_HINT = (
    "理事长（会长）、副理事长（副会长）、常务副理事长、秘书长、副秘书长、常务理事、理事、"
    "监事长、副监事长、监事，名誉职务：名誉理事长（名誉会长）、荣誉理事、高级顾问、顾问"
)
# The order a person's offices are written in, most senior first.
OFFICE_ORDER = {office: i for i, office in enumerate(Office)}


class Offices(tuple):
    """A person's offices from one cell, most senior first; `full_time` holds those the cell
    calls 专职 (秘书长（专职）, 专职副秘书长), `executive` those it calls 常务 (常务副理事长)."""

    full_time: frozenset = frozenset()
    executive: frozenset = frozenset()

    @property
    def honorary(self) -> list:
        return [office for office in self if office in HONORARY_OFFICES]


def parse_offices(value: object) -> Offices:
    """One or more offices separated by 、 ， , / spaces or 兼; 会长 = 理事长, 副会长 = 副理事长.
    Bracketed words are notes (（执行）副理事长, 理事长（法定代表人）); 专职 marks the post beside it."""
    found: list[Office] = []
    unknown: list[str] = []
    full_time: set[Office] = set()
    executive: set[Office] = set()
    pending_full_time = False
    for token in _OFFICE_SPLIT.split(parse_text(value)):
        token = token.removeprefix("兼").removeprefix("拟任") if len(token) > 2 else token
        if token in FULL_TIME_WORDS:
            if found:
                full_time.add(found[-1])  # 秘书长（专职）
            else:
                pending_full_time = True  # （专职）秘书长
            continue
        if not token or token in OFFICE_NOTES:
            continue
        office = OFFICE_NAMES.get(token)
        if office is None:
            unknown.append(token)
            continue
        if token.startswith("专职") or pending_full_time:
            full_time.add(office)
            pending_full_time = False
        if token in EXECUTIVE_OFFICES:
            executive.add(office)
        if office not in found:
            found.append(office)
    if unknown:
        raise ValueError(f"未知的学会职务“{'、'.join(unknown)}”，可填写：{OFFICE_HINT}")
    offices = Offices(sorted(found, key=OFFICE_ORDER.__getitem__))
    offices.full_time = frozenset(full_time)
    offices.executive = frozenset(executive)
    return offices


def offices_text(offices: Iterable[str], executive: Iterable[str] = ()) -> str:
    """The offices as one cell, most senior first; those in `executive` written 常务副理事长."""
    marked = set(executive)
    return "、".join(
        ("常务" if o in marked else "") + str(Office(o).label)
        for o in sorted(offices, key=OFFICE_ORDER.__getitem__)
    )


# ---------------------------------------------------------------- other cells

parse_gender = choice_parser(
    Gender,
    synonyms={"男性": Gender.MALE, "女性": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE},
    what="性别",
)
parse_political = choice_parser(
    PoliticalStatus,
    synonyms={
        "党员": PoliticalStatus.PARTY_MEMBER,
        "共产党员": PoliticalStatus.PARTY_MEMBER,
        "中国共产党党员": PoliticalStatus.PARTY_MEMBER,
        "中共": PoliticalStatus.PARTY_MEMBER,
        "预备党员": PoliticalStatus.PROBATIONARY,
        "团员": PoliticalStatus.LEAGUE_MEMBER,
        "共青团员": PoliticalStatus.LEAGUE_MEMBER,
        "无党派": PoliticalStatus.NON_PARTISAN,
        "无党派人士": PoliticalStatus.NON_PARTISAN,
        **dict.fromkeys(
            (
                "民革",
                "民革党员",
                "民盟",
                "民盟盟员",
                "民建",
                "民建会员",
                "民进",
                "民进会员",
                "农工党",
                "农工党党员",
                "致公党",
                "致公党党员",
                "九三学社",
                "九三学社社员",
                "台盟",
                "台盟盟员",
            ),
            PoliticalStatus.DEMOCRATIC_PARTY,
        ),
    },
    what="政治面貌",
)
parse_selection = choice_parser(
    Selection,
    synonyms={
        "选任制": Selection.ELECTED,
        "选举": Selection.ELECTED,
        "选举产生": Selection.ELECTED,
        "聘任制": Selection.APPOINTED,
        "聘用": Selection.APPOINTED,
        "聘请": Selection.APPOINTED,
    },
    what="秘书长产生方式",
)


def parse_full_time(value: object) -> bool | None:
    """是/否, or 专职/兼职 as a 专兼职 column says it."""
    text = compact(value)
    if text == "专职":
        return True
    if text == "兼职":
        return False
    return parse_bool(value)


def parse_id_cell(value: object) -> str:
    """The ID number, or a masked one as an export shows it (`RosterImporter._unmask` puts the
    stored number in its place, or refuses the row)."""
    text = id_cell_text(value)
    if not text or is_masked(text):
        return text
    return parse_id_number(text).number


def _trait(key: str, name: str, aliases: tuple[str, ...] = (), **extra) -> Column:
    return Column(key, name, aliases=aliases, parser=parse_trait, choices=("是", "否"), **extra)


def parse_consecutive(value: object) -> int | None:
    number = parse_int(value, units=("届", "次"))
    if number is not None and number < 1:
        raise ValueError("连任届数至少为1（含本届）")
    return number


COLUMNS = (
    Column("name", "姓名", aliases=("名字",), required=True, example="张三"),
    Column("gender", "性别", parser=parse_gender, example="男", choices=("男", "女")),
    Column(
        "birth",
        "出生年月",
        aliases=("出生日期", "出生年月日", "出生时间", "出生年份"),
        parser=parse_birth_month,
        example="1965.03",
        note="未填身份证号码时必填；可写1965.03、1965年3月或1965-03-01",
    ),
    Column(
        "id_number",
        "身份证号码",
        aliases=("身份证号", "身份证", "证件号码", "公民身份号码", "身份证件号码", "身份号码"),
        parser=parse_id_cell,
        note="请设为文本格式",
    ),
    Column(
        "political_status",
        "政治面貌",
        parser=parse_political,
        example="中共党员",
        choices=tuple(PoliticalStatus.labels),
    ),
    Column(
        "education",
        "学历",
        aliases=("最高学历", "最后学历", "文化程度", "学历学位"),
        example="博士研究生",
    ),
    Column(
        "employer", "工作单位", aliases=("单位", "工作单位名称", "所在单位"), example="武汉大学"
    ),
    Column(
        "title",
        "职务职称",
        aliases=(
            "职务/职称",
            "职务及职称",
            "职称",
            "单位职务",
            "行政职务",
            "技术职称",
            "专业技术职称",
            "专业技术职务",
        ),
        fallback_aliases=("职务", "现任职务"),
        example="教授",
    ),
    Column("phone", "联系电话", aliases=("手机", "手机号码", "电话", "联系方式", "移动电话")),
    Column(
        "offices",
        "学会职务",
        aliases=(
            "会内职务",
            "拟任职务",
            "拟任学会职务",
            "学会任职",
            "本会职务",
            "理事会职务",
            "担任职务",
            "现任学会职务",
            "学会拟任职务",
        ),
        fallback_aliases=("职务", "现任职务"),
        required=True,
        parser=parse_offices,
        example="常务理事、副秘书长",
        note="多个职务用顿号分隔；会长即理事长",
    ),
    Column(
        "selection",
        "秘书长产生方式",
        aliases=("产生方式", "秘书长选任方式"),
        parser=parse_selection,
        choices=tuple(Selection.labels),
        note="仅秘书长填写",
    ),
    _trait(
        "is_frontline",
        "一线科技工作者",
        ("基层一线科技工作者", "一线科技人员"),
        example="是",
    ),
    _trait(
        "is_retired_official",
        "退（离）休领导干部",
        ("退休领导干部", "离退休领导干部", "退(离)休领导干部"),
        example="否",
    ),
    _trait(
        "is_retired_cadre",
        "退休干部",
        (
            "退（离）休干部",
            "退(离)休干部",
            "离退休干部",
            "党政机关退休干部",
            "党政机关、事业单位、国有企业退休干部",
        ),
        example="否",
        note="党政机关、事业单位、国有企业的退（离）休干部，不限于领导干部",
    ),
    _trait(
        "is_serving_official",
        "现职领导干部",
        ("现职党政领导干部", "现任领导干部", "在职领导干部"),
        example="否",
    ),
    _trait(
        "is_public_servant",
        "现职公务员或事业单位副科级以上人员",
        (
            "现职公务员",
            "公务员",
            "公务员及参公人员",
            "现职党政领导干部/公务员",
            "科员以上公务员",
            "事业单位副科级以上人员",
        ),
        example="否",
        note="在职的科员（含）以上公务员及参照公务员法管理人员、事业单位相当副科级（含）以上人员",
    ),
    _trait(
        "member_unit_head",
        "会员单位负责人",
        ("单位会员负责人", "会员单位主要负责人"),
        example="否",
    ),
    Column(
        "is_full_time",
        "专职",
        aliases=("专兼职", "专职或兼职"),
        parser=parse_full_time,
        example="否",
        choices=("是", "否"),
    ),
    Column(
        "is_paid",
        "领取薪酬",
        aliases=("领取报酬", "是否领薪", "取酬", "领薪"),
        parser=parse_bool,
        example="否",
        choices=("是", "否"),
    ),
    Column("approval_ref", "兼职审批文号", aliases=("审批文号", "兼职审批", "批准文号")),
    Column(
        "start_on",
        "任职日期",
        aliases=("任职时间", "任职起始日期", "任职起始时间", "任职年月"),
        parser=parse_date,
        note="留空则为本届开始日期",
    ),
    Column("end_on", "离任日期", aliases=("离任时间", "免职日期"), parser=parse_date),
    Column(
        "consecutive_terms",
        "连任届数",
        aliases=("任职届数", "连任届次"),
        parser=parse_consecutive,
        example=1,
        note="在本职务上连续任职的届数，含本届",
    ),
    Column(
        "note",
        "备注",
        note="“是（高校教师）”一类填写中括号内的说明也记入备注",
    ),
)

# The person's yes/no traits (unknown = None), written 是/否/未填 by the export.

# A position's fields: (column key, default for a new post when the cell is blank).
POSITION_FIELDS = {
    "selection": "",
    "is_full_time": False,
    "is_paid": False,
    "approval_ref": "",
    "start_on": None,  # the term's start
    "end_on": None,
    "consecutive_terms": 1,
}
# Which column a model field's error belongs to.
FIELD_COLUMNS = {"birth_date": "birth", "term": "offices", "office": "offices"}


@dataclass
class RowPlan:
    """What one row will do: the person (new or changed copy) and the posts they hold."""

    row: ParsedRow
    person: Person
    person_changes: list[str]
    positions: list[Position] = field(default_factory=list)
    changed_positions: list[Position] = field(default_factory=list)


class RosterImporter(Importer):
    """One term's roster of `society`; the term is created by `write` if it does not exist."""

    columns = COLUMNS
    noun = "人"

    def __init__(
        self,
        *,
        society: Society,
        term_number: int,
        term_start: dt.date,
        term_end: dt.date | None = None,
        actor=None,
    ):
        self.society = society
        self.term_number = term_number
        self.term_start = term_start
        self.term_end = term_end
        self.actor = actor
        self.term: Term | None = None
        self.plans: list[RowPlan] = []
        self.removed: list[Position] = []
        self.originals: dict[tuple[type, int], models.Model] = {}
        # Deleting posts the file no longer lists needs the user's explicit yes (the web
        # preview's checkbox); the command line and dry runs pass it.
        self.removals_confirmed = True

    # ------------------------------------------------------------ phase one

    def parse_file(self, source, *, filename: str = "", sheet: str | int | None = None):
        """Every sheet that holds a roster (理事会, 常务理事会, 监事会 on sheets of their own) is
        read into the one term; a sheet that looks like data but holds no roster stops the
        import; the preview says which sheets were read."""
        if sheet is not None:
            return super().parse_file(source, filename=filename, sheet=sheet)
        self._tell_progress(0, None, "读取文件")
        sheets = [
            s for s in read_workbook(source, filename=filename) if s.visible and not s.is_empty
        ]
        if not sheets:
            raise SpreadsheetError("文件中没有任何数据")
        parsed, forms = [], []
        for s in sheets:
            part = parse_table(
                s.rows, self.columns, sheet=s.name, search_rows=self.header_search_rows
            )
            form = form_table(s.rows, self.columns)
            if form is not None:  # 拟任负责人基本情况表: one person per sheet
                part = parse_table(form, self.columns, sheet=s.name)
                forms.append(s.name)
            parsed.append((s, part))
        if len(sheets) == 1 and not forms:
            return self.parse(sheets[0].rows)
        rosters = [(s.name, r) for s, r in parsed if r.header_row is not None]
        if not rosters:
            return self.parse(sheets[0].rows)  # says what header it looked for
        result = merge_results(rosters)
        if forms:
            result.warnings.insert(
                0, f"按“一人一表”读取了{len(forms)}张表：{'、'.join(f'「{n}」' for n in forms)}"
            )
        tables = [(name, r) for name, r in rosters if name not in forms]
        if tables:
            read = "、".join(f"「{name}」（{len(r.rows)}行）" for name, r in tables)
            result.warnings.insert(0, f"读取了工作表{read}，合并为一届名册")
        for s, r in parsed:
            if r.header_row is not None:
                continue
            if looks_like_data(s.rows):
                result.add_file_error(
                    f"工作表「{s.name}」像是数据表，但没有找到名册表头（姓名、学会职务等），未能读取；"
                    "如果它不是名册，请删除该工作表后重新上传"
                )
            else:
                result.warnings.append(f"工作表「{s.name}」不是名册（如填表说明），未读取")
        if result.complete and not result.rows:
            result.add_file_error("表头下面没有任何数据行", row=result.header_row or 0)
        if result.complete:
            self.validate(result)
        return result

    def validate(self, result: ParseResult) -> None:
        self.plans, self.removed, self.originals = [], [], {}
        self._resolve_term(result)
        if result.file_errors:
            return
        keep_yes_no_notes(result, TRAIT_FIELDS)
        self._unmask(result)
        self._merge_repeats(result)
        by_id, by_name = self._people(result)
        existing = self._existing_positions()
        anonymised = [p for p in existing.values() if p.person.anonymised_at is not None]
        self._find_repeats(result)
        seen: dict[object, int] = {}
        for row in result.rows:
            self._check_row(row)
            if not row.ok:
                continue
            person, changes = self._person_for(result, row, by_id, by_name)
            if person is None:
                continue
            if person.pk is None and self._returns_anonymised(row, person, anonymised):
                continue
            key = _identity(person)
            if key in seen:
                row.add_error(
                    "name", f"与第{seen[key]}行是同一人（一人多职请在「学会职务」中用顿号分隔）"
                )
                continue
            seen[key] = row.number
            plan = RowPlan(row=row, person=person, person_changes=changes)
            self._plan_positions(result, plan, existing)
            if row.ok:
                self.plans.append(plan)
        honorary = [
            f"第{plan.row.number}行{plan.person.name}（{'、'.join(o.label for o in plan.row.values['offices'].honorary)}）"
            for plan in self.plans
            if getattr(plan.row.values.get("offices"), "honorary", None)
        ]
        if honorary:
            result.warnings.append(
                f"名誉职务已记录，不计入理事会和常务理事会：{'、'.join(honorary)}"
            )
        kept = {p.pk for plan in self.plans for p in plan.positions if p.pk}
        # Only the bodies the file holds are replaced: a council list deletes no 监事.
        bodies = {
            _body(office) for row in result.rows for office in row.values.get("offices") or ()
        }
        self.removed = [
            p for p in existing.values() if p.pk not in kept and _body(p.office) in bodies
        ]
        if self.removed and not self.removals_confirmed and result.ok:
            count = len(self.removed)
            names = "、".join(f"{p.person.name}（{p.office_label}）" for p in self.removed)
            result.add_file_error(
                f"导入将删除{self.term or '本届'}的{count}个职务：{names}。"
                f"请核对后勾选“确认删除以上{count}个职务”再导入"
            )

    def _unmask(self, result: ParseResult) -> None:
        """A masked ID number (as the masked export shows it: 420***********1234) stands for
        the number stored for the person of that name whose number it shows; that number
        takes its place, so the row is matched and checked as if written in full. A masked
        number that shows no such person's number (or more than one) is refused."""
        rows = [row for row in result.rows if is_masked(row.values.get("id_number"))]
        if not rows:
            return
        names = {row.values.get("name") for row in rows} - {"", None}
        own = Person.objects.filter(society=self.society).exclude(id_number="")
        people = list(filter_in(own, "name__in", names))
        for row in rows:
            cell = row.values["id_number"]
            found = [
                p.id_number
                for p in people
                if p.name == row.values.get("name") and unmasked_id_number(cell, p.id_number)
            ]
            if len(found) == 1:
                row.values["id_number"] = found[0]
            else:
                row.values["id_number"] = None
                row.add_error("id_number", MASKED_ID_NUMBER)

    def _merge_repeats(self, result: ParseResult) -> None:
        """The same person on two rows (理事会 and 常务理事会 sheets, or two lines of one list)
        whose personal fields agree is one person with both rows' offices, with a 提示; rows
        that disagree stay for `_find_repeats` to refuse."""
        first_of: dict[tuple, ParsedRow] = {}
        kept: list[ParsedRow] = []
        for row in result.rows:
            key = _row_identity(row.values)
            first = first_of.get(key) if key else None
            if first is None or not (first.ok and row.ok) or _disagree(first, row):
                if key and first is None:
                    first_of[key] = row
                kept.append(row)
                continue
            first.values["offices"] = _joined_offices(
                first.values["offices"], row.values["offices"]
            )
            result.warnings.append(
                f"{_where(row)}与{_where(first)}是同一人（{first.values['name']}），职务已合并为"
                f"{offices_text(first.values['offices'], first.values['offices'].executive)}"
            )
        result.rows = kept

    def _find_repeats(self, result: ParseResult) -> None:
        """The same ID number, or the same name and birth date, on two rows."""
        seen: dict[tuple, int] = {}
        for row in result.rows:
            values = row.values
            birth = values.get("birth")
            if values.get("id_number"):
                key = ("id", values["id_number"])
            elif values.get("name") and birth is not None:
                key = ("name", values["name"], birth.date)
            else:
                continue
            if key in seen:
                row.add_error("name", _repeat_message(seen[key]))
            else:
                seen[key] = row.number

    def _resolve_term(self, result: ParseResult) -> None:
        self.term = Term.objects.filter(society=self.society, number=self.term_number).first()
        if self.term is None:
            if self.term_end and self.term_end <= self.term_start:
                result.add_file_error("本届届满日期应晚于开始日期")
            return
        if self.term.start_on != self.term_start:
            result.add_file_error(
                f"第{self.term_number}届已存在，开始日期为{self.term.start_on:%Y-%m-%d}，"
                f"与填写的{self.term_start:%Y-%m-%d}不一致"
            )
        if self.term_end and self.term.planned_end_on != self.term_end:
            result.add_file_error(
                f"第{self.term_number}届已存在，届满日期为{self.term.planned_end_on:%Y-%m-%d}，"
                f"与填写的{self.term_end:%Y-%m-%d}不一致"
            )

    @property
    def term_end_on(self) -> dt.date:
        if self.term is not None:
            return self.term.end_on
        return self.term_end or add_years(self.term_start, 5)

    def _people(self, result: ParseResult):
        ids = {row.values.get("id_number") for row in result.rows} - {"", None}
        own = Person.objects.filter(society=self.society)
        by_id = {p.id_number: p for p in filter_in(own, "id_number__in", ids)}
        by_name: dict[tuple, list[Person]] = {}
        names = {row.values.get("name") for row in result.rows} - {"", None}
        for person in filter_in(own, "name__in", names):
            key = (person.name, person.birth_date.year, person.birth_date.month)
            by_name.setdefault(key, []).append(person)
        return by_id, by_name

    def _existing_positions(self) -> dict[tuple[int, str], Position]:
        if self.term is None:
            return {}
        positions = Position.objects.filter(term=self.term).select_related("person")
        return {(p.person_id, p.office): p for p in positions}

    @staticmethod
    def _returns_anonymised(row: ParsedRow, person: Person, anonymised: list[Position]) -> bool:
        """A person anonymised on request (个人信息保护法) keeps their posts in the term under
        «匿名人员», with the birth year and month and the gender. A file sent again (an older
        roster, say) cannot match them by name or ID number any more, and would add them again
        as a new person, their personal data restored, in place of the anonymised record. A new
        person who holds a post of this term that an anonymised person holds, born in the same
        month, of the same gender, is refused with the way forward; nothing is kept that could
        recognise them otherwise."""
        offices = set(row.values.get("offices") or ())
        for position in anonymised:  # the posts of this term held by anonymised people
            former = position.person
            if (
                position.office not in offices
                or former.birth_date is None
                or person.birth_date is None
                or (former.birth_date.year, former.birth_date.month)
                != (person.birth_date.year, person.birth_date.month)
                or (former.gender and person.gender and former.gender != person.gender)
            ):
                continue
            when = timezone.localtime(former.anonymised_at)
            row.add_error(
                "name",
                f"本届的{position.office_label}中有一位出生于{former.birth_date:%Y年%m月}的人员，"
                f"其个人信息已于{when:%Y-%m-%d}按本人要求匿名化，不能通过导入恢复。"
                "如确为另一人，请先在名册页面结束该匿名人员的职务，再导入",
            )
            return True
        return False

    def _check_row(self, row: ParsedRow) -> None:
        values = row.values
        birth: PartialDate | None = values.get("birth")
        today = dt.date.today()
        if birth is not None and birth.date > today:
            row.add_error("birth", "出生日期不能晚于今天")
        if (
            not values.get("id_number")
            and birth is None
            and not row.errors.keys() & {"birth", "id_number"}
        ):
            row.add_error("birth", "未填写身份证号码时，出生年月为必填项")
        offices = values.get("offices") or ()
        if values.get("selection") and Office.SECRETARY_GENERAL not in offices:
            row.add_error("selection", "只有秘书长需要填写产生方式")
        start, end = values.get("start_on"), values.get("end_on")
        if start and start >= self.term_end_on:
            row.add_error("start_on", f"任职日期晚于本届结束日期（{self.term_end_on:%Y-%m-%d}）")
        if end and end <= (start or self.term_start):
            row.add_error("end_on", "离任日期应晚于任职日期")
        if values.get("id_number"):
            self._check_identity(row, parse_id_number(values["id_number"]))

    def _check_identity(self, row: ParsedRow, info: IdNumberInfo) -> None:
        birth: PartialDate | None = row.values.get("birth")
        if birth is not None:
            if birth.month_only:
                agrees = (birth.date.year, birth.date.month) == (
                    info.birth_date.year,
                    info.birth_date.month,
                )
            else:
                agrees = birth.date == info.birth_date
            if not agrees:
                row.add_error("birth", f"与身份证号码不符（身份证为{info.birth_date:%Y-%m-%d}）")
        gender = row.values.get("gender")
        derived = Gender.MALE if info.is_male else Gender.FEMALE
        if gender and gender != derived:
            row.add_error("gender", f"与身份证号码不符（身份证为{derived.label}）")

    def _person_for(self, result, row, by_id, by_name) -> tuple[Person | None, list[str]]:
        values = row.values
        found = by_id.get(values.get("id_number") or "")
        if found is None:
            found = self._match_by_name(row, by_name)
            if found is False:
                return None, []
        person = self._copy(found) if found is not None else Person(society=self.society)
        changes = self._apply_person(result, row, person)
        try:
            person.full_clean(
                exclude=["society", "identity"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            _report(row, error)
            return None, []
        row.note = "新增人员" if found is None else ("更新人员" if changes else "")
        if found is not None:
            record_changes(row, found, changes, {"birth_date": "birth"})
        return person, changes

    def _match_by_name(self, row: ParsedRow, by_name) -> Person | None | bool:
        values = row.values
        birth = values.get("birth")
        if birth is None:
            day = parse_id_number(values["id_number"]).birth_date
            birth = PartialDate(day)
        candidates = by_name.get((values["name"], birth.date.year, birth.date.month), [])
        if not birth.month_only:
            candidates = [p for p in candidates if p.birth_date == birth.date]
        id_number = values.get("id_number")
        if id_number:  # someone holding another ID number is someone else
            candidates = [p for p in candidates if not p.id_number]
        if len(candidates) > 1:
            row.add_error("name", "本会有多名同名且出生年月相同的人员，请填写身份证号码以区分")
            return False
        return candidates[0] if candidates else None

    def _apply_person(self, result: ParseResult, row: ParsedRow, person: Person) -> list[str]:
        values = row.values
        wanted: dict[str, object] = {}
        for name in PERSON_FIELDS:
            value = values.get(name)
            if value is None or value == "":
                continue  # blank keeps what is stored; a new person's trait stays unknown
            if name == "phone" and is_masked(value):
                # The masked export's phone keeps the stored one, if it is the one it shows.
                if person.pk is None or unmasked_phone(value, person.phone) is None:
                    row.add_error("phone", MASKED_PHONE)
                continue
            wanted[name] = value
        if values.get("political_status") == PoliticalStatus.DEMOCRATIC_PARTY:
            typed = row.cells.get("political_status", "")
            wanted["democratic_party"] = (
                "" if typed == PoliticalStatus.DEMOCRATIC_PARTY.label else typed
            )
        elif values.get("political_status"):
            wanted["democratic_party"] = ""
        birth: PartialDate | None = values.get("birth")
        if values.get("id_number"):
            wanted["birth_date"] = parse_id_number(values["id_number"]).birth_date
        elif birth is not None:
            keeps_day = (
                birth.month_only
                and person.birth_date
                and (person.birth_date.year, person.birth_date.month)
                == (birth.date.year, birth.date.month)
            )
            if not keeps_day:
                wanted["birth_date"] = birth.date
        changes = []
        for name, value in wanted.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
                changes.append(name)
        return changes

    def _plan_positions(self, result: ParseResult, plan: RowPlan, existing) -> None:
        values = plan.row.values
        for office in values["offices"]:
            current = existing.get((plan.person.pk, office)) if plan.person.pk else None
            position = self._copy(current) if current is not None else Position(office=office)
            changed = False
            for name, default in POSITION_FIELDS.items():
                if not result.has(name) and current is not None:
                    continue
                value = values.get(name)
                if value is None or value == "":
                    value = default
                if name == "selection" and office != Office.SECRETARY_GENERAL:
                    value = ""
                if name == "start_on" and value is None:
                    value = current.start_on if current is not None else self.term_start
                if name == "is_full_time" and office in getattr(values["offices"], "full_time", ()):
                    value = True  # the office cell says 专职
                if getattr(position, name) != value:
                    setattr(position, name, value)
                    changed = True
            executive = office in getattr(values["offices"], "executive", ())
            if position.is_executive != executive:
                position.is_executive = executive
                changed = True
            if not self._position_valid(plan.row, position):
                continue
            plan.positions.append(position)
            if changed and current is not None:
                plan.changed_positions.append(position)
            if current is None:
                plan.row.note = _join(plan.row.note, f"新增{office.label}")
            elif changed:
                plan.row.note = _join(plan.row.note, f"更新{office.label}")

    def _copy(self, obj):
        """A copy to plan changes on; the stored record is kept as the audit's old value."""
        self.originals[(type(obj), obj.pk)] = obj
        return _copy(obj)

    def _position_valid(self, row: ParsedRow, position: Position) -> bool:
        try:
            position.full_clean(
                exclude=["person", "society", "term"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            _report(row, error)
            return False
        return True

    # ------------------------------------------------------------ phase two

    def write(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun=self.noun)
        term = self.term or term_create(
            society=self.society,
            number=self.term_number,
            start_on=self.term_start,
            planned_end_on=self.term_end,
            actor=self.actor,
        )
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        batch = AuditBatch(actor=self.actor, source="roster_import")
        self._write_people(outcome, user, batch)
        created, updated = self._write_positions(term, user, batch)
        removed = self._remove_positions(batch, outcome)
        batch.save()
        outcome.notes.append(
            f"{term}：新增职务{created}个，更新职务{updated}个，删除职务{removed}个，"
            f"保留未变的职务{sum(len(p.positions) for p in self.plans) - created - updated}个"
        )
        audit_record(
            actor=self.actor,
            action="roster_import",
            target=term,
            society=self.society,
            summary=f"导入{term}理事会成员名册：{outcome.summary()}；{outcome.notes[-1]}",
            detail={"created_positions": created, "updated_positions": updated, "removed": removed},
        )
        return outcome

    def _write_people(self, outcome: ImportOutcome, user, batch: AuditBatch) -> None:
        new = [plan.person for plan in self.plans if plan.person.pk is None]
        new_ids = {id(person) for person in new}
        changed = [plan for plan in self.plans if plan.person.pk and plan.person_changes]
        identities_link(people=[plan.person for plan in self.plans])
        for plan in changed:
            if "id_number" in plan.person_changes:
                plan.person_changes.append("identity")
        for person in new:
            person.set_name_keys()  # bulk writes call no save()
        for plan in changed:
            if "name" in plan.person_changes:
                plan.person.set_name_keys()
                plan.person_changes.extend(("name_pinyin", "name_initials"))
        if new:
            bulk_create_with_history(new, Person, default_user=user)
        if changed:
            fields = sorted({name for plan in changed for name in plan.person_changes})
            bulk_update_with_history([p.person for p in changed], Person, fields, default_user=user)
        society = self.society
        for plan in self.plans:
            label = f"{plan.person.name}（{offices_text(plan.row.values['offices'])}）"
            if id(plan.person) in new_ids:
                outcome.created.append(label)
                batch.created(plan.person, action="person_create", society=society, summary=label)
            elif plan.person_changes:
                outcome.updated.append(f"{label}：{_person_labels(plan.person_changes)}")
                old = self.originals[(Person, plan.person.pk)]
                batch.updated(
                    plan.person, old=old, action="person_update", society=society, summary=label
                )
            else:
                outcome.unchanged.append(label)

    def _write_positions(self, term: Term, user, batch: AuditBatch) -> tuple[int, int]:
        new, changed = [], []
        for plan in self.plans:
            for position in plan.positions:
                position.person = plan.person
                position.society = self.society
                position.term = term
                if position.pk is None:
                    new.append(position)
            changed.extend(plan.changed_positions)
        if new:
            bulk_create_with_history(new, Position, default_user=user)
        if changed:
            fields = list(POSITION_FIELDS)
            bulk_update_with_history(changed, Position, fields, default_user=user)
        for position in new:
            batch.created(
                position, action="position_create", society=self.society, summary=str(position)
            )
        for position in changed:
            batch.updated(
                position,
                old=self.originals[(Position, position.pk)],
                action="position_update",
                society=self.society,
                summary=str(position),
            )
        return len(new), len(changed)

    def _remove_positions(self, batch: AuditBatch, outcome: ImportOutcome) -> int:
        for position in self.removed:
            outcome.removed.append(f"{position.person.name}（{position.office_label}）")
            batch.deleted(
                position,
                action="position_delete",
                society=self.society,
                summary=f"删除职务 {position}",
            )
        if self.removed:
            Position.objects.filter(pk__in=[p.pk for p in self.removed]).delete()
        return len(self.removed)


def _body(office: str) -> str:
    """监事会 for supervisors, 名誉职务 for honorary posts, 理事会 for every other post."""
    if office in HONORARY_OFFICES:
        return "honorary"
    return "supervisors" if office in SUPERVISOR_OFFICES else "council"


def _row_identity(values: Mapping) -> tuple | None:
    birth = values.get("birth")
    if values.get("id_number"):
        return ("id", values["id_number"])
    if values.get("name") and birth is not None:
        return ("name", values["name"], birth.date)
    return None


def _disagree(first: ParsedRow, row: ParsedRow) -> bool:
    """Two rows of one person disagree when a personal field is filled in both and differs."""
    for key in (*PERSON_FIELDS, "birth"):
        a, b = first.values.get(key), row.values.get(key)
        if a not in (None, "") and b not in (None, "") and a != b:
            return True
    return False


def _joined_offices(a: "Offices", b: "Offices") -> "Offices":
    joined = Offices(sorted(set(a) | set(b), key=OFFICE_ORDER.__getitem__))
    joined.full_time = a.full_time | b.full_time
    joined.executive = a.executive | b.executive
    return joined


def _where(row: ParsedRow) -> str:
    return f"「{row.sheet}」第{row.number}行" if row.sheet else f"第{row.number}行"


def _repeat_message(first: int) -> str:
    return f"与第{first}行是同一人（一人多职请在「学会职务」中用顿号分隔）"


def _identity(person: Person) -> tuple:
    """Who a row is: the stored person, else the ID number, else name and birth date."""
    if person.pk:
        return ("pk", person.pk)
    if person.id_number:
        return ("id", person.id_number)
    return ("name", person.name, person.birth_date)


def _copy(obj):
    """A detached copy to plan changes on, so a failed validation leaves no half-set object."""
    model = type(obj)
    return model(**{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields})


def _report(row: ParsedRow, error: ValidationError) -> None:
    keys = {c.key for c in COLUMNS}
    for name, messages in error.message_dict.items():
        key = FIELD_COLUMNS.get(name, name)
        row.add_error(key if key in keys else "", "；".join(messages))


def _join(note: str, text: str) -> str:
    return f"{note}，{text}" if note else text


def _person_labels(fields: Iterable[str]) -> str:
    shown = [name for name in fields if name not in ("identity", "name_pinyin", "name_initials")]
    return "、".join(str(Person._meta.get_field(name).verbose_name) for name in shown)


# ---- the web import (upload → preview → confirm) and its blank template --------------------

ROSTER = "roster"

ROSTER_BLANK = Blank(
    "理事会成员名册",
    COLUMNS,
    (
        *COMMON_NOTES,
        "一人一行；一人多职时在「学会职务」中用顿号分隔，如“常务理事、副秘书长”。",
        "导入后该届的职务以本文件为准：文件中没有的职务将被删除。",
        "填写身份证号码时，性别和出生日期以身份证为准；请把身份证号码列设为文本格式。",
        "人员已登记过的，空白单元格不会清除其已有信息。",
    ),
)


def roster_target(user, params: dict) -> Target:
    society = society_for(user, params.get("society"), edit=True)
    end = params.get("term_end")
    importer = RosterImporter(
        society=society,
        term_number=params["term_number"],
        term_start=dt.date.fromisoformat(params["term_start"]),
        term_end=dt.date.fromisoformat(end) if end else None,
        actor=user,
    )
    return Target(
        importer=importer,
        title=f"导入{society.name}第{params['term_number']}届理事会成员名册",
        start_url=reverse("governance:roster_import", args=[society.pk]),
        back_url=reverse("governance:council", args=[society.pk]),
        back_label="届次与理事会",
        society=society,
    )


register_kind(ROSTER, build=roster_target, blank=ROSTER_BLANK)
