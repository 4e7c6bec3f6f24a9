"""Importing a member register from Excel or CSV: individual and institutional members.

Built on `xuehui.lib.importing`: every row is read and validated in memory first (the
model's own `clean()` rules, lengths, duplicates in the file, clashes with the register in
a few queries), then all rows are written inside one transaction, or none: new members with
`xuehui.lib.bulk.bulk_insert` (COPY on PostgreSQL, executemany on SQLite, from plain values:
no model is built twice), changed ones with bulk_update. A row whose 会员编号 (or else 身份证号码 / 统一社会信用代码) is already on
the register updates that member; columns absent from the file leave their data alone.
"""

import datetime as dt
import operator
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from xuehui.access import society_for
from xuehui.audit.services import AuditBatch, audit_record
from xuehui.governance.choices import Gender
from xuehui.imports.background import register_importer
from xuehui.imports.kinds import register_preview
from xuehui.lib.bulk import bulk_insert
from xuehui.lib.identifiers import (
    MASKED_ID_NUMBER,
    MASKED_PHONE,
    id_cell_text,
    is_masked,
    normalize_id_number,
    normalize_uscc,
    unmasked_id_number,
    unmasked_phone,
)
from xuehui.lib.importing import (
    Column,
    Importer,
    ImportOutcome,
    ParsedRow,
    ParseResult,
    bracket_note_columns,
    keep_yes_no_notes,
    record_changes,
)
from xuehui.lib.parsing import (
    choice_parser,
    parse_birth_month,
    parse_date,
    parse_identifier,
    parse_text,
    parse_trait,
)
from xuehui.lib.text import person_name_keys

from .choices import MemberKind, MemberStatus
from .models import IndividualMember, InstitutionalMember
from .services import anonymous_values, register_start

BATCH_SIZE = 2000
SAMPLE_DATE = dt.date(2018, 5, 1)

parse_gender = choice_parser(
    Gender,
    synonyms={"男性": Gender.MALE, "女性": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE},
    what="性别",
)
parse_status = choice_parser(
    MemberStatus,
    synonyms={
        "在册": MemberStatus.ACTIVE,
        "有效": MemberStatus.ACTIVE,
        "退出": MemberStatus.WITHDRAWN,
    },
    what="会员状态",
)


def parse_birth_date(value: object) -> dt.date | None:
    """A birth date or month (two-digit years as `parse_birth_month` reads them)."""
    parsed = parse_birth_month(value)
    return parsed.date if parsed else None


def parse_id(value: object) -> str:
    """The number as typed (checked with the row); a cell Excel damaged is refused as the roster
    import refuses it."""
    text = id_cell_text(value)
    return "" if parse_text(text) == "" else normalize_id_number(text)


def parse_code(value: object) -> str:
    return "" if parse_text(value) == "" else normalize_uscc(value)


def parse_member_number(value: object) -> str:
    return parse_identifier(value)


def _max_lengths(model) -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField) and f.max_length
    }


NAME_KEYS = ("name_pinyin", "name_initials")


class MemberImporter(Importer):
    """What the two registers share; subclasses name the model, columns and natural keys."""

    model: type[models.Model]
    kind: str
    second_key: str  # the natural key after 会员编号: id_number or uscc
    # Without both keys a row is the register's member of the same name (and birth date)
    # who has neither key either; two such members cannot be told apart and are refused.
    keyless_fields: tuple[str, ...] = ("name",)
    keyless_reason = "未填会员编号和统一社会信用代码时按名称识别"
    noun = "名"
    yes_no_keys: tuple[str, ...] = ()  # columns whose 「是（…）」 notes go to 备注
    phone_key: str  # the phone a masked export hides
    masked_keys: tuple[str, ...]  # the columns a masked export hides (ID number, phone)

    def __init__(self, *, society, actor=None):
        self.society = society
        self.actor = actor
        self.lengths = _max_lengths(self.model)
        # What a new member holds before the row's values: every field's default, as
        # Model.__init__ would set it (see `_bare`).
        self.blank = {
            field.attname: field.get_default()
            for field in self.model._meta.concrete_fields
            if not field.primary_key
        } | {"id": None, "society_id": society.pk}
        self.attnames = [
            field.attname
            for field in self.model._meta.concrete_fields
            if not field.primary_key and field.name not in ("created_at", "updated_at")
        ]
        self._checked = self._bare({})  # the member clean() runs on (_check_model_rules)
        self.existing: dict[str, dict] = {}
        self.matches: dict[int, int] = {}  # Excel row number → pk of the member it updates

    # ------------------------------------------------------------ phase one

    def validate(self, result: ParseResult) -> None:
        # the yes/no columns whose 「是（…）」 words went to 备注 (empty when none did)
        self.noted = keep_yes_no_notes(result, self.yes_no_keys)
        self.note_column = any(c.key == "note" for c in result.found)  # for _too_long
        self._load_existing()
        seen: dict[str, dict[str, int]] = {"member_number": {}, self.second_key: {}}
        stored = None
        lengths = self._length_checks(result)
        for row in result.rows:
            if any(is_masked(row.values.get(key)) for key in self.masked_keys):
                stored = stored or self._stored_numbers()
                self._unmask(row, stored)
            self._check_lengths(row, lengths)
            self._check_model_rules(row)
            self._check_duplicates(row, seen)
            if row.ok:
                self._match(row)
        self._compare(result)

    def _stored_numbers(self) -> dict[str, dict]:
        """The register's members by 会员编号, by the second key and by name (a list), each as
        (member_number, name, second key, phone): what a masked cell is checked against (read
        only when a file holds one)."""
        fields = ("member_number", "name", self.second_key, self.phone_key)
        stored: dict[str, dict] = {"member_number": {}, "second": {}, "name": {}}
        for member in self.model.objects.filter(society=self.society).values_list(*fields):
            number, name, second, _phone = member
            if number:
                stored["member_number"][number] = member
            if second:
                stored["second"][second] = member
            stored["name"].setdefault(name, []).append(member)
        return stored

    def _unmask(self, row: ParsedRow, stored: dict[str, dict]) -> None:
        """A masked ID number or phone (as the masked export shows them: 420***********1234,
        138****1234) stands for the number stored for the row's member, found as the import
        matches a row (会员编号, else the ID number, else the one member of that name whose
        number the cell shows); that number takes its place. A masked cell that shows no such
        number is refused (the register is left as it is)."""
        values = row.values
        member = stored["member_number"].get(values.get("member_number") or "")
        second = values.get(self.second_key)
        named = stored["name"].get(values.get("name"), [])
        if self.second_key in self.masked_keys and is_masked(second):
            if member is None:
                found = [m for m in named if unmasked_id_number(second, m[2])]
                member = found[0] if len(found) == 1 else None
            full = unmasked_id_number(second, member[2]) if member is not None else None
            values[self.second_key] = full or ""
            if full is None:
                row.add_error(self.second_key, MASKED_ID_NUMBER)
                return
        elif member is None and second:
            member = stored["second"].get(second)
        phone = values.get(self.phone_key)
        if not is_masked(phone):
            return
        if member is None and len(named) == 1:
            member = named[0]
        full = unmasked_phone(phone, member[3]) if member is not None else None
        values[self.phone_key] = full or ""
        if full is None:
            row.add_error(self.phone_key, MASKED_PHONE)

    def _compare(self, result: ParseResult) -> None:
        """An update names the cells it changes (old → new in the preview); a row that changes
        nothing is 无变化, not 更新."""
        stored = self.model.objects.in_bulk(list(self.matches.values()))
        keys = self._written_keys([c.key for c in result.found])
        for row in result.rows:
            member = stored.get(self.matches.get(row.number))
            if member is None or not row.ok:
                continue
            values = self._fields(row.values)
            changed = [k for k in keys if k in values and getattr(member, k) != values[k]]
            if member.anonymised_at is not None and self._restores(member, changed, row):
                continue
            record_changes(row, member, changed, {"birth_date": "birth_date"})
            row.note = f"更新{len(changed)}项" if changed else "无变化"

    @staticmethod
    def _restores(member, changed: list[str], row: ParsedRow) -> bool:
        """A member anonymised on request (个人信息保护法) does not get its personal data back
        from a file, an older register sent again say: the row is refused. A row that leaves
        those fields as the anonymised record holds them (the register exported since) is not."""
        personal = [key for key in changed if key in anonymous_values(member)]
        for key in personal:
            when = timezone.localtime(member.anonymised_at)
            row.add_error(
                key,
                f"该会员的个人信息已于{when:%Y-%m-%d}按本人要求匿名化，不能通过导入恢复；"
                "如需重新登记，请在会员页面逐条录入",
            )
        return bool(personal)

    def _load_existing(self) -> None:
        by_number, by_second = {}, {}
        self.keyless: dict[tuple, list[int]] = {}
        rows = self.model.objects.filter(society=self.society).values_list(
            "pk", "member_number", self.second_key, *self.keyless_fields
        )
        for pk, number, second, *identity in rows:
            if number:
                by_number[number] = pk
            if second:
                by_second[second] = pk
            if not number and not second:
                self.keyless.setdefault(tuple(identity), []).append(pk)
        self.existing = {"member_number": by_number, self.second_key: by_second}

    def _keyless_identity(self, row: ParsedRow) -> tuple | None:
        """How a row with neither 会员编号 nor the second key is recognised (name, birth date)."""
        if row.values.get("member_number") or row.values.get(self.second_key):
            return None
        return tuple(row.values.get(key) for key in self.keyless_fields)

    def _length_checks(self, result: ParseResult) -> list[tuple[str, int]]:
        """The text fields a row's value may be too long for: the file's columns (a column
        the file lacks gives every row its blank) and 备注 when 「是（…）」's words went there."""
        present = {column.key for column in result.found}
        if self.noted:
            present.add("note")
        return [(key, limit) for key, limit in self.lengths.items() if key in present]

    def _check_lengths(self, row: ParsedRow, lengths: list[tuple[str, int]]) -> None:
        values = row.values
        for key, limit in lengths:
            value = values.get(key)
            if type(value) is str and len(value) > limit:
                row.add_error(*self._too_long(row, key, limit, len(value)))

    def _too_long(self, row: ParsedRow, key: str, limit: int, length: int) -> tuple[str, str]:
        """Where and how a value over its length is told. A 备注 made too long by 「是（…）」's
        words says so, and without a 备注 column in the file the error is the bracketed
        cell's: the user has nothing else to shorten."""
        message = f"不能超过{limit}个字符（现有{length}个）"
        noted = bracket_note_columns(row, self.noted) if key == "note" else []
        if not noted:
            return key, message
        names = "、".join(f"「{c.name}」" for c in noted)
        if not self.note_column:
            return noted[0].key, (
                f"括号内的说明记入备注，备注共{length}个字符，超过上限{limit}个，请缩短括号内的说明"
            )
        return key, f"连同{names}括号内的说明，备注共{length}个字符，超过上限{limit}个"

    def _check_model_rules(self, row: ParsedRow) -> None:
        """The model's clean() on the row's values (as `_bare(_fields(values))` holds them),
        in one bare member whose fields are set again for each row."""
        if not row.ok:
            return
        instance = self._checked
        instance.__dict__.update(self.blank)
        self._fields(row.values, into=instance.__dict__)
        try:
            instance.clean()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                row.add_error(key if key in row.values else "", "；".join(messages))
            return
        row.values.update(self._derived(instance))

    def _derived(self, instance) -> dict:
        return {}

    def _check_duplicates(self, row: ParsedRow, seen: dict[str, dict[str, int]]) -> None:
        for key in ("member_number", self.second_key):
            value = row.values.get(key)
            if not value:
                continue
            first = seen[key].setdefault(value, row.number)
            if first != row.number:
                row.add_error(key, f"与第{first}行重复")
        identity = self._keyless_identity(row)
        if identity is not None and row.ok:
            first = seen.setdefault("keyless", {}).setdefault(identity, row.number)
            if first != row.number:
                row.add_error("name", f"与第{first}行重复（{self.keyless_reason}）")

    def _match(self, row: ParsedRow) -> None:
        number, second = row.values.get("member_number"), row.values.get(self.second_key)
        by_number = self.existing["member_number"].get(number) if number else None
        by_second = self.existing[self.second_key].get(second) if second else None
        if by_number and by_second and by_number != by_second:
            column = self.second_key
            row.add_error(column, "已登记在另一名会员名下（与会员编号对应的会员不同）")
            return
        pk = by_number or by_second
        identity = self._keyless_identity(row)
        if identity is not None:
            candidates = self.keyless.get(identity, [])
            if len(candidates) > 1:
                row.add_error(
                    "name",
                    f"已登记{len(candidates)}名无法区分的同名会员（{self.keyless_reason}），"
                    "请填写会员编号后再导入",
                )
                return
            pk = candidates[0] if candidates else None
        if pk:
            self.matches[row.number] = pk
            row.note = "更新"
        else:
            row.note = "新增"

    def _bare(self, fields: dict):
        """A member of this society holding `fields`, built without Model.__init__ (which is
        most of the cost of 100,000 rows): enough for clean(), set_name_keys(), str() and the
        audit entry, never saved by itself."""
        member = self.model.__new__(self.model)
        member.__dict__.update(self.blank)
        member.__dict__.update(fields)
        return member

    def _fields(self, values: dict, *, into: dict | None = None) -> dict:
        """Model field values of a row: a blank text or choice cell is '', a blank status 正常;
        written `into` a member's state when given (the check reuses one member)."""
        fields = {} if into is None else into
        fields.update(values)
        for key in self.lengths.keys() & values.keys():
            if fields[key] is None:
                fields[key] = ""
        if not fields.get("status"):
            fields["status"] = MemberStatus.ACTIVE
        return fields

    def _written_keys(self, present: list[str]) -> list[str]:
        """The fields an update writes: the file's columns and what is derived from them."""
        return list(present)

    # ------------------------------------------------------------ phase two

    def write(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun=self.noun)
        keys = self._written_keys([c.key for c in result.found])
        if getattr(self, "noted", False) and "note" not in keys:
            keys.append("note")  # 「是（高校教师）」's words, written where a row has them
        # The new rows' tuples are made as the insert reads them, and again (without their
        # name keys) as the audit entries are made: 100,000 tuples are never held at once.
        to_create: list[ParsedRow] = []
        to_update, now = [], timezone.now()
        existing = self.model.objects.in_bulk(list(self.matches.values()))
        for row in result.rows:
            pk = self.matches.get(row.number)
            if pk is None:
                to_create.append(row)
                outcome.created.append(row.values["name"])
                continue
            values = self._fields(row.values)
            member = existing[pk]
            changed = [k for k in keys if k in values and getattr(member, k) != values[k]]
            old = {k: getattr(member, k) for k in changed}
            for key in changed:
                setattr(member, key, values[key])
            (outcome.updated if changed else outcome.unchanged).append(member.name)
            if changed:
                member.updated_at = now  # bulk_update does not touch auto_now fields
                member.set_name_keys()
                to_update.append((member, old))
        ids = self._insert(to_create)
        if to_update:
            self.model.objects.bulk_update(
                [member for member, _ in to_update],
                [*keys, "updated_at", *NAME_KEYS] if "name" in keys else [*keys, "updated_at"],
                batch_size=BATCH_SIZE,
            )
        if to_create or to_update:
            register_start(society=self.society, actor=self.actor)
        self._audit_rows(to_create, ids, to_update)
        audit_record(
            actor=self.actor,
            action=f"{self.kind}_members_import",
            society=self.society,
            summary=f"导入{MemberKind(self.kind).label}：{outcome.summary()}",
            detail={"created": len(to_create), "updated": len(to_update)},
        )
        return outcome

    def _new_row_maker(self, *, name_keys: bool = True) -> Callable[[dict], tuple]:
        """A new member's values in the order of `self.attnames`, straight from a validated
        row's values: what `_bare(_fields(values))` followed by `set_name_keys()` would hold,
        without building a model. Without `name_keys` the two pinyin keys are left blank (the
        audit entry does not record them)."""
        blank, lengths = self.blank, self.lengths
        plan = [(name, blank[name], name in lengths) for name in self.attnames]
        status = self.attnames.index("status")
        pinyin, initials = self.attnames.index("name_pinyin"), self.attnames.index("name_initials")
        name_at = self.attnames.index("name")
        texts = [n for n, (_name, _default, text) in enumerate(plan) if text]
        # itemgetter reads the values in one call; the texts are looked at only when one of
        # them is None (a blank choice), which is rare
        of_values, of_texts = operator.itemgetter(*self.attnames), operator.itemgetter(*texts)

        def new_row(values: dict) -> tuple:
            row = list(of_values(blank | values))
            if None in of_texts(row):
                for n in texts:
                    if row[n] is None:
                        row[n] = ""
            if not row[status]:
                row[status] = MemberStatus.ACTIVE
            if name_keys:  # not remembered by name: 100,000 names' keys would stay held
                row[pinyin], row[initials] = person_name_keys(row[name_at])
            return tuple(row)

        return new_row

    def _insert(self, rows: list[ParsedRow]) -> list[int]:
        """New members by COPY (executemany on SQLite): phase one checked what full_clean
        would (lengths, clean(), duplicates in the file and against the register); the
        database still holds the unique and check constraints, and a clash found only there
        (another import meanwhile) rolls the whole import back."""
        new_row = self._new_row_maker()
        return bulk_insert(
            self.model,
            self.attnames,
            (new_row(row.values) for row in rows),
            returning_ids=True,
            count=len(rows),
        )

    def _audit_rows(self, created: list[ParsedRow], ids: list[int], updated: list) -> None:
        """One audit entry per member written, as the member services leave them."""
        batch = AuditBatch(actor=self.actor, source=f"{self.kind}_members_import")
        society, prefix = self.society, f"{self.kind}_member"
        new_row = self._new_row_maker(name_keys=False)
        batch.created_each(
            self.model,
            (
                (pk, new_row(row.values), f"导入新增 {row.values['name']}")
                for pk, row in zip(ids, created, strict=True)
            ),
            action=f"{prefix}_create",
            society=society,
            fields=self.attnames,
        )
        for member, old in updated:
            batch.updated(
                member,
                old=old,
                action=f"{prefix}_update",
                society=society,
                summary=f"导入更新 {member}",
            )
        batch.save()


class IndividualMemberImporter(MemberImporter):
    model = IndividualMember
    kind = MemberKind.INDIVIDUAL
    second_key = "id_number"
    phone_key = "phone"
    masked_keys = ("id_number", "phone")
    keyless_fields = ("name", "birth_date")
    keyless_reason = "未填会员编号和身份证号码时按姓名和出生日期识别"
    yes_no_keys = ("is_frontline",)
    columns = (
        Column(
            "member_number",
            "会员编号",
            aliases=("会员号", "会员证号", "编号"),
            parser=parse_member_number,
            example="HB-000001",
        ),
        Column("name", "姓名", required=True, example="张三"),
        Column("gender", "性别", parser=parse_gender, example="男", choices=tuple(Gender.labels)),
        Column(
            "birth_date",
            "出生日期",
            aliases=("出生年月",),
            parser=parse_birth_date,
            example="1980.05",
            note="填写身份证号码时可留空",
        ),
        Column(
            "id_number",
            "身份证号码",
            aliases=("身份证号", "公民身份号码", "证件号码", "身份证件号码"),
            parser=parse_id,
            example="",
            note="18位；填写后自动核对出生日期与性别",
        ),
        Column("employer", "工作单位", aliases=("单位", "单位名称"), example="武汉大学"),
        Column("title", "职务职称", aliases=("职称", "职务"), example="教授"),
        Column("education", "学历", aliases=("最高学历", "最后学历"), example="博士研究生"),
        Column("phone", "联系电话", aliases=("手机", "手机号码", "电话"), example=""),
        Column(
            "is_frontline",
            "基层一线科技工作者",
            aliases=("一线科技工作者", "一线"),
            parser=parse_trait,
            example="是",
            choices=("是", "否"),
            note="可写“是（高校教师）”，括号内的说明记入备注；留空或缺少该列为未填，不等于否",
        ),
        Column(
            "join_date", "入会日期", aliases=("入会时间",), parser=parse_date, example="2018-05-01"
        ),
        Column(
            "status",
            "状态",
            aliases=("会员状态",),
            parser=parse_status,
            example="正常",
            choices=tuple(MemberStatus.labels),
            note="留空视为正常",
        ),
        Column(
            "left_on",
            "离会日期",
            aliases=("退会日期", "退会时间", "除名日期"),
            parser=parse_date,
            note="退会或除名时填写",
        ),
        Column(
            "dues_paid_until",
            "会费缴至",
            aliases=("会费缴纳至", "会费缴费至"),
            parser=parse_date,
            example="2025-12-31",
        ),
        Column("note", "备注", example=""),
    )

    def _derived(self, instance) -> dict:
        return {"birth_date": instance.birth_date, "gender": instance.gender}

    def _written_keys(self, present: list[str]) -> list[str]:
        if "id_number" not in present:
            return list(present)
        return [*present, *(k for k in ("birth_date", "gender") if k not in present)]


class InstitutionalMemberImporter(MemberImporter):
    model = InstitutionalMember
    kind = MemberKind.INSTITUTIONAL
    second_key = "uscc"
    phone_key = "contact_phone"
    masked_keys = ("contact_phone",)
    noun = "家"
    columns = (
        Column(
            "member_number",
            "会员编号",
            aliases=("会员号", "编号"),
            parser=parse_member_number,
            example="HBD-0001",
        ),
        Column(
            "name",
            "单位名称",
            aliases=("名称", "会员单位"),
            required=True,
            example="某某科技有限公司",
        ),
        Column(
            "uscc",
            "统一社会信用代码",
            aliases=("信用代码", "社会信用代码"),
            parser=parse_code,
            example="",
            note="18位，填写后核对校验位",
        ),
        Column("contact_name", "联系人", example="李四"),
        Column("contact_phone", "联系电话", aliases=("电话", "手机"), example=""),
        Column(
            "join_date", "入会日期", aliases=("入会时间",), parser=parse_date, example="2019-03-01"
        ),
        Column(
            "status",
            "状态",
            aliases=("会员状态",),
            parser=parse_status,
            example="正常",
            choices=tuple(MemberStatus.labels),
            note="留空视为正常",
        ),
        Column(
            "left_on", "离会日期", aliases=("退会日期", "退会时间", "除名日期"), parser=parse_date
        ),
    )


IMPORTERS: dict[str, Callable[..., MemberImporter]] = {
    MemberKind.INDIVIDUAL: IndividualMemberImporter,
    MemberKind.INSTITUTIONAL: InstitutionalMemberImporter,
}


def importer_for(kind: str, *, society, actor=None) -> MemberImporter:
    return IMPORTERS[kind](society=society, actor=actor)


def import_kind(kind: str) -> str:
    """The pending-upload kind of a register import (xuehui.imports.pending)."""
    return f"members-{kind}"


IMPORT_KINDS = frozenset(import_kind(kind) for kind in IMPORTERS)


def _background_importer(user, params: dict) -> MemberImporter:
    """The importer a worker builds for a large register, the access checked again."""
    society = society_for(user, params.get("society"), edit=True)
    return importer_for(params["kind"], society=society, actor=user)


for _kind in IMPORT_KINDS:
    register_importer(_kind, _background_importer)
    register_preview(_kind, "members:import_preview")
