"""`xuehui api-token USERNAME [--days N] [--name 用途]`: issue an API token (接口令牌) for the account and
print it, once, alone on the last line (a script takes it with `tail -n 1`); the platform
keeps only its hash.

`--revoke` revokes every live token of the account, `--revoke PREFIX` only that one;
`--list` shows the account's tokens. Every issue and revocation is audited.
Exit codes: 0 done, 2 a wrong command line (no such account, a disabled one, bad --days).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.accounts.models import User
from xuehui.api.models import ApiToken
from xuehui.api.services import MAX_DAYS, token_issue, token_revoke, token_revoke_all
from xuehui.imports.cli import fail

ALL = "*"


class Command(BaseCommand):
    help = "为账号签发接口令牌（令牌单独打印在最后一行，只显示这一次），或吊销、列出令牌"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--days", type=int, help=f"有效天数（1～{MAX_DAYS}，默认见设置）")
        parser.add_argument(
            "--revoke",
            nargs="?",
            const=ALL,
            metavar="PREFIX",
            help="吊销该账号的全部令牌，或指定前缀的一个",
        )
        parser.add_argument("--name", default="", help="用途（如对接的系统名称），列表中显示")
        parser.add_argument("--list", action="store_true", help="列出该账号的令牌")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            return fail(self, f"未找到账号：{options['username']}")
        if options["list"]:
            return self._list(user)
        if options["revoke"] is not None:
            return self._revoke(user, options["revoke"])
        try:
            token, key = token_issue(
                user=user, actor=SYSTEM, days=options["days"], name=options["name"][:100]
            )
        except ValidationError as error:
            fail(self, "；".join(error.messages))
        expires = timezone.localtime(token.expires_at)
        self.stdout.write(
            f"已为{user.get_username()}签发接口令牌（前缀{token.prefix}，{expires:%Y-%m-%d %H:%M}"
            "到期）。令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(key)

    def _revoke(self, user, prefix: str) -> None:
        if prefix == ALL:
            count = token_revoke_all(user=user, actor=SYSTEM)
            self.stdout.write(f"已吊销{user.get_username()}的{count}个接口令牌")
            return
        token = ApiToken.objects.filter(user=user, prefix=prefix).first()
        if token is None:
            return fail(self, f"{user.get_username()}没有前缀为{prefix}的接口令牌")
        if token_revoke(token=token, actor=SYSTEM):
            self.stdout.write(f"已吊销接口令牌{prefix}")
        else:
            self.stdout.write(f"接口令牌{prefix}此前已被吊销")

    def _list(self, user) -> None:
        now = timezone.now()
        for token in ApiToken.objects.filter(user=user):
            state = (
                "有效" if token.is_live_at(now) else ("已吊销" if token.revoked_at else "已过期")
            )
            used = (
                f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "从未"
            )
            self.stdout.write(
                f"{token.prefix}\t{state}\t签发 {timezone.localtime(token.created_at):%Y-%m-%d}"
                f"\t到期 {timezone.localtime(token.expires_at):%Y-%m-%d}\t最近使用 {used}"
            )
