"""学会名录导入: the society registry from a spreadsheet, upserted by unified social credit code.

A society already present (same code) is updated, not duplicated; a column missing from the
file and a blank cell leave the stored value alone. The federation of a row is its 所属科协
cell (a federation's name or code), else the default the user chose; a row may only name a
federation the importing user may write to.
"""

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from xuehui.access import SYSTEM, federations_administered, scope_for
from xuehui.audit.services import AuditBatch, acting_user, audit_record
from xuehui.imports.blanks import COMMON_NOTES, Blank
from xuehui.imports.kinds import Target, register_kind
from xuehui.lib.batching import filter_any_in, filter_in
from xuehui.lib.identifiers import validate_uscc
from xuehui.lib.importing import (
    Column,
    Importer,
    ImportOutcome,
    ParsedRow,
    ParseResult,
    record_changes,
)
from xuehui.lib.parsing import PartialDate, choice_parser, parse_text, parse_year_or_date
from xuehui.lib.text import compact

from .choices import DatePrecision, DisciplineCategory, SocietyStatus
from .models import Federation, Society
from .services import SOCIETY_FIELDS

NO_HOST = frozenset({"无", "无挂靠", "无挂靠单位", "没有"})
# A society not yet registered with 民政 has no code yet: its row is skipped, with a notice.
NO_CODE = frozenset({"无", "暂无", "无代码", "未登记", "尚未登记", "待登记", "—", "-", "/"})
# A section row of a 名录 grouped by discipline: "一、理科（2个）", "（二）工科", "三. 医科类".
# The numeral is bracketed or followed by 、/. so that 十堰市… is a name, not section 十.
SECTION = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])\s*"
    r"(?P<title>.+?)(?:[（(]\d+个?[)）])?$"
)


def parse_host(value: object) -> str:
    text = parse_text(value)
    return "" if compact(text) in NO_HOST else text


def parse_past_date(value: object) -> PartialDate | None:
    """A 成立日期: a day, a month or only a year (1981, 2003年), not later than today."""
    parsed = parse_year_or_date(value)
    if parsed is not None and parsed.date > dt.date.today():
        raise ValueError("日期不能晚于今天")
    return parsed


def precision_of(parsed: PartialDate) -> str:
    if parsed.year_only:
        return DatePrecision.YEAR
    return DatePrecision.MONTH if parsed.month_only else DatePrecision.DAY


def founding_text(society: Society) -> object:
    """The 成立日期 as an export writes it: only as much as is known, so it reads back."""
    if society.founded_on is None:
        return None
    if society.founded_precision == DatePrecision.DAY:
        return society.founded_on
    month_only = society.founded_precision == DatePrecision.MONTH
    year_only = society.founded_precision == DatePrecision.YEAR
    return PartialDate(society.founded_on, month_only=month_only, year_only=year_only).text


parse_category = choice_parser(
    DisciplineCategory,
    synonyms={
        "理学": DisciplineCategory.SCIENCE,
        "工学": DisciplineCategory.ENGINEERING,
        "农学": DisciplineCategory.AGRICULTURE,
        "医学": DisciplineCategory.MEDICINE,
        "交叉": DisciplineCategory.INTERDISCIPLINARY,
        "交叉科学": DisciplineCategory.INTERDISCIPLINARY,
        "交叉学科类": DisciplineCategory.INTERDISCIPLINARY,
    },
    what="学科类别",
)
parse_status = choice_parser(
    SocietyStatus,
    synonyms={"存续": SocietyStatus.ACTIVE, "注销": SocietyStatus.DEREGISTERED},
    what="状态",
)

COLUMNS = (
    Column(
        "name",
        "学会名称",
        aliases=(
            "名称",
            "社团名称",
            "学会(协会、研究会)名称",
            "学会全称",
            "单位名称",
            "社会组织名称",
        ),
        required=True,
        example="湖北省环境科学学会",
    ),
    Column(
        "uscc",
        "统一社会信用代码",
        aliases=(
            "信用代码",
            "社会信用代码",
            "统一代码",
            "统一信用代码",
            "社会组织统一社会信用代码",
        ),
        required=True,
        parser=validate_uscc,
        example="51420000MJ0000001H",
        note="18位，含校验位",
    ),
    Column(
        "category",
        "学科类别",
        aliases=("学科分类", "学科门类", "类别"),
        parser=parse_category,
        example="理科",
        choices=tuple(DisciplineCategory.labels),
    ),
    Column(
        "supervising_authority", "业务主管单位", aliases=("主管单位",), example="湖北省科学技术协会"
    ),
    Column(
        "host_institution",
        "挂靠单位",
        aliases=("支撑单位", "挂靠(支撑)单位", "依托单位"),
        parser=parse_host,
        example="武汉大学",
        note="无挂靠单位填“无”",
    ),
    Column(
        "founded_on",
        "成立日期",
        aliases=("成立时间", "成立年月"),
        parser=parse_past_date,
        example="1979.05",
    ),
    Column("federation", "所属科协", aliases=("主管科协",), example="湖北省科学技术协会"),
    Column("address", "办公地址", aliases=("地址", "通讯地址", "联系地址", "办公地点", "住所")),
    Column(
        "phone", "联系电话", aliases=("电话", "办公电话", "单位联系电话"), example="027-87654321"
    ),
    Column("legal_representative", "法定代表人", aliases=("法人代表", "法人"), example="张三"),
    Column(
        "status",
        "状态",
        aliases=("登记状态", "学会状态"),
        parser=parse_status,
        choices=tuple(SocietyStatus.labels),
    ),
)

# Fields written from the columns of the same key; federation and status are resolved apart.
TEXT_FIELDS = tuple(name for name in SOCIETY_FIELDS if name not in {"uscc", "federation"})


class SocietyImporter(Importer):
    """Validate every row against the database in a few queries, then upsert in bulk."""

    columns = COLUMNS
    noun = "个学会"

    def __init__(
        self,
        *,
        federations: Iterable[Federation] | None = None,
        default_federation: Federation | None = None,
        actor=None,
    ):
        """`federations`: those a row may name (None = all); `default_federation`: for rows without."""
        self.allowed = None if federations is None else {f.pk for f in federations}
        self.default_federation = default_federation
        self.actor = actor
        self.plan: list[tuple[ParsedRow, Society, list[str]]] = []
        self.originals: dict[int, Society] = {}

    def validate(self, result: ParseResult) -> None:
        self._skip_sections_and_unregistered(result)
        existing = self._existing(row.values.get("uscc") for row in result.rows)
        federations = self._federations(result)
        seen: dict[str, int] = {}
        self.plan, self.originals = [], {}
        for row in result.rows:
            uscc = row.values.get("uscc")
            if uscc and uscc in seen:
                row.add_error("uscc", f"与第{seen[uscc]}行的统一社会信用代码重复")
            elif uscc:
                seen[uscc] = row.number
            federation = self._row_federation(result, row, federations, existing.get(uscc))
            if row.ok:
                self._plan_row(result, row, existing.get(uscc), federation)

    def _skip_sections_and_unregistered(self, result: ParseResult) -> None:
        """Drop section rows (their discipline fills the rows below that have none) and rows of
        societies with no code yet (无 / 暂无), saying which."""
        kept, sections, unregistered = [], [], []
        category = None
        for row in result.rows:
            section = _section_title(row)
            if section is not None:
                sections.append(row.number)
                category = _category_of(section)
                continue
            if compact(row.cells.get("uscc", "")) in NO_CODE:
                unregistered.append(f"第{row.number}行「{row.cells.get('name', '')}」")
                continue
            if category is not None and not row.cells.get("category"):
                row.values["category"] = category
                row.errors.pop("category", None)
            kept.append(row)
        result.rows = kept
        if sections:
            lines = "、".join(str(n) for n in sections)
            result.warnings.append(
                f"第{lines}行是分类标题行，已跳过；其下各行未填学科类别的，按标题填写"
            )
        if unregistered:
            result.warnings.append(
                f"{'、'.join(unregistered)}的统一社会信用代码为“无”（尚未登记），已跳过，未导入"
            )

    def _existing(self, codes: Iterable[str]) -> dict[str, Society]:
        wanted = {code for code in codes if code}
        found = filter_in(Society.objects.select_related("federation"), "uscc__in", wanted)
        return {society.uscc: society for society in found}

    def _federations(self, result: ParseResult) -> dict[str, Federation]:
        texts = {compact(row.values.get("federation")) for row in result.rows} - {""}
        table: dict[str, Federation] = {}
        if texts:
            lookups = {"name__in": texts, "code__in": texts}
            for federation in filter_any_in(Federation.objects.all(), lookups):
                table[federation.code] = federation
                table[compact(federation.name)] = federation
        return table

    def _row_federation(self, result, row, federations, current: Society | None):
        if current is not None and not self._may_write(current.federation_id):
            row.add_error("uscc", f"该学会已登记在{current.federation.name}，您无权修改")
            return None
        text = compact(row.values.get("federation"))
        if text:
            federation = federations.get(text)
            if federation is None:
                row.add_error("federation", self._unknown_federation(text))
                return None
        elif current is not None:
            federation = current.federation
        else:
            federation = self.default_federation
            if federation is None:
                row.add_error("federation", "未填写所属科协，也未指定导入到哪个科协")
                return None
        if not self._may_write(federation.pk):
            row.add_error("federation", f"您无权向{federation.name}导入学会")
            return None
        if not federation.is_active and (current is None or current.federation_id != federation.pk):
            row.add_error("federation", f"{federation.name}已停用，不能再向其导入学会")
            return None
        return federation

    def _unknown_federation(self, text: str) -> str:
        found = f"找不到名称或代码为“{text}”的科协"
        if self.actor is SYSTEM:  # the command line: say how to create it
            return (
                f"{found}；如需新建，请先运行 xuehui add-federation {text} --code 代码 "
                "--level provincial|municipal|district --parent 上级科协代码"
            )
        return f"{found}；请改填已有科协的名称或代码，或请系统管理员先创建该科协"

    def _may_write(self, federation_id: int) -> bool:
        return self.allowed is None or federation_id in self.allowed

    def _plan_row(self, result, row, current: Society | None, federation) -> None:
        values = row.values
        society = Society() if current is None else Society(**_field_values(current))
        if current is None:
            society.uscc = values["uscc"]
        changed = []
        for name in TEXT_FIELDS:
            if not result.has(name) or values.get(name) in (None, ""):
                continue
            new = values[name]
            if name == "founded_on":
                new, precision = new.date, precision_of(new)
                if society.founded_precision != precision:
                    society.founded_precision = precision
                    changed.append("founded_precision")
            if getattr(society, name) != new:
                setattr(society, name, new)
                changed.append(name)
        if society.federation_id != federation.pk:
            society.federation = federation
            changed.append("federation")
        try:
            # The federation was looked up above; validating the key again costs a query a row.
            society.full_clean(
                exclude=["federation"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                key = field if field in {c.key for c in COLUMNS} else ""
                row.add_error(key, "；".join(messages))
            return
        row.note = "新增" if current is None else ("更新" if changed else "无变化")
        if current is not None:
            shown = [name for name in changed if name != "founded_precision"]
            record_changes(row, current, shown, {"federation": "federation"})
        self.plan.append((row, society, changed))
        if current is not None:
            self.originals[current.pk] = current

    def write(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun=self.noun)
        created, updated, fields = [], [], set()
        for _row, society, changed in self.plan:
            if society.pk is None:
                created.append(society)
                outcome.created.append(society.name)
            elif changed:
                updated.append(society)
                fields.update(changed)
                outcome.updated.append(f"{society.name}（{_labels(changed)}）")
            else:
                outcome.unchanged.append(society.name)
        for society in (*created, *updated):
            society.set_name_keys()  # bulk writes call no save()
        if created:
            bulk_create_with_history(created, Society, default_user=acting_user(self.actor))
        if updated:
            now = timezone.now()
            for society in updated:
                society.updated_at = now
            bulk_update_with_history(
                updated,
                Society,
                sorted(fields | {"updated_at", "name_pinyin", "name_initials"}),
                default_user=acting_user(self.actor),
            )
        batch = AuditBatch(actor=self.actor, source="society_import")
        for society in created:
            batch.created(society, action="society_register", society=society, summary=society.name)
        for society in updated:
            batch.updated(
                society,
                old=self.originals[society.pk],
                action="society_update",
                society=society,
                summary=society.name,
            )
        batch.save()
        audit_record(
            actor=self.actor,
            action="society_import",
            summary=f"导入学会名录：{outcome.summary()}",
            detail={
                "created": [s.uscc for s in created],
                "updated": [s.uscc for s in updated],
            },
        )
        return outcome


def _section_title(row: ParsedRow) -> str | None:
    """The title of a section row (only its first cell filled, numbered 一、二、…), else None."""
    filled = [key for key, text in row.cells.items() if text]
    if filled != ["name"]:
        return None
    match = SECTION.match(compact(row.cells["name"]))
    return match.group("title") if match else None


def _category_of(title: str):
    """The discipline a section title names (理科, 工科类, 医学…), or None."""
    for text in (title, title.removesuffix("类"), title.removesuffix("学会")):
        try:
            return parse_category(text)
        except (ValueError, ValidationError):
            continue
    return None


def _field_values(society: Society) -> dict:
    names = [f.attname for f in Society._meta.concrete_fields]
    values = {name: getattr(society, name) for name in names}
    values["federation"] = society.federation
    values.pop("federation_id")
    return values


def _labels(fields: Iterable[str]) -> str:
    return "、".join(str(Society._meta.get_field(name).verbose_name) for name in fields)


# ---- the web import (upload → preview → confirm) and its blank template --------------------

SOCIETIES = "societies"

SOCIETY_BLANK = Blank(
    "学会名录",
    COLUMNS,
    (
        *COMMON_NOTES,
        "按统一社会信用代码识别学会：已登记的学会会被更新，空白单元格不会清除已有信息。",
        "「所属科协」可填科协名称或代码；不填时新学会登记到导入时选择的科协。",
    ),
)


def require_federation_admin(user) -> None:
    """The society registry import is for 科协 administrators and system administrators."""
    if not scope_for(user).is_federation_staff:
        raise PermissionDenied("只有科协管理员可以导入学会名录")


def society_target(user, params: dict) -> Target:
    require_federation_admin(user)
    federations = list(federations_administered(user))
    default = next((f for f in federations if f.pk == params.get("federation")), None)
    if default is None:
        raise Http404("未找到该科协")
    return Target(
        importer=SocietyImporter(federations=federations, default_federation=default, actor=user),
        title=f"导入学会名录（默认科协：{default.name}）",
        start_url=reverse("societies:import"),
        back_url=reverse("societies:list"),
        back_label="学会名录",
    )


register_kind(SOCIETIES, build=society_target, blank=SOCIETY_BLANK)
