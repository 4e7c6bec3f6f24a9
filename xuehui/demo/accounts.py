"""Step 演示账号: a 科协管理员 and a 科协领导 of the Hubei provincial 科协, and the 学会填报员
(the secretary) of 湖北省环境科学学会.

The passwords are fixed and printed: this is a demo, never a production database. They pass
Django's password validators. An account whose password was changed is reset to the printed
one on the next run; an account already as printed is left untouched (no audit record).
"""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password

from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.accounts.services import role_grant, user_upsert

from .context import DemoAccount, DemoContext
from .rosters import society_plans

SECRETARY_SOCIETY = "湖北省环境科学学会"


@dataclass(frozen=True)
class AccountSpec:
    username: str
    password: str
    full_name: str
    role: str
    federation: str = ""  # code
    society: str = ""  # name


ACCOUNTS = (
    AccountSpec("kx_admin", "Hubei#Kexie2017", "省科协学会部（演示）", Role.FEDERATION_ADMIN, "hubei"),
    AccountSpec("kx_leader", "Hubei#Lingdao2017", "省科协领导（演示）", Role.FEDERATION_VIEWER, "hubei"),
    # The full name is filled in with the society's 秘书长 from the roster plan.
    AccountSpec("hj_secretary", "Huanke#Mishu2017", "", Role.SOCIETY_EDITOR, society=SECRETARY_SOCIETY),
)  # fmt: skip


def load_accounts(ctx: DemoContext) -> str:
    created = 0
    for spec in ACCOUNTS:
        full_name = spec.full_name or society_plans(ctx)[spec.society].secretary_general.name
        user = User.objects.filter(username=spec.username).first()
        created += user is None
        if user is None or user.full_name != full_name or not user.check_password(spec.password):
            validate_password(spec.password, User(username=spec.username, full_name=full_name))
            user = user_upsert(
                username=spec.username, password=spec.password, full_name=full_name, actor=ctx.actor
            )
        federation = ctx.federations[spec.federation] if spec.federation else None
        society = ctx.societies[spec.society] if spec.society else None
        role_grant(
            user=user, role=spec.role, federation=federation, society=society, actor=ctx.actor
        )
        ctx.accounts.append(
            DemoAccount(
                role_label=Role(spec.role).label,
                username=spec.username,
                password=spec.password,
                scope=str(society or federation),
            )
        )
    return f"新增 {created} 个，共 {len(ACCOUNTS)} 个"
