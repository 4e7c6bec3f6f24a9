"""W10: production settings as documented, checked in fresh processes with DEBUG off."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Vq-2mZr9TxWp4Lc8Ys3Nd6Hf1Jb5Gu0Ea-QwErTyUiOpAsDfGhJkLzXcVbNm",
    "ALLOWED_HOSTS": "xuehui.example.org",
}


def _run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("XUEHUI_", "SECRET_KEY"))}
    clean.pop("DEBUG", None)
    clean.update(env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_gives_no_security_warning():
    result = _run(["manage.py", "check", "--deploy"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "security." not in result.stderr + result.stdout


def test_production_defaults_are_secure_and_relaxed_only_on_request():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS, "
        "s.STORAGES['staticfiles']['BACKEND'].startswith('whitenoise'))"
    )
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}
    secure = _run(code, **env)
    assert secure.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "DENY",
        "True",
    ], secure.stderr
    relaxed = _run(code, XUEHUI_INSECURE_HTTP="1", **env)
    assert relaxed.stdout.split()[:4] == ["False", "False", "False", "False"], relaxed.stderr


def test_the_web_application_refuses_to_start_without_a_secret_key():
    result = _run("import config.wsgi", DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "未设置 SECRET_KEY" in result.stderr
    started = _run("import config.wsgi", **PRODUCTION, DJANGO_SETTINGS_MODULE="config.settings")
    assert started.returncode == 0, started.stderr
    demo = _run("import config.wsgi", DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    assert demo.returncode == 0, demo.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_event_handler():
    """The policy allows no inline script: every script is a static file."""
    offenders = []
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("xuehui/*/templates/**/*.html")]:
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=|\shx-on[:-]|\bjavascript:", text):
            offenders.append(f"{template}: inline event handler")
    assert offenders == []


@pytest.mark.skipif(not (ROOT / "node_modules" / "htmx.org").exists(), reason="npm packages")
def test_vendor_files_are_found_for_collectstatic():
    from django.contrib.staticfiles import finders

    for path in (
        "vendor/htmx/htmx.min.js",
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
        "vendor/echarts/echarts.min.js",
        "js/app.js",
        "finances/income_chart.js",
    ):
        assert finders.find(path), path
    assert not finders.find("vendor/echarts/echarts.js")  # the unused builds are left out
