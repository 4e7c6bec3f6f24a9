"""The optional TOTP second factor (django-otp): set up with a server-drawn QR code and a code,
recovery codes shown once, the code asked after the password, compulsory for administrators
when configured, and reset by an administrator, every step audited."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuehui.accounts import secondfactor
from xuehui.accounts.choices import AccountAction
from xuehui.audit.models import AuditEntry

PASSWORD = "pass-测试-123"
LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:second_factor")
VERIFY = reverse("accounts:second_factor_verify")
HOME = reverse("dashboard:home")


def _code(device, offset: int = 0) -> str:
    """The authenticator's code `offset` steps from now, as the phone computes it."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    clock.time = time.time() + offset * device.step
    return f"{clock.token():06d}"


def _sign_in(username="kx_admin") -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(SETUP, {"token": _code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z0-9]+)</li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def test_the_setup_page_draws_the_qr_code_on_the_server_with_no_script(admin_client):
    response = admin_client.get(SETUP)
    page = response.content.decode()
    device = TOTPDevice.objects.get()
    assert not device.confirmed
    assert "<svg" in page and "<path" in page
    key = secondfactor.secret_text(device).replace(" ", "")
    assert key in page.replace(" ", "")
    assert device.config_url.startswith("otpauth://totp/") and "issuer=" in device.config_url
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert response["Cache-Control"] == "no-store"
    # A second visit shows the same key (the device waits for its code).
    admin_client.get(SETUP)
    assert TOTPDevice.objects.count() == 1


def test_a_wrong_code_enables_nothing(admin_client):
    admin_client.get(SETUP)
    response = admin_client.post(SETUP, {"token": "000000"})
    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticDevice.objects.exists()


def test_the_right_code_enables_it_and_shows_ten_recovery_codes_once(admin_client, admin_user):
    device, codes = _enrol(admin_client)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=admin_user).count() == 10
    assert AuditEntry.objects.filter(
        action=AccountAction.OTP_ENROL, target_id=admin_user.pk
    ).exists()
    page = admin_client.get(SETUP).content.decode()
    assert "已启用二次验证" in page and "剩余恢复码：<strong>10</strong>" in page
    assert not any(code in page for code in codes)  # shown once only


def test_sign_in_asks_for_the_code_after_the_password(admin_user):
    device, codes = _enrol(_sign_in())
    client = _sign_in()
    response = client.get(reverse("societies:list"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:password_change")).status_code == 302
    htmx = client.get(HOME, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == VERIFY
    page = client.get(VERIFY + "?next=/societies/").content.decode()
    assert "二次验证" in page
    wrong = client.post(VERIFY, {"token": "123456", "next": "/societies/"})
    assert "验证码不正确" in wrong.content.decode()
    assert AuditEntry.objects.filter(action=AccountAction.OTP_VERIFY_FAILED).count() == 1
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the test does not wait out django-otp's delay
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(VERIFY, {"token": _code(device, offset=1), "next": "/societies/"})
    assert ok.status_code == 302 and ok["Location"] == "/societies/"
    assert client.get(HOME).status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing owed any more
    assert AuditEntry.objects.filter(action=AccountAction.OTP_VERIFY).count() == 1


def test_a_recovery_code_works_once(admin_user):
    _device, codes = _enrol(_sign_in())
    first = _sign_in()
    response = first.post(VERIFY, {"token": codes[0].upper(), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == HOME
    again = _sign_in()
    assert "验证码不正确" in again.post(VERIFY, {"token": codes[0]}).content.decode()
    assert again.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9


def test_the_password_alone_never_reaches_a_page(admin_user):
    _enrol(_sign_in())
    client = _sign_in()
    for name in (
        "dashboard:home",
        "accounts:user_list",
        "societies:list",
        "accounts:second_factor",
    ):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("required", [False, True])
def test_administrators_must_set_it_up_when_required(settings, admin_user, secretary_a, required):
    settings.XUEHUI_ADMIN_OTP_REQUIRED = required
    admin = _sign_in()
    response = admin.get(HOME)
    if not required:
        assert response.status_code == 200
        return
    assert response.status_code == 302 and response["Location"] == SETUP
    assert "管理员账号须启用二次验证" in admin.get(SETUP).content.decode()
    assert _sign_in("sec_a").get(HOME).status_code == 200  # not an administrator
    _enrol(admin)
    assert admin.get(HOME).status_code == 200


def test_an_administrator_resets_another_user_s_second_factor(
    admin_client, admin_user, secretary_a
):
    _enrol(_sign_in("sec_a"))
    detail = reverse("accounts:user_detail", args=[secretary_a.pk])
    assert "重置二次验证" in admin_client.get(detail).content.decode()
    response = admin_client.post(
        reverse("accounts:user_second_factor_reset", args=[secretary_a.pk])
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretary_a).exists()
    assert not StaticDevice.objects.filter(user=secretary_a).exists()
    entry = AuditEntry.objects.get(action=AccountAction.OTP_RESET)
    assert entry.actor_id == admin_user.pk and entry.target_id == str(secretary_a.pk)
    assert _sign_in("sec_a").get(HOME).status_code == 200  # the password alone again


def test_a_secretary_cannot_reset_another_user_s_second_factor(secretary_b_client, secretary_a):
    _enrol(_sign_in("sec_a"))
    url = reverse("accounts:user_second_factor_reset", args=[secretary_a.pk])
    assert secretary_b_client.post(url).status_code in (403, 404)
    assert TOTPDevice.objects.filter(user=secretary_a, confirmed=True).exists()


def test_a_device_of_someone_else_confirms_nothing(admin_user, secretary_a, rf):
    device = secondfactor.pending_device(secretary_a)
    request = rf.post(SETUP)
    codes = secondfactor.second_factor_confirm(
        user=admin_user, device=device, token=_code(device), request=request
    )
    assert codes == []


def test_an_empty_code_is_asked_for_again(admin_user):
    client = _sign_in()
    assert "请输入验证码" in client.post(SETUP, {"token": ""}).content.decode()
    device, _codes = _enrol(client)
    client = _sign_in()
    assert "请输入验证码" in client.post(VERIFY, {"token": " "}).content.decode()
    assert not AuditEntry.objects.filter(action=AccountAction.OTP_VERIFY_FAILED).exists()


def test_setting_it_up_ends_the_sessions_opened_without_a_code(admin_user):
    earlier, here = _sign_in(), _sign_in()
    _enrol(here)
    assert here.get(HOME).status_code == 200
    response = earlier.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert _sign_in().get(HOME)["Location"].startswith(VERIFY)


def test_a_reset_ends_the_user_s_sessions(admin_client, secretary_a):
    client = _sign_in("sec_a")
    _enrol(client)
    admin_client.post(reverse("accounts:user_second_factor_reset", args=[secretary_a.pk]))
    assert client.get(HOME)["Location"].startswith(LOGIN)
