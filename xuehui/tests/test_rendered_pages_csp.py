"""The rendered pages keep to the Content Security Policy (no inline script): each role crawls
the pages it can reach from the dashboard and the account pages, following links, and no page
carries a <script> without src, an on…= handler attribute or a javascript: URL. (The template
grep in test_production_settings.py reads the sources; this reads what the browser gets,
includes and widgets included.)"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.tests import factories

INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I
)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
LINK = re.compile(r"""href="(/[^"]*)\"""")
SKIP = ("/static/", "/media/", "/django-admin/", "/accounts/logout/", "/public/")
PER_ROLE = 60


def _problems(html: str) -> list[str]:
    found = [f"inline script {m.group(0)[:80]}" for m in INLINE_SCRIPT.finditer(html)]
    found += [f"handler {m.group(0)[-60:]}" for m in HANDLER.finditer(html)]
    found += [f"javascript: URL {m.group(0)}" for m in JS_URL.finditer(html)]
    return found


def _crawl(client: Client, starts: list[str]) -> tuple[int, list[str]]:
    queue, seen, problems, pages = deque(starts), set(starts), [], 0
    while queue and pages < PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        policy = response.get("Content-Security-Policy", "")
        if (
            "script-src 'self'" not in policy
            or "unsafe-inline" in policy.split("script-src")[1].split(";")[0]
        ):
            problems.append(f"{url}: policy {policy!r}")
        html = response.content.decode()
        problems += [f"{url}: {p}" for p in _problems(html)]
        for link in LINK.findall(html):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if link and link not in seen and not link.startswith(SKIP) and not urlsplit(link).query:
                seen.add(link)
                queue.append(link)
    return pages, problems


@pytest.fixture
def cast(federation, society_a, admin_user, secretary_a, expert_user):
    viewer = factories.make_user("kx_viewer", role=Role.FEDERATION_VIEWER, federation=federation)
    system = factories.make_user("sys_admin", role=Role.SYSTEM_ADMIN)
    return {
        "system": system,
        "admin": admin_user,
        "viewer": viewer,
        "secretary": secretary_a,
        "expert": expert_user,
    }


@pytest.mark.parametrize("role", ["system", "admin", "viewer", "secretary", "expert"])
def test_no_page_a_role_reaches_has_inline_script_or_handlers(cast, role):
    client = Client()
    client.force_login(cast[role])
    starts = [
        reverse("dashboard:home"),
        reverse("accounts:password_change"),
        reverse("accounts:second_factor"),
        reverse("guide:index"),
    ]
    pages, problems = _crawl(client, starts)
    assert pages >= 4
    assert problems == []


def test_the_sign_in_and_code_pages_have_no_inline_script(client, admin_user):
    assert _problems(client.get(reverse("accounts:login")).content.decode()) == []
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=admin_user, name="x", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "kx_admin", "password": "pass-测试-123"})
    page = client.get(reverse("accounts:second_factor_verify"))
    assert page.status_code == 200 and _problems(page.content.decode()) == []


def test_the_checks_find_what_they_look_for():
    assert _problems('<script>alert(1)</script><script src="/static/a.js"></script>') != []
    assert len(_problems('<button onclick="x()">')) == 1
    assert len(_problems('<a href="javascript:alert(1)">')) == 1
    assert _problems('<script type="application/json" id="d">{}</script><a href="/x">') == []
