"""The second factor (二次验证, 等保 8.1.4.1): a TOTP authenticator app through django-otp, with
one-time recovery codes (django-otp's static device) for a lost phone.

- Optional for everyone; `XUEHUI_ADMIN_OTP_REQUIRED` makes it compulsory for system and 科协
  administrators, who are sent to set it up right after signing in.
- Sign-in asks for the code after the password: the sign-in marks the session (`PENDING`) and
  `PasswordChangeRequiredMiddleware` lets such a session reach only the code page and sign-out.
  (django-otp's OTPMiddleware is left out: it would read the device on every request, and
  the session's mark already says what is owed.)
- The QR code is drawn on the server as SVG (qrcode), so the page needs no script.
- An administrator resets another user's second factor (a lost phone and no recovery code
  left), audited like every account change.
"""

from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuehui.access import scope_for
from xuehui.audit.services import audit_record

from . import sessions
from .choices import AccountAction
from .models import User

PENDING = "_xuehui_otp_pending"  # signed in with the password; the code is still owed
ENROL = "_xuehui_otp_enrol"  # an administrator who must set up a second factor first
DEVICE_NAME = "身份验证器"


def required_for(user) -> bool:
    return bool(settings.XUEHUI_ADMIN_OTP_REQUIRED) and scope_for(user).is_federation_staff


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def sign_in_noted(session, user) -> None:
    """At sign-in: owe the code when the user has a second factor, else set it up if required."""
    session.pop(PENDING, None)
    session.pop(ENROL, None)
    if user_has_device(user, confirmed=True):
        session[PENDING] = True
    elif required_for(user):
        session[ENROL] = True


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed), made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an SVG QR code, drawn here (no script, no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])  # qrcode drew it from our own URL


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _normalised(token: str) -> str:
    return "".join(str(token or "").split()).lower()


@transaction.atomic
def second_factor_confirm(*, user: User, device: TOTPDevice, token: str, request) -> list[str]:
    """Confirm the authenticator with a code from it; its recovery codes, to be shown once.
    The user's other sessions, opened without a code, end. Empty when the code is wrong
    (nothing changes)."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_normalised(token)):
        return []
    for old in devices_for_user(user, confirmed=None):
        if old.pk != device.pk or not isinstance(old, TOTPDevice):
            old.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes(user)
    otp_login(request, device)
    request.session.pop(ENROL, None)
    request.session.pop(PENDING, None)
    sessions.end_all(user, keep=request.session.session_key)  # opened without the code
    audit_record(actor=user, action=AccountAction.OTP_ENROL, target=user, summary=user.username)
    return codes


def _recovery_codes(user: User) -> list[str]:
    static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.XUEHUI_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@transaction.atomic
def second_factor_verify(*, request, token: str) -> bool:
    """Check the code owed after the password: six digits from the app, or a recovery code
    (used up). Every device throttles its own failures (django-otp: a growing delay)."""
    user, token = request.user, _normalised(token)
    kind = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    for device in devices_for_user(user, for_verify=True):
        if isinstance(device, kind) and device.verify_token(token):
            otp_login(request, device)
            request.session.pop(PENDING, None)
            audit_record(
                actor=user,
                action=AccountAction.OTP_VERIFY,
                target=user,
                summary=f"{user.username}（{'恢复码' if kind is StaticDevice else '验证码'}）",
            )
            return True
    audit_record(
        actor=user,
        action=AccountAction.OTP_VERIFY_FAILED,
        target=user,
        summary=f"{user.username} 二次验证失败",
    )
    return False


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, user: User, actor) -> int:
    """Remove the user's authenticator and recovery codes (a lost phone); the count removed.
    The user signs in with the password alone until they set up a new one (or, when it is
    required, is sent to set it up)."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    sessions.end_all(user)  # a lost phone may be a stolen one, signed in
    audit_record(
        actor=actor,
        action=AccountAction.OTP_RESET,
        target=user,
        summary=f"{user.username}（移除{len(devices)}个验证方式）",
    )
    return len(devices)
