"""The 基本信息 sheet: two columns 项目 | 内容, one row per item of the society's profile.

统一社会信用代码 says which society the workbook is about. A blank 内容 leaves the stored value
alone; 挂靠单位 “无挂靠” (or “无”) means the society has no host institution.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from xuehui.access import may_change_registration
from xuehui.lib.identifiers import validate_uscc
from xuehui.lib.importing import (
    Column,
    Importer,
    ImportOutcome,
    ParsedRow,
    ParseResult,
    parse_table,
)
from xuehui.lib.parsing import choice_parser, header_variants, is_blank, parse_bool, parse_text
from xuehui.lib.text import compact
from xuehui.members.choices import CongressForm
from xuehui.members.selectors import membership_profile_get
from xuehui.members.services import membership_profile_save
from xuehui.secretariat.selectors import secretariat_profile_get
from xuehui.secretariat.services import secretariat_profile_save
from xuehui.societies.choices import DisciplineCategory
from xuehui.societies.services import (
    REGISTRY_FIELD_ERROR,
    REGISTRY_FIELDS,
    society_update,
)

from .base import ExportsRows, detached_copy, parse_count, parse_day, same, yes_no

NO_HOST = "无挂靠"


def parse_host(value: object) -> str:
    text = parse_text(value)
    return "" if compact(text) in {NO_HOST, "无", "没有"} else text


def parse_website(value: object) -> str:
    text = compact(value)
    if text and "://" not in text:
        text = f"http://{text}"
    return text


parse_category = choice_parser(
    DisciplineCategory,
    synonyms={
        "理": "science",
        "工": "engineering",
        "农": "agriculture",
        "医": "medicine",
        "交叉": "interdisciplinary",
    },
    what="学科类别",
)
parse_congress = choice_parser(
    CongressForm,
    synonyms={"会员代表大会制": CongressForm.REPRESENTATIVE, "会员大会制": CongressForm.GENERAL},
    what="会员大会形式",
)


@dataclass(frozen=True)
class Item:
    """One row of 基本信息: where its value is stored, how it is read and written."""

    name: str
    target: str  # "society", "membership" or "secretariat"; "identity" for the code
    field: str
    parser: Callable[[object], Any] = parse_text
    aliases: tuple[str, ...] = ()


ITEMS = (
    Item("学会名称", "society", "name", aliases=("名称", "社团名称", "单位名称")),
    Item("统一社会信用代码", "identity", "uscc", validate_uscc, ("信用代码", "社会信用代码")),
    Item("学科类别", "society", "category", parse_category, ("学科分类", "类别")),
    Item("业务主管单位", "society", "supervising_authority", aliases=("主管单位",)),
    Item("挂靠单位", "society", "host_institution", parse_host, ("支撑单位", "挂靠(支撑)单位")),
    Item("成立日期", "society", "founded_on", parse_day, ("成立时间",)),
    Item("法定代表人", "society", "legal_representative", aliases=("法人代表",)),
    Item("会员大会形式", "membership", "congress_form", parse_congress, ("会员大会类型",)),
    Item("会员代表人数", "membership", "representative_count", parse_count, ("代表人数",)),
    Item(
        "独立银行账户",
        "secretariat",
        "has_own_bank_account",
        parse_bool,
        ("是否有独立银行账户", "独立账户", "银行账户"),
    ),
    Item("网站", "secretariat", "website", parse_website, ("网址", "学会网站", "网站地址")),
    Item("微信公众号", "secretariat", "wechat_account", aliases=("公众号", "微信公众号名称")),
)
TARGET_LABELS = {"society": "学会信息", "membership": "会员大会", "secretariat": "秘书处概况"}


def _item_index() -> dict[str, Item]:
    index = {}
    for item in ITEMS:
        for text in (item.name, *item.aliases):
            for key in header_variants(text):
                index.setdefault(key, item)
    return index


ITEM_INDEX = _item_index()


def find_item(cell: object) -> Item | None:
    for key in header_variants(cell):
        if key in ITEM_INDEX:
            return ITEM_INDEX[key]
    return None


def read_code(rows) -> str | None:
    """The 统一社会信用代码 written in a 基本信息 sheet, before anything else is parsed."""
    result = BasicSheet.parse_layout(rows)
    for row in result.rows:
        item = find_item(row.values.get("item"))
        if item is not None and item.target == "identity" and not is_blank(row.values.get("value")):
            return compact(row.values["value"]).upper()
    return None


class BasicSheet(ExportsRows, Importer):
    """Reads 项目 | 内容; plans changes to the society, its congress settings and secretariat."""

    title = "基本信息"
    aliases = ("学会基本信息", "基本情况", "学会基本情况")
    columns = (
        Column(
            "item", "项目", aliases=("名称项", "信息项", "指标"), required=True, parser=lambda v: v
        ),
        Column("value", "内容", aliases=("填写内容", "信息", "值", "情况"), parser=lambda v: v),
    )

    def __init__(self, *, society, actor=None):
        self.society = society
        self.actor = actor
        self.changes: dict[str, dict[str, Any]] = {}
        self.labels: dict[str, list[str]] = {}

    @classmethod
    def parse_layout(cls, rows) -> ParseResult:
        return parse_table(rows, cls.columns)

    # ------------------------------------------------------------ export

    def export_rows(self) -> list[list]:
        society = self.society
        membership = membership_profile_get(society)
        secretariat = secretariat_profile_get(society)
        stored = {
            "society": society,
            "identity": society,
            "membership": membership,
            "secretariat": secretariat,
        }
        rows = []
        for item in ITEMS:
            value = getattr(stored[item.target], item.field)
            rows.append([item.name, _display(item, stored[item.target], value)])
        return rows

    @staticmethod
    def blank_rows() -> list[list]:
        return [[item.name, None] for item in ITEMS]

    # ------------------------------------------------------------ phase one

    def validate(self, result: ParseResult) -> None:
        objects = {
            "society": detached_copy(self.society),
            "membership": detached_copy(membership_profile_get(self.society)),
            "secretariat": detached_copy(secretariat_profile_get(self.society)),
        }
        self.changes = {target: {} for target in objects}
        self.labels = {target: [] for target in objects}
        rows_of: dict[str, ParsedRow] = {}
        for row in result.rows:
            self._read_row(row, objects, rows_of)
        for target, obj in objects.items():
            if self.changes[target]:
                self._check(target, obj, rows_of)

    def _read_row(self, row: ParsedRow, objects: dict, rows_of: dict) -> None:
        item = find_item(row.values.get("item"))
        if item is None:
            row.add_error(
                "item",
                f"未知的项目“{parse_text(row.values.get('item'))}”，可填写：{'、'.join(i.name for i in ITEMS)}",
            )
            return
        if item.field in rows_of:
            row.add_error("item", f"与第{rows_of[item.field].number}行重复")
            return
        rows_of[item.field] = row
        raw = row.values.get("value")
        if is_blank(raw):
            row.note = "留空，不修改"
            return
        try:
            value = item.parser(raw)
        except (ValueError, ValidationError) as error:
            row.add_error(
                "value",
                "；".join(error.messages) if isinstance(error, ValidationError) else str(error),
            )
            return
        if item.target == "identity":
            if value != self.society.uscc:
                row.add_error(
                    "value",
                    f"与所导入学会（{self.society.name}，{self.society.uscc}）的统一社会信用代码不一致",
                )
            row.note = "学会标识"
            return
        obj = objects[item.target]
        if same(getattr(obj, item.field), value):
            row.note = "无变化"
            return
        if (
            item.target == "society"
            and item.field in REGISTRY_FIELDS
            and not may_change_registration(self.actor, self.society)
        ):
            row.add_error("value", REGISTRY_FIELD_ERROR.format(label=item.name))
            return
        setattr(obj, item.field, value)
        self.changes[item.target][item.field] = value
        self.labels[item.target].append(item.name)
        row.note = "更新"

    def _check(self, target: str, obj, rows_of: dict) -> None:
        try:
            obj.full_clean(exclude=["federation"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                row = rows_of.get(field) or next(iter(rows_of.values()))
                row.add_error("value", "；".join(messages))

    # ------------------------------------------------------------ phase two

    def planned_outcome(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun="项")
        for row in result.rows:
            item = find_item(row.values.get("item"))
            if item is None or item.target == "identity":
                continue
            (outcome.updated if row.note == "更新" else outcome.unchanged).append(item.name)
        return outcome

    def write(self, result: ParseResult) -> ImportOutcome:
        if self.changes["society"]:
            society_update(society=self.society, actor=self.actor, **self.changes["society"])
        profiles = (
            ("membership", membership_profile_get, membership_profile_save),
            ("secretariat", secretariat_profile_get, secretariat_profile_save),
        )
        for target, get, save in profiles:
            if self.changes[target]:
                profile = get(self.society)
                for name, value in self.changes[target].items():
                    setattr(profile, name, value)
                save(profile=profile, actor=self.actor)
        return self.planned_outcome(result)


def _display(item: Item, obj, value) -> Any:
    if item.field == "host_institution":
        return value or NO_HOST
    if item.field in {"category", "congress_form"}:
        return getattr(obj, f"get_{item.field}_display")() if value else None
    if isinstance(value, bool) or (item.field == "has_own_bank_account"):
        return yes_no(value)
    return value if value not in ("", None) else None
