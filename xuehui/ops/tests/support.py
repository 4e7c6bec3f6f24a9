"""Helpers of the backup tests: a realistic installation, an empty one to restore into (a new
SQLite file, or a new PostgreSQL database, an empty media folder and an empty audit archive
folder), and every table's rows and every file's SHA-256."""

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import sql

from xuehui.audit.archive import audit_archive
from xuehui.audit.chain import seal
from xuehui.audit.models import AuditArchive, AuditEntry
from xuehui.campaigns import services as campaign_services
from xuehui.campaigns.models import CampaignItem
from xuehui.campaigns.tests.factories import launch, load_version
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, png_bytes, upload
from xuehui.meetings.services import FILE_PURPOSE as MINUTES_PURPOSE
from xuehui.ops.backup import storage_names
from xuehui.tests import factories as f

SQLITE_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # as Django's connections


def archive_old_entries() -> AuditArchive:
    """Three audit entries past the retention period, archived to a file (they leave the table);
    to be called before any newer entry is written, as the archive stops at the first one."""
    for days in (400, 300, 200):
        created = timezone.now() - dt.timedelta(days=days)
        seal(
            AuditEntry(action="old", summary=f"{days}天前", created_at=created, detail={"d": days})
        )
    archive = audit_archive()
    assert archive is not None and archive.count == 3
    return archive


def fill(*, federation, society_a, society_b, admin_user, secretary_a, secretary_b) -> None:
    """A campaign with evidence files (PDF and PNG), minutes, a council roster, audit entries."""
    campaign = launch(federation, [society_a], versions=[load_version()], actor=admin_user)
    entry = campaign.entries.get(society=society_a)
    item = CampaignItem.objects.get(entry=entry, requirement__key="3.1")
    for name, content in (
        ("秘书处设置文件.pdf", pdf_bytes("秘书处")),
        ("活动照片.png", png_bytes()),
    ):
        campaign_services.evidence_add(item=item, actor=secretary_a, upload=upload(name, content))
    make_stored_file(
        society_b,
        name="会议纪要.pdf",
        content=pdf_bytes("纪要"),
        actor=secretary_b,
        purpose=MINUTES_PURPOSE,
    )
    term = f.make_term(society_a)
    for _ in range(3):
        f.make_position(term)


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in a new process: a separate installation sharing only `env`."""
    return run_python("manage.py", *args, env=env)


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Python with ARGS (a script, or code when the first argument is not a file) in a new
    process, with the test's environment less its database, storage and media settings."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "XUEHUI_S3_", "MEDIA_ROOT", "XUEHUI_AUDIT_"))
    }
    return subprocess.run(
        [sys.executable, *(args if args[0].endswith(".py") else ("-c", *args))],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _pg_conninfo(settings_dict: dict, name: str) -> str:
    return psycopg.conninfo.make_conninfo(
        host=settings_dict["HOST"] or None,
        port=str(settings_dict["PORT"] or "") or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname=name,
    )


@contextmanager
def scratch_postgres(settings_dict: dict):
    """A new, empty PostgreSQL database beside the test database: (its name, its URL)."""
    name = f"{settings_dict['NAME']}_r{uuid.uuid4().hex[:8]}"[-63:]
    admin = psycopg.connect(_pg_conninfo(settings_dict, "postgres"), autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    s = settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    try:
        yield name, f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()


@contextmanager
def empty_installation(tmp_path: Path):
    """The environment of an empty installation on this test's database engine, and a function
    reading all its rows."""
    folders = {
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "XUEHUI_AUDIT_ARCHIVE_DIR": str(tmp_path / "restored-audit-archive"),
    }
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{path}", **folders}
        yield env, lambda: sqlite_rows(sqlite3.connect(path, detect_types=SQLITE_TYPES))
        return
    with scratch_postgres(connection.settings_dict) as (name, url):
        env = {"DATABASE_URL": url, **folders}
        yield env, lambda: postgres_rows(_pg_conninfo(connection.settings_dict, name))


def sqlite_rows(db) -> dict[str, list[str]]:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}
    db.close()
    return rows


def postgres_rows(conninfo: str) -> dict[str, list[str]]:
    """Every table's rows, and every sequence's last value, read by a plain psycopg
    connection (no Django loaders), so two databases read alike."""
    with psycopg.connect(conninfo) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        rows = {
            table: sorted(
                map(repr, db.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table))))
            )
            for table in tables
        }
        rows["<sequences>"] = sorted(
            map(repr, db.execute("SELECT sequencename, last_value FROM pg_sequences"))
        )
    return rows


def current_rows() -> dict[str, list[str]]:
    """Every row of the test database, read like the restored one."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        tables = [
            row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            table: sorted(map(repr, raw.execute(f'SELECT * FROM "{table}"'))) for table in tables
        }
    return postgres_rows(_pg_conninfo(connection.settings_dict, connection.settings_dict["NAME"]))


def storage_digests(storage) -> dict[str, str]:
    digests = {}
    for name in storage_names(storage):
        with storage.open(name, "rb") as handle:
            digests[name] = hashlib.sha256(handle.read()).hexdigest()
    return digests


def folder_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
