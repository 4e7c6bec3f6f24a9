"""备份与恢复: the database, the stored files, the audit archive files and a manifest of their
checksums, written to a directory; a restore checks every checksum before it changes anything.

The database is copied by the engine's own tool: `pg_dump` (custom format) for PostgreSQL,
SQLite's online backup API (consistent while the application writes) for SQLite. The files
are read through Django's default storage, so a filesystem and object storage back up alike.
The audit archive files (XUEHUI_AUDIT_ARCHIVE_DIR, written by `xuehui audit-archive`) hold the
audit entries that have left the database: without them a restored installation could no longer
prove its audit chain (`xuehui audit-verify --archives`), so they are part of every backup.
"""

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import TypeGuard

from django.core.files import File
from django.core.files.storage import Storage
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 2
# Format 1 had no audit archive files; such a backup still restores (its list is empty).
FORMATS = frozenset({1, FORMAT})
MANIFEST = "manifest.json"
FILES_DIR = "media"
ARCHIVES_DIR = "audit-archive"
# The manifest's lists of copied files: its key, the backup's folder, a label for messages.
PARTS = (("files", FILES_DIR, "文件"), ("audit_archives", ARCHIVES_DIR, "审计归档文件"))
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024
# Tables `migrate` fills by itself: an installation whose other tables are empty is empty.
MIGRATE_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
    | {"audit_auditchainhead"}  # the audit chain's head, at the start of an empty chain
)
MAX_LISTED = 5


class BackupError(Exception):
    """A backup or restore refused, with the reason in Chinese; nothing was changed."""


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库：仅支持 PostgreSQL 与 SQLite")
    return connection.vendor


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, depth first, sorted within each folder."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose folder was never created
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}{sub}/")


def _version() -> str:
    try:
        return metadata.version("xuehui")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout run without install
        return "unknown"


def _applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# ---------------------------------------------------------------- PostgreSQL's tools


def _pg_run(tool: str, settings_dict: dict, *options: str) -> None:
    """Run pg_dump or pg_restore on the connection's database; the password goes in the
    environment (PGPASSWORD), never on the command line."""
    _args, extra_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    target = []
    for key, flag in (("USER", "--username"), ("HOST", "--host"), ("PORT", "--port")):
        if settings_dict.get(key):
            target.append(f"{flag}={settings_dict[key]}")
    if settings_dict.get("NAME"):
        target.append(f"--dbname={settings_dict['NAME']}")
    try:
        done = subprocess.run(
            [tool, *target, *options],
            env={**os.environ, **(extra_env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"未找到 {tool}：请安装 PostgreSQL 客户端（Debian 的 postgresql-client，"
            "主版本不低于数据库服务器）"
        ) from error
    if done.returncode:
        raise BackupError(f"{tool} 失败：{done.stderr.strip()}")


def _dump_database(connection: BaseDatabaseWrapper, engine: str, path: Path) -> None:
    if engine == "postgresql":
        _pg_run("pg_dump", connection.settings_dict, "--format=custom", f"--file={path}")
        return
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)  # the online backup API: one consistent copy
    finally:
        target.close()


def _load_database(connection: BaseDatabaseWrapper, engine: str, path: Path) -> None:
    if engine == "postgresql":
        connection.close()  # hold no lock that the restore's DROP statements would wait for
        _pg_run(
            "pg_restore",
            connection.settings_dict,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


# ---------------------------------------------------------------- writing a backup


def _copy_out(storage: Storage, name: str, root: Path) -> dict | None:
    """Copy one stored file into the backup; None if it was deleted since it was listed."""
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    try:
        with storage.open(name, "rb") as source, target.open("wb") as out:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return None
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def _copy_all(storage: Storage, root: Path) -> tuple[list[dict], list[str]]:
    """Copy every file of `storage` under `root`: (the copied files, the names that vanished)."""
    files, vanished = [], []
    for name in storage_names(storage):
        entry = _copy_out(storage, name, root)
        if entry is None:
            vanished.append(name)
        else:
            files.append(entry)
    return files, vanished


def backup_write(
    *, to: Path, connection: BaseDatabaseWrapper, storage: Storage, archives: Storage
) -> dict:
    """Write the database, then every stored file and every audit archive file (`archives`: the
    folder XUEHUI_AUDIT_ARCHIVE_DIR), then the manifest (last: a directory without one is an
    unfinished backup). `to` must be new or empty. Returns the manifest."""
    engine = engine_of(connection)
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BackupError(f"备份目录 {to} 已存在且不是空目录：请为每次备份指定新的目录")
    to.mkdir(parents=True, exist_ok=True)
    created_at = dt.datetime.now(dt.UTC)
    migrations = _applied_migrations(connection)
    dump = to / DUMP_NAMES[engine]
    # The database first: a file uploaded meanwhile is copied too (harmless without its row),
    # while one deleted meanwhile is left out and named under "vanished".
    _dump_database(connection, engine, dump)
    files, vanished = _copy_all(storage, to / FILES_DIR)
    # After the dump: an archive written meanwhile is copied too (its entries are still in the
    # dumped table), while every archive the dump registers was complete before the dump began.
    audit_archives, _never = _copy_all(archives, to / ARCHIVES_DIR)
    manifest = {
        "format": FORMAT,
        "version": _version(),
        "created_at": created_at.isoformat(),
        "database": {
            "engine": engine,
            "file": dump.name,
            "size": dump.stat().st_size,
            "sha256": file_digest(dump),
        },
        "migrations": migrations,
        "files": files,
        "vanished": vanished,
        "audit_archives": audit_archives,
    }
    partial = to / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(to / MANIFEST)
    return manifest


# ---------------------------------------------------------------- checking a backup


def _safe_name(name: object) -> TypeGuard[str]:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and str(path) == name


def _check_file(path: Path, entry: dict, label: str) -> str | None:
    if not path.is_file():
        return f"缺少{label} {entry['path']}"
    if path.stat().st_size != entry.get("size") or file_digest(path) != entry.get("sha256"):
        return f"{label} {entry['path']} 的大小或校验值与清单不符"
    return None


def _read_manifest(source: Path) -> dict:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"备份不完整：{source} 中没有清单文件 {MANIFEST}，未做任何改动")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        database = manifest["database"]
        if manifest["format"] == 1:
            manifest["audit_archives"] = []
        lists = [manifest[key] for key, _folder, _label in PARTS]
        valid = (
            manifest["format"] in FORMATS
            and database["engine"] in DUMP_NAMES
            and database["file"] == DUMP_NAMES[database["engine"]]
            and all(isinstance(entries, list) for entries in lists)
            and all(isinstance(entry, dict) for entries in lists for entry in entries)
            and isinstance(manifest["migrations"], dict)
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"备份清单 {MANIFEST} 无法读取，未做任何改动") from error
    if not valid:
        raise BackupError(f"备份清单 {MANIFEST} 的格式不符，未做任何改动")
    return manifest


def _check_part(entries: list[dict], folder: Path, label: str) -> list[str | None]:
    """The problems of one folder of the backup: files missing, changed or not listed."""
    problems: list[str | None] = []
    listed = set()
    for entry in entries:
        name = entry.get("path")
        if not _safe_name(name):
            problems.append(f"清单中的{label}路径不安全：{name!r}")
            continue
        listed.add(name)
        problems.append(_check_file(folder / name, entry, label))
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in listed:
                problems.append(f"清单未列出的{label} {name}")
    return problems


def backup_verify(source: Path) -> dict:
    """The manifest, once the database dump, every file and every audit archive file match their
    size and SHA-256 and the backup holds no file the manifest does not list; else BackupError
    naming them."""
    manifest = _read_manifest(source)
    database = manifest["database"]
    problems = [
        _check_file(source / database["file"], {**database, "path": database["file"]}, "数据库文件")
    ]
    for key, folder, label in PARTS:
        problems += _check_part(manifest[key], source / folder, label)
    found = [problem for problem in problems if problem]
    if found:
        more = f"等 {len(found)} 处" if len(found) > MAX_LISTED else ""
        raise BackupError(
            "备份已被改动或不完整，未做任何改动：" + "；".join(found[:MAX_LISTED]) + more
        )
    return manifest


# ---------------------------------------------------------------- restoring


def _non_empty_tables(connection: BaseDatabaseWrapper) -> list[str]:
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - our names
            if cursor.fetchone():
                found.append(table)
    return found


def _check_target(
    manifest: dict,
    connection: BaseDatabaseWrapper,
    storages: dict[str, Storage],
    force: bool,
):
    engine = engine_of(connection)
    origin = manifest["database"]["engine"]
    if origin != engine:
        raise BackupError(
            f"该备份来自 {ENGINE_LABELS[origin]} 数据库，不能恢复到 {ENGINE_LABELS[engine]} 数据库"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "该备份来自较新的版本（含本程序没有的数据库迁移 "
            + "、".join(unknown[:MAX_LISTED])
            + "）：请先升级程序再恢复"
        )
    clashes = _clashing_archives(manifest["audit_archives"], storages["audit_archives"])
    if clashes:
        raise BackupError(
            "审计归档目录中已有同名但内容不同的归档文件（"
            + "、".join(clashes[:MAX_LISTED])
            + "）：归档文件不会被覆盖，请先核对并移走它们"
        )
    if force:
        return
    tables = _non_empty_tables(connection)
    if tables:
        raise BackupError(
            f"目标数据库不是空的（{'、'.join(tables[:MAX_LISTED])} 等 {len(tables)} 张表有数据）："
            "恢复会覆盖现有数据。确要覆盖时请加 --force"
        )
    if next(storage_names(storages["files"]), None) is not None:
        raise BackupError("文件存储不是空的：恢复会覆盖现有文件。确要覆盖时请加 --force")
    if next(storage_names(storages["audit_archives"]), None) is not None:
        raise BackupError(
            "审计归档目录（XUEHUI_AUDIT_ARCHIVE_DIR）不是空的：恢复会在其中加入备份中的归档文件"
            "（已有的归档文件不删除、不覆盖）。确要恢复时请加 --force"
        )


def _stored_digest(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _clashing_archives(entries: list[dict], archives: Storage) -> list[str]:
    return [
        entry["path"]
        for entry in entries
        if archives.exists(entry["path"])
        and _stored_digest(archives, entry["path"]) != entry["sha256"]
    ]


def _restore_files(entries: list[dict], folder: Path, storage: Storage, *, prune: bool) -> None:
    """Write back every listed file; with `prune`, first delete the storage's other files."""
    wanted = {entry["path"] for entry in entries}
    if prune:
        for name in list(storage_names(storage)):
            if name not in wanted:
                storage.delete(name)
    for entry in entries:
        name = entry["path"]
        if storage.exists(name):
            if _stored_digest(storage, name) == entry["sha256"]:
                continue  # already there, unchanged (an audit archive is never rewritten)
            storage.delete(name)
        with (folder / name).open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:  # pragma: no cover - a storage that renames a free name
            raise BackupError(f"文件 {name} 被存储改名为 {saved}，恢复中止")


def backup_restore(
    *,
    source: Path,
    connection: BaseDatabaseWrapper,
    storage: Storage,
    archives: Storage,
    force: bool = False,
) -> dict:
    """Check the backup and the target (an empty installation, unless `force`), then load the
    database, the files and the audit archive files. Returns the manifest.

    A forced restore deletes the stored files the backup does not hold, but never changes or
    deletes an audit archive file: it may be the only copy of the entries it holds. An archive
    already there with the backup's content is kept; one with other content is refused before
    anything changes."""
    manifest = backup_verify(source)
    _check_target(manifest, connection, {"files": storage, "audit_archives": archives}, force)
    _load_database(
        connection, manifest["database"]["engine"], source / manifest["database"]["file"]
    )
    _restore_files(manifest["files"], source / FILES_DIR, storage, prune=force)
    _restore_files(manifest["audit_archives"], source / ARCHIVES_DIR, archives, prune=False)
    return manifest


def unapplied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """Migrations of this program that the restored database has not had (run `migrate`)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
