"""Password rules beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS): three of
the four character classes, and none of the words everyone in a 科协 would try first."""

import datetime as dt
import re
import secrets
import string

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from xuehui.access import scope_for

from .models import PasswordHistory

CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9\s\u3400-\u9fff]")),
)
# Words that name the platform, the organisation or the role: a password made of one of them
# plus digits and symbols (xuehui2026, Kexie@2017!) is the first thing an attacker tries.
PLACE_WORDS = frozenset(
    [
        "xuehui",
        "kexie",
        "kexue",
        "xiehui",
        "hubei",
        "wuhan",
        "jiangxi",
        "tianjin",
        "fengxian",
        "shanghai",
        "admin",
        "administrator",
        "password",
        "passwd",
        "mima",
        "mishu",
        "zhuanjia",
        "lingdao",
        "guanli",
        "guanliyuan",
        "qwerty",
        "asdf",
        "zxcv",
        "abc",
        "abcd",
        "welcome",
    ]
)


class CharacterClassesValidator:
    """At least `min_classes` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _, pattern in CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        names = "、".join(name for name, _ in CLASSES)
        return f"密码须包含{names}中的至少{self.min_classes}类。"


class PlaceWordValidator:
    """Not one well-known word dressed up with digits and symbols."""

    def validate(self, password, user=None):
        letters = re.sub(r"[^a-z]", "", password.lower())
        if letters in PLACE_WORDS or _repeats(password):
            raise ValidationError(self.get_help_text(), code="password_guessable")

    def get_help_text(self):
        return "密码不能只是常见单词（如xuehui、kexie、admin）或重复字符加上数字和符号。"


def _repeats(password: str) -> bool:
    """A password that is one short piece said again and again (Zz1!Zz1!Zz1!)."""
    for size in range(1, len(password) // 2 + 1):
        piece = password[:size]
        if len(password) % size == 0 and piece * (len(password) // size) == password:
            return True
    return False


class PasswordHistoryValidator:
    """Not the current password nor one of the user's last `XUEHUI_PASSWORD_HISTORY` passwords
    (their hashes are kept in `PasswordHistory`, never the passwords)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in _recent_hashes(user)):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return f"新密码不能与最近{settings.XUEHUI_PASSWORD_HISTORY}次使用过的密码相同。"


def _recent_hashes(user) -> list[str]:
    count = settings.XUEHUI_PASSWORD_HISTORY
    kept = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
    hashes = list(kept.values_list("password", flat=True)[:count])
    if user.password and user.has_usable_password() and user.password not in hashes:
        hashes.append(user.password)
    return hashes


def password_history_add(user) -> None:
    """Keep the hash of the password just set, and only the last `XUEHUI_PASSWORD_HISTORY`."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = settings.XUEHUI_PASSWORD_HISTORY
    kept = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
    stale = list(kept.values_list("pk", flat=True)[keep:])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()


# The sign-in found the password older than its limit: changing it comes first (middleware).
PASSWORD_EXPIRED = "_xuehui_password_expired"


def password_max_age_days(user) -> int:
    """How many days a password lasts (0: for ever); administrators get the stricter limit."""
    ages = [settings.XUEHUI_PASSWORD_MAX_AGE_DAYS]
    if scope_for(user).is_federation_staff:
        ages.append(settings.XUEHUI_ADMIN_PASSWORD_MAX_AGE_DAYS)
    ages = [age for age in ages if age > 0]
    return min(ages) if ages else 0


def password_expired(user, now: dt.datetime | None = None) -> bool:
    days = password_max_age_days(user)
    if not days:
        return False
    since = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - since >= dt.timedelta(days=days)


# Initial passwords avoid characters that are easily misread on paper (0/O, 1/l/I).
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
INITIAL_PASSWORD_LENGTH = 14


class InitialPasswordHasher(Argon2PasswordHasher):
    """Argon2id at the OWASP minimum (19 MiB, 2 passes), for random initial passwords only.

    An initial password carries about 80 bits of randomness, so a cheaper hash costs no
    safety, and 200 accounts import in seconds instead of minutes. Django re-hashes it with
    the full parameters at the first sign-in, and the user replaces it straight away.
    """

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1


def initial_password() -> str:
    """A random password with upper- and lower-case letters and digits."""
    while True:
        password = "".join(
            secrets.choice(_PASSWORD_ALPHABET) for _ in range(INITIAL_PASSWORD_LENGTH)
        )
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def initial_password_hash(password: str) -> str:
    return make_password(password, hasher=InitialPasswordHasher())
