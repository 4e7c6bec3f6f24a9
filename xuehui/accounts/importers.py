"""账号批量导入: the accounts of society secretaries (and other roles) from a spreadsheet.

Every new account gets a random initial password it must change at first sign-in; the
passwords leave the import only as a file for the administrator (`password_rows`), never on
a page. A user name already taken by an account the importer manages gets the row's role
added and its name, phone and e-mail updated, and keeps its password. A row that names a
society or 科协 outside the importer's subtree, or a role they may not grant, fails.
"""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.urls import reverse

from xuehui.access import SYSTEM, administers, can_grant, scope_for, users_manageable
from xuehui.audit.services import AuditBatch, audit_record
from xuehui.imports.background import register_importer
from xuehui.imports.kinds import register_preview
from xuehui.lib.batching import filter_any_in, filter_in
from xuehui.lib.export import Exporter
from xuehui.lib.identifiers import validate_uscc
from xuehui.lib.importing import Column, Importer, ImportOutcome, ParsedRow, ParseResult
from xuehui.lib.parsing import choice_parser, is_blank, parse_text
from xuehui.lib.text import compact
from xuehui.societies.models import Federation, Society

from .choices import FEDERATION_ROLES, AccountAction, Role
from .models import RoleAssignment, User
from .passwordfiles import password_file_save
from .passwords import initial_password, initial_password_hash
from .roles import role_scope

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_username_validator = UnicodeUsernameValidator()


def parse_username(value: object) -> str:
    text = compact(parse_text(value))
    if len(text) > 150:
        raise ValueError("用户名不能超过150个字符")
    try:
        _username_validator(text)
    except ValidationError:
        raise ValueError("用户名只能包含字母、数字、汉字和 @ . + - _ 符号") from None
    return text


def parse_mobile(value: object) -> str:
    text = re.sub(r"[\s\-()]", "", compact(parse_text(value)))
    if text.startswith("+86"):
        text = text[3:]
    if text and not _MOBILE.match(text):
        raise ValueError("手机号码应为11位，以1开头")
    return text


def parse_email(value: object) -> str:
    text = compact(parse_text(value))
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError("电子邮箱格式不正确") from None
    return text


def parse_optional_uscc(value: object) -> str:
    return "" if is_blank(value) else validate_uscc(value)


parse_role = choice_parser(
    Role,
    synonyms={
        "填报员": Role.SOCIETY_EDITOR,
        "学会秘书": Role.SOCIETY_EDITOR,
        "秘书长": Role.SOCIETY_EDITOR,
        "专家": Role.EXPERT,
        "科协领导": Role.FEDERATION_VIEWER,
        "领导": Role.FEDERATION_VIEWER,
    },
    what="角色",
)

COLUMNS = (
    Column(
        "username",
        "用户名",
        aliases=("账号", "登录名", "登录账号", "用户账号"),
        required=True,
        parser=parse_username,
        example="hbhjkxxh",
        note="登录时使用；字母、数字、汉字或 @ . + - _",
    ),
    Column("full_name", "姓名", aliases=("真实姓名", "联系人"), example="张三"),
    Column(
        "phone",
        "手机号码",
        aliases=("手机", "手机号", "联系电话", "移动电话"),
        parser=parse_mobile,
        example="13800001234",
    ),
    Column(
        "email",
        "电子邮箱",
        aliases=("邮箱", "电子邮件", "email", "e-mail"),
        parser=parse_email,
        example="zhangsan@example.com",
    ),
    Column(
        "society_uscc",
        "学会统一社会信用代码",
        aliases=("统一社会信用代码", "信用代码", "社会信用代码"),
        parser=parse_optional_uscc,
        example="51420000MJ0000001H",
        note="学会填报员须填写学会统一社会信用代码或学会名称",
    ),
    Column(
        "society_name",
        "学会名称",
        aliases=("学会", "学会全称", "所在学会"),
        example="湖北省环境科学学会",
    ),
    Column(
        "role",
        "角色",
        aliases=("用户角色", "账号类型"),
        parser=parse_role,
        example=Role.SOCIETY_EDITOR.label,
        choices=tuple(label for value, label in Role.choices if value != Role.SYSTEM_ADMIN),
        note="不填为学会填报员",
    ),
    Column(
        "federation",
        "所属科协",
        aliases=("科协",),
        example="",
        note="科协管理员、科协领导须填写（科协名称或代码）；评审专家可填写",
    ),
)


@dataclass
class PlannedRow:
    """What the write phase does with one row."""

    row: ParsedRow
    role: str
    federation: Federation | None
    society: Society | None
    existing: User | None


@dataclass(frozen=True)
class PasswordLine:
    """One line of the password file."""

    username: str
    full_name: str
    role: str
    scope: str
    password: str


class PasswordFile(Exporter):
    """初始密码: the user names and initial passwords of newly created accounts."""

    sheet_title = "初始密码"
    title = "账号初始密码（请妥善保管，分发后删除本文件；首次登录须修改密码）"
    header = ("用户名", "姓名", "角色", "学会/科协", "初始密码")

    def row(self, line: PasswordLine):
        return (line.username, line.full_name, line.role, line.scope, line.password)


class UserImporter(Importer):
    """Validate every row against the database in a handful of queries, then create in bulk."""

    columns = COLUMNS
    noun = "个账号"

    def __init__(self, *, actor):
        """`actor`: the administrator importing, or `xuehui.access.SYSTEM` (the command line)."""
        self.actor = actor
        self.plan: list[PlannedRow] = []
        self.password_lines: list[PasswordLine] = []
        self._dry_run = False

    # ------------------------------------------------------------ phase one

    def validate(self, result: ParseResult) -> None:
        by_uscc, by_name = self._societies(result)
        federations = self._federations(result)
        existing = self._existing(result)
        manageable = self._manageable(existing.values())
        seen: dict[str, int] = {}
        self.plan = []
        for row in result.rows:
            self._check_duplicate(row, seen)
            role = row.values.get("role") or Role.SOCIETY_EDITOR
            society = self._row_society(row, by_uscc, by_name)
            federation = self._row_federation(row, role, federations)
            account = existing.get((row.values.get("username") or "").lower())
            if account is not None and account.pk not in manageable:
                row.add_error("username", "该用户名已被您管辖范围以外的账号使用")
            if row.ok:
                self._check_role(row, role, federation, society)
            if row.ok:
                row.note = "新增" if account is None else "更新"
                self.plan.append(PlannedRow(row, role, federation, society, account))

    def _check_duplicate(self, row: ParsedRow, seen: dict[str, int]) -> None:
        key = (row.values.get("username") or "").lower()
        if key and key in seen:
            row.add_error("username", f"与第{seen[key]}行的用户名重复")
        elif key:
            seen[key] = row.number

    def _societies(self, result: ParseResult) -> tuple[dict, dict]:
        codes = {row.values.get("society_uscc") for row in result.rows} - {"", None}
        names = {compact(row.values.get("society_name")) for row in result.rows} - {""}
        found = filter_any_in(
            Society.objects.select_related("federation"), {"uscc__in": codes, "name__in": names}
        )
        by_uscc, by_name = {}, {}
        for society in found:
            by_uscc[society.uscc] = society
            by_name.setdefault(compact(society.name), []).append(society)
        return by_uscc, by_name

    def _federations(self, result: ParseResult) -> dict[str, Federation]:
        texts = {compact(row.values.get("federation")) for row in result.rows} - {""}
        table: dict[str, Federation] = {}
        lookups = {"name__in": texts, "code__in": texts}
        for federation in filter_any_in(Federation.objects.all(), lookups):
            table[federation.code] = federation
            table[compact(federation.name)] = federation
        return table

    def _existing(self, result: ParseResult) -> dict[str, User]:
        """The accounts the file names, whatever the case of their names, in batched `IN`s
        (an OR of one iexact per row outgrows SQLite's expression depth at 1,000 rows)."""
        names = {row.values.get("username") for row in result.rows} - {"", None}
        if not names:
            return {}
        accounts = User.objects.annotate(name_folded=Lower("username"))
        found = filter_in(accounts, "name_folded__in", (name.lower() for name in names))
        return {user.username.lower(): user for user in found}

    def _manageable(self, accounts) -> set[int]:
        ids = [account.pk for account in accounts]
        if not ids:
            return set()
        if self.actor is SYSTEM:
            return set(ids)
        return set(users_manageable(self.actor).filter(pk__in=ids).values_list("pk", flat=True))

    def _row_society(self, row: ParsedRow, by_uscc: dict, by_name: dict) -> Society | None:
        code = row.values.get("society_uscc")
        name = compact(row.values.get("society_name"))
        society = None
        if code:
            society = by_uscc.get(code)
            if society is None:
                row.add_error("society_uscc", f"找不到统一社会信用代码为{code}的学会")
                return None
        if name and society is not None and compact(society.name) != name:
            row.add_error("society_name", f"与统一社会信用代码对应的学会“{society.name}”不一致")
            return None
        if name and society is None:
            matches = by_name.get(name, [])
            if len(matches) != 1:
                reason = (
                    "找不到名称为“{}”的学会"
                    if not matches
                    else "有多个学会名为“{}”，请填写统一社会信用代码"
                )
                row.add_error("society_name", reason.format(name))
                return None
            society = matches[0]
        if society is not None and not self._in_scope(society):
            row.add_error("society_uscc" if code else "society_name", "该学会不在您的管辖范围内")
            return None
        return society

    def _in_scope(self, society: Society) -> bool:
        return administers(self.actor, society.federation_id)

    def _row_federation(self, row: ParsedRow, role: str, federations: dict) -> Federation | None:
        text = compact(row.values.get("federation"))
        if not text:
            if role in FEDERATION_ROLES:
                row.add_error("federation", f"{Role(role).label}须填写所属科协")
            return None
        federation = federations.get(text)
        if federation is None:
            row.add_error("federation", f"找不到名称或代码为“{text}”的科协")
        return federation

    def _check_role(self, row: ParsedRow, role: str, federation, society) -> None:
        if role == Role.SYSTEM_ADMIN:
            row.add_error("role", "系统管理员不能通过导入创建，请使用 xuehui add-user")
            return
        if role == Role.SOCIETY_EDITOR and society is None:
            row.add_error("society_uscc", "学会填报员须填写学会统一社会信用代码或学会名称")
            return
        federation, society = role_scope(role, federation=federation, society=society)
        if not can_grant(self.actor, role=role, federation=federation, society=society):
            key = "federation" if society is None else "society_uscc"
            row.add_error(key, f"您无权授予该范围的{Role(role).label}角色")

    # ------------------------------------------------------------ phase two

    def commit(self, result: ParseResult, *, dry_run: bool = False) -> ImportOutcome:
        self._dry_run = dry_run
        return super().commit(result, dry_run=dry_run)

    def write(self, result: ParseResult) -> ImportOutcome:
        outcome = ImportOutcome(noun=self.noun)
        new = [planned for planned in self.plan if planned.existing is None]
        passwords = self._passwords(len(new))
        self.password_lines = []
        created = User.objects.bulk_create(
            [
                self._new_user(planned, hashed)
                for planned, (_, hashed) in zip(new, passwords, strict=True)
            ]
        )
        for planned, user, (password, _) in zip(new, created, passwords, strict=True):
            planned.existing = user
            self.password_lines.append(self._line(planned, user, password))
            outcome.created.append(user.username)
        batch = AuditBatch(actor=self.actor, source=AccountAction.USERS_IMPORT)
        for planned, user in zip(new, created, strict=True):
            batch.created(
                user,
                action=AccountAction.USER_CREATE,
                society=planned.society,
                summary=f"{user.username}（批量导入）",
            )
        granted = self._grant_roles(outcome)
        for planned in self.plan:
            if planned.row.note != "新增":
                changed = self._update(planned.existing, planned.row, batch, planned.society)
                bucket = (
                    outcome.updated
                    if changed or planned.existing.pk in granted
                    else outcome.unchanged
                )
                bucket.append(planned.existing.username)
        batch.save()
        audit_record(
            actor=self.actor,
            action=AccountAction.USERS_IMPORT,
            summary=f"批量导入账号：{outcome.summary()}",
            detail={"created": outcome.created, "updated": outcome.updated},
        )
        if new:
            outcome.notes.append(
                "新账号的初始密码已写入密码文件，请下载后妥善分发；首次登录须修改密码。"
            )
        return outcome

    def _passwords(self, count: int) -> list[tuple[str, str]]:
        """(clear, hashed) pairs; a dry run hashes nothing (it is rolled back anyway)."""
        clear = [initial_password() for _ in range(count)]
        if self._dry_run:
            return [(password, "!dry-run") for password in clear]
        # Argon2 releases the GIL, so the hashes of a large import run on every core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            return list(zip(clear, pool.map(initial_password_hash, clear), strict=True))

    def _new_user(self, planned: PlannedRow, hashed: str) -> User:
        values = planned.row.values
        user = User(
            username=values["username"],
            full_name=values.get("full_name") or "",
            phone=values.get("phone") or "",
            email=values.get("email") or "",
            password=hashed,
            must_change_password=True,
        )
        user.full_clean(exclude=["password", "username"])
        return user

    def _line(self, planned: PlannedRow, user: User, password: str) -> PasswordLine:
        scope = planned.society or planned.federation
        return PasswordLine(
            username=user.username,
            full_name=user.full_name,
            role=Role(planned.role).label,
            scope=str(scope) if scope else "",
            password=password,
        )

    def _grant_roles(self, outcome: ImportOutcome) -> set[int]:
        """The rows' roles in one insert, each grant logged like `role_grant` logs it; returns
        the ids of the accounts that got a role."""
        held = set(
            RoleAssignment.objects.filter(user__in=[p.existing for p in self.plan]).values_list(
                "user_id", "role", "federation_id", "society_id"
            )
        )
        grants: list[RoleAssignment] = []
        for planned in self.plan:
            federation, society = role_scope(
                planned.role, federation=planned.federation, society=planned.society
            )
            assignment = RoleAssignment(
                user=planned.existing, role=planned.role, federation=federation, society=society
            )
            key = (
                assignment.user_id,
                assignment.role,
                assignment.federation_id,
                assignment.society_id,
            )
            if key not in held:
                assignment.clean()  # the rows were checked against the database already
                grants.append(assignment)
                held.add(key)
        RoleAssignment.objects.bulk_create(grants)
        batch = AuditBatch(actor=self.actor, source=None)
        for assignment in grants:
            batch.entry(
                assignment.user,
                action=AccountAction.ROLE_GRANT,
                society=assignment.society_id,
                summary=str(assignment),
                detail={
                    "role": assignment.role,
                    "federation": assignment.federation_id,
                    "society": assignment.society_id,
                    "import": True,
                },
            )
        batch.save()
        return {assignment.user_id for assignment in grants}

    def _update(self, user: User, row: ParsedRow, batch: AuditBatch, society) -> bool:
        changed, old = [], {}
        for name in ("full_name", "phone", "email"):
            value = row.values.get(name) or ""
            if value and getattr(user, name) != value:
                old[name] = getattr(user, name)
                setattr(user, name, value)
                changed.append(name)
        if changed:
            user.full_clean(exclude=["password"])
            user.save(update_fields=changed)
            batch.updated(
                user,
                old=old,
                action=AccountAction.USER_UPDATE,
                society=society,
                summary=f"{user.username}（批量导入）",
            )
        return bool(changed)

    def password_file(self) -> bytes:
        """The password file of the last write (empty when no account was created)."""
        return PasswordFile(self.password_lines).write_xlsx()

    def background_result(self, job) -> dict:
        """After a worker's import: the password file saved for its owner to collect once
        (its key only goes on the job, never a password)."""
        if not self.password_lines:
            return {}
        count = len(self.password_lines)
        return {
            "password_file": {
                "key": password_file_save(self.password_file()),
                "count": count,
                "title": f"批量导入（{job.params.get('filename', '')}）",
            },
            "follow_up": {
                "url": reverse("accounts:users_import_passwords", args=[job.pk]),
                "label": "领取初始密码文件",
                "note": f"{count}个新账号的初始密码只在此文件中，只能下载一次",
            },
        }


IMPORT_KIND = "users"  # the pending-upload kind (xuehui.imports.pending)


def _background_importer(user, params: dict) -> UserImporter:
    """The importer a worker builds for a large account list, the right checked again."""
    if not scope_for(user).is_federation_staff:
        raise PermissionDenied("只有系统管理员和科协管理员可以管理用户")
    return UserImporter(actor=user)


register_importer(IMPORT_KIND, _background_importer)
register_preview(IMPORT_KIND, "accounts:users_import_preview")
