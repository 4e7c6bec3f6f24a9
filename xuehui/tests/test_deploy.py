"""The deployment files of deploy/ and the guide docs/deploy.md stay true: nginx accepts the
configuration and passes what the app needs, the systemd units are well-formed, and the guide
names every environment variable the settings read."""

import configparser
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
HOST = "xuehui.example.org"  # the server_name in deploy/nginx/xuehui.conf

needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


# ---------------------------------------------------------------- the guide


READS = re.compile(
    r'(?:os\.environ\.get|os\.getenv|os\.environ\[|env_bool|env_list)\(?\s*"([A-Z][A-Z0-9_]*)"'
)
CONFIGURED_BY_ENVIRONMENT = [ROOT / "config" / "settings.py", DEPLOY / "gunicorn.conf.py"]


def environment_variables(path: Path) -> set[str]:
    """Every variable the file reads: os.environ.get("X"…), os.getenv("X"…),
    os.environ["X"], env_bool("X"…), env_list("X"…)."""
    source = path.read_text(encoding="utf-8")
    other = [
        line
        for line in source.splitlines()
        if re.search(r"os\.(environ|getenv)", line)
        and not READS.search(line)
        and not re.search(r"os\.environ\.(get|setdefault)\(name\b", line)
    ]
    assert other == [], f"read in a way this test cannot see: {other}"
    return set(READS.findall(source))


def test_the_guide_names_every_environment_variable_the_settings_read():
    names = set().union(*map(environment_variables, CONFIGURED_BY_ENVIRONMENT))
    assert {"SECRET_KEY", "DATABASE_URL", "XUEHUI_LOG_FORMAT", "XUEHUI_BIND"} <= names
    # The guide, and its chapter on backups (object storage's variables may sit there).
    guide = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("deploy*.md"))
    missing = sorted(name for name in names if f"`{name}`" not in guide)
    assert missing == [], f"docs/deploy.md does not describe {missing}"


def test_the_guide_links_the_backup_guide_and_the_files_it_describes():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert re.search(r"^## (\d+\. )?备份与恢复$", guide, flags=re.MULTILINE)
    assert "(deploy-backup.md)" in guide
    for path in re.findall(r"`(deploy/[\w./-]+)`", guide):
        assert (ROOT / path).exists(), path


# ---------------------------------------------------------------- systemd


UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def test_there_are_units_for_the_app_the_worker_and_the_scheduler():
    assert [unit.name for unit in UNITS] == [
        "xuehui-beat.service",
        "xuehui-worker.service",
        "xuehui.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_unit_is_well_formed(unit):
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(unit.read_text(encoding="utf-8"))
    assert parser.sections() == ["Unit", "Service", "Install"]
    service = parser["Service"]
    command = service["ExecStart"].split()
    assert command[0].startswith("/srv/xuehui/app/.venv/bin/")
    assert service["EnvironmentFile"] == "/etc/xuehui/xuehui.env"
    assert service["User"] == "xuehui" and service["Restart"] == "on-failure"
    assert parser["Install"]["WantedBy"] == "multi-user.target"
    assert "%" not in service["ExecStart"]  # systemd would read it as a specifier


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze")
def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units, with this checkout's paths in place of
    /srv/xuehui/app (it checks that the commands exist)."""
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace("/srv/xuehui/app", str(ROOT))
        text = text.replace("/etc/xuehui/xuehui.env", "/dev/null")
        text = re.sub(r"^(User|Group)=xuehui$", r"\1=root", text, flags=re.MULTILINE)
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.glob("*.service")))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


# ---------------------------------------------------------------- nginx


def test_nginx_takes_an_upload_as_large_as_the_app_allows_and_not_much_more():
    text = (DEPLOY / "nginx" / "xuehui.conf").read_text(encoding="utf-8")
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    limit = settings.XUEHUI_MAX_UPLOAD_BYTES
    assert limit <= megabytes * 1024 * 1024 <= limit + 2 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx/xuehui.conf no longer has {old!r}"
    return text.replace(old, new)


def local_nginx(folder: Path, *, app_port: int) -> tuple[Path, int, int]:
    """deploy/nginx/xuehui.conf made to run here: loopback ports, a self-signed certificate,
    files in `folder`, inside a minimal nginx.conf. Returns that file and the two ports."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    text = (DEPLOY / "nginx" / "xuehui.conf").read_text(encoding="utf-8")
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{app_port};"),
        ("/etc/ssl/xuehui/fullchain.pem", str(folder / "cert.pem")),
        ("/etc/ssl/xuehui/privkey.pem", str(folder / "key.pem")),
        ("/srv/xuehui/app/var/static/", f"{settings.STATIC_ROOT}/"),
        ("/var/log/nginx/xuehui.access.log", str(folder / "access.log")),
    ]:
        text = _replace(text, old, new)
    text = re.sub(r"^\s*listen \[::\].*$", "", text, flags=re.MULTILINE)  # no IPv6 needed
    (folder / "xuehui.conf").write_text(text, encoding="utf-8")
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    main = (
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "worker_processes 1;\nevents { worker_connections 64; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  {temp}\n"
        f"  uwsgi_temp_path {folder / 'uwsgi'}; scgi_temp_path {folder / 'scgi'};\n"
        f"  access_log {folder / 'access.log'};\n  include {folder / 'xuehui.conf'};\n}}\n"
    )
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    return folder / "nginx.conf", http_port, https_port


def nginx(conf: Path, *args: str) -> subprocess.CompletedProcess:
    folder = conf.parent
    command = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@needs_nginx
def test_nginx_accepts_the_configuration(tmp_path):
    conf, _, _ = local_nginx(tmp_path, app_port=free_port())
    result = nginx(conf, "-t")
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log.read_text(errors="replace"))


def _get(port: int, path: str, *, tls: bool) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, timeout=120
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Host": HOST, "X-Request-ID": "forged by the client"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _logged(path: Path, text: str) -> bool:
    """Whether `text` reaches the log within 10 s (servers write it after the response)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return True
        time.sleep(0.1)
    return False


@needs_nginx
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl")
def test_a_request_through_nginx_reaches_the_app_as_https_with_nginxs_request_id(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py and the production settings (DEBUG off, HTTPS
    expected) behind the repository's nginx, all on loopback ports."""
    app_port = free_port()
    conf, http_port, https_port = local_nginx(tmp_path, app_port=app_port)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XUEHUI_", "DEBUG"))}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "k7Vq-2mZr9TxWp4Lc8Ys3Nd6Hf1Jb5Gu0Ea-QwErTyUiOpAsDfGhJkLzXcVbNm",
        "ALLOWED_HOSTS": HOST,
        "XUEHUI_PROXY_COUNT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{app_port}", "--workers", "1", "config.wsgi:application"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    started = None
    try:
        _wait_for(app_port, app, log)
        started = nginx(conf)
        assert started.returncode == 0, started.stderr
        secure = _get(https_port, "/accounts/login/", tls=True)
        assert secure.status == 200, log.read_text(errors="replace")
        # The app saw X-Forwarded-Proto: https (HSTS and Secure cookies are sent only then).
        assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "Secure" in secure.headers["Set-Cookie"]
        request_id = secure.headers["X-Request-ID"]  # nginx's $request_id, not the client's
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)
        assert _logged(tmp_path / "access.log", request_id)  # nginx's access log
        assert _logged(log, request_id)  # gunicorn's
        plain = _get(http_port, "/accounts/login/", tls=False)
        assert plain.status == 301 and plain.headers["Location"].startswith("https://")
        direct = _get(app_port, "/accounts/login/", tls=False)  # no proxy: plain HTTP
        assert direct.status == 301 and direct.headers["Location"].startswith("https://")
        static = _get(https_port, "/static/js/app.js", tls=True)
        assert static.status == 200 and "immutable" in static.headers["Cache-Control"]
    finally:
        if started is not None and started.returncode == 0:
            nginx(conf, "-s", "stop")
        app.terminate()
        app.wait(timeout=30)


# ---------------------------------------------------------------- check --deploy


def _check_deploy(secret_key: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` with DEBUG=0, SECRET_KEY and ALLOWED_HOSTS and nothing else
    (no XUEHUI_*, no DATABASE_URL: the documented minimum)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_warns_of_nothing_with_only_the_three_required_settings():
    result = _check_deploy("k7Vq-2mZr9TxWp4Lc8Ys3Nd6Hf1Jb5Gu0Ea-QwErTyUiOpAsDfGhJkLzXcVbNm")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_in_that_environment_does_fail_on_a_warning():
    result = _check_deploy("too-short")
    assert result.returncode != 0 and "security.W009" in result.stdout + result.stderr
