"""`xuehui add-user USERNAME --role ROLE [--society CODE]… [--federation CODE] [--email …] [--name …]`

Creates the account or updates it, and grants the role. The password comes from the
environment variable XUEHUI_PASSWORD, never from the command line (where `ps` and the shell
history would show it); without it a new account gets an unusable password.
Exit codes: 0 done, 1 a refused password or account data, 2 a wrong command line or an
unknown society or 科协.
"""

import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from xuehui.access import SYSTEM
from xuehui.accounts.choices import FEDERATION_ROLES, Role
from xuehui.accounts.models import User
from xuehui.accounts.services import role_grant, user_upsert
from xuehui.imports.cli import EXIT_DATA, fail, society_by_code
from xuehui.lib.text import compact
from xuehui.societies.models import Federation

PASSWORD_VARIABLE = "XUEHUI_PASSWORD"


class Command(BaseCommand):
    help = f"新建或更新账号并授予角色；密码取自环境变量 {PASSWORD_VARIABLE}"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--role", required=True, choices=Role.values, help="角色")
        parser.add_argument(
            "--society",
            action="append",
            default=[],
            metavar="CODE",
            help="学会统一社会信用代码或全称（学会填报员必填，可重复）",
        )
        parser.add_argument("--federation", metavar="CODE", help="科协代码或名称")
        parser.add_argument("--email", default="", help="电子邮箱")
        parser.add_argument("--name", default="", help="姓名")

    def handle(self, *args, **options):
        role = options["role"]
        societies = [society_by_code(self, code) for code in options["society"]]
        federation = self._federation(options["federation"])
        self._check_scope(role, societies, federation)
        password = os.environ.get(PASSWORD_VARIABLE) or None
        username = options["username"]
        if password:
            self._check_password(password, username, options)
        try:
            with transaction.atomic():
                user = user_upsert(
                    username=username,
                    password=password,
                    full_name=options["name"],
                    email=options["email"],
                )
                for society in societies or [None]:
                    role_grant(
                        user=user, role=role, federation=federation, society=society, actor=SYSTEM
                    )
        except ValidationError as error:
            fail(self, "；".join(error.messages), EXIT_DATA)
        self._report(user, role, password)

    def _federation(self, code: str | None) -> Federation | None:
        if not code:
            return None
        text = compact(code)
        federation = Federation.objects.filter(Q(code=text) | Q(name=text)).first()
        if federation is None:
            fail(self, f"未找到科协：{code}（请填写科协代码或名称）")
        return federation

    def _check_scope(self, role: str, societies: list, federation) -> None:
        if role in FEDERATION_ROLES and federation is None:
            fail(self, f"{Role(role).label}须用 --federation 指定所属科协")
        if role == Role.SOCIETY_EDITOR and not societies:
            fail(self, "学会填报员须用 --society 指定至少一个学会")
        if societies and role != Role.SOCIETY_EDITOR:
            fail(self, f"--society 只用于学会填报员，{Role(role).label}不能指定学会")

    def _check_password(self, password: str, username: str, options) -> None:
        try:
            validate_password(
                password, User(username=username, full_name=options["name"], email=options["email"])
            )
        except ValidationError as error:
            fail(
                self,
                f"{PASSWORD_VARIABLE} 中的密码不符合要求：" + "；".join(error.messages),
                EXIT_DATA,
            )

    def _report(self, user: User, role: str, password: str | None) -> None:
        self.stdout.write(f"账号 {user.username} 已保存，角色：{Role(role).label}")
        if password:
            self.stdout.write(f"密码已按环境变量 {PASSWORD_VARIABLE} 设置")
        elif not user.has_usable_password():
            self.stdout.write(
                f"未设置环境变量 {PASSWORD_VARIABLE}：该账号暂时不能登录，"
                "请设置该变量后重新运行本命令，或由管理员在用户管理中重置密码"
            )
