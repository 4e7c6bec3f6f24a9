"""`xuehui backup` and `xuehui restore` (issue 17 §9): a backup restored on an empty
installation gives every table's rows, every file's and every audit archive file's SHA-256
back, and its audit chain still verifies; a tampered or incomplete backup, or a target that is
not empty, is refused in Chinese and nothing changes."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from xuehui.accounts.models import User
from xuehui.audit.models import AuditArchive
from xuehui.files.models import StoredFile
from xuehui.ops import backup
from xuehui.ops.backup import BackupError

from .support import (
    archive_old_entries,
    current_rows,
    empty_installation,
    fill,
    folder_digests,
    run_manage,
)
from .support import storage_digests as digests

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def installation(federation, society_a, society_b, admin_user, secretary_a, secretary_b):
    archive_old_entries()
    fill(
        federation=federation,
        society_a=society_a,
        society_b=society_b,
        admin_user=admin_user,
        secretary_a=secretary_a,
        secretary_b=secretary_b,
    )


@pytest.fixture
def backed_up(installation, tmp_path) -> Path:
    target = tmp_path / "backup"
    call_command("backup", to=str(target))
    return target


def _manifest(path: Path) -> dict:
    return json.loads((path / backup.MANIFEST).read_text(encoding="utf-8"))


def _rewrite(path: Path, change) -> None:
    manifest = _manifest(path)
    change(manifest)
    (path / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_restore_into_an_empty_installation_gives_identical_data(
    backed_up, tmp_path, media, audit_archives
):
    manifest = _manifest(backed_up)
    assert len(manifest["files"]) == StoredFile.objects.count() == 3
    assert len(manifest["audit_archives"]) == AuditArchive.objects.count() == 1
    rows, files = current_rows(), digests(default_storage)
    archives = folder_digests(audit_archives)
    shutil.rmtree(audit_archives)  # the archive's recorded path is gone, as on a new machine
    with empty_installation(tmp_path) as (env, restored_rows):
        done = run_manage("restore", str(backed_up), env=env)
        assert done.returncode == 0, done.stderr
        assert "恢复完成" in done.stdout and "审计归档文件 1 个" in done.stdout
        assert restored_rows() == rows
        # the restored installation proves its audit chain: the archive file, then the table
        verified = run_manage("audit_verify", "--archives", env=env)
        assert verified.returncode == 0, verified.stderr
        assert "归档文件完整：共3条" in verified.stdout
        assert "审计记录完整" in verified.stdout
    assert folder_digests(Path(env["MEDIA_ROOT"])) == files
    assert folder_digests(Path(env["XUEHUI_AUDIT_ARCHIVE_DIR"])) == archives
    assert {entry["sha256"] for entry in manifest["files"]} == set(files.values())
    assert {entry["sha256"] for entry in manifest["audit_archives"]} == set(archives.values())


def test_the_manifest_lists_what_was_backed_up(backed_up):
    manifest = _manifest(backed_up)
    assert manifest["format"] == backup.FORMAT
    assert manifest["database"]["engine"] == connection.vendor
    dump = backed_up / manifest["database"]["file"]
    assert manifest["database"]["sha256"] == backup.file_digest(dump)
    assert manifest["database"]["size"] == dump.stat().st_size
    assert "0001_initial" in manifest["migrations"]["files"]
    names = {entry["path"] for entry in manifest["files"]}
    assert names == set(StoredFile.objects.values_list("file", flat=True))
    assert manifest["vanished"] == []
    archive = AuditArchive.objects.get()
    [entry] = manifest["audit_archives"]
    assert entry["path"] == Path(archive.path).name and entry["sha256"] == archive.sha256


def _modify_a_file(path):
    first = _manifest(path)["files"][0]["path"]
    target = path / backup.FILES_DIR / first
    target.write_bytes(target.read_bytes() + b"x")


def _modify_an_archive(path):
    target = path / backup.ARCHIVES_DIR / _manifest(path)["audit_archives"][0]["path"]
    target.write_bytes(target.read_bytes()[:-1])


def _remove_an_archive(path):
    (path / backup.ARCHIVES_DIR / _manifest(path)["audit_archives"][0]["path"]).unlink()


def _add_an_archive(path):
    (path / backup.ARCHIVES_DIR / "audit-extra.jsonl.gz").write_bytes(b"\x1f\x8b")


def _unsafe_archive_path(path):
    _rewrite(
        path,
        lambda m: m["audit_archives"].append({"path": "/etc/passwd", "size": 1, "sha256": ""}),
    )


def _remove_a_file(path):
    (path / backup.FILES_DIR / _manifest(path)["files"][0]["path"]).unlink()


def _modify_the_dump(path):
    dump = path / _manifest(path)["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))


def _add_a_file(path):
    (path / backup.FILES_DIR / "files" / "extra.pdf").write_bytes(b"%PDF-1.4")


def _unsafe_path(path):
    _rewrite(path, lambda m: m["files"].append({"path": "../etc/passwd", "size": 1, "sha256": ""}))


def _no_manifest(path):
    (path / backup.MANIFEST).unlink()


def _garbled_manifest(path):
    (path / backup.MANIFEST).write_text("{not json", encoding="utf-8")


def _wrong_format(path):
    _rewrite(path, lambda m: m.update(format=99))


def _missing_key(path):
    _rewrite(path, lambda m: m.pop("files"))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_modify_a_file, "大小或校验值与清单不符"),
        (_remove_a_file, "缺少文件"),
        (_modify_the_dump, "数据库文件"),
        (_add_a_file, "清单未列出的文件 files/extra.pdf"),
        (_unsafe_path, "文件路径不安全"),
        (_modify_an_archive, "审计归档文件 audit-.* 的大小或校验值与清单不符"),
        (_remove_an_archive, "缺少审计归档文件"),
        (_add_an_archive, "清单未列出的审计归档文件 audit-extra.jsonl.gz"),
        (_unsafe_archive_path, "清单中的审计归档文件路径不安全"),
        (_no_manifest, "没有清单文件"),
        (_garbled_manifest, "无法读取"),
        (_wrong_format, "格式不符"),
        (_missing_key, "无法读取"),
    ],
)
def test_restore_refuses_a_tampered_or_incomplete_backup_and_changes_nothing(
    backed_up, tamper, message, audit_archives
):
    call_command("backup", to=str(backed_up.parent / "unused"))  # a second, valid backup
    User.objects.create_user("after_backup")
    tamper(backed_up)
    rows, files = current_rows(), digests(default_storage)
    archives = folder_digests(audit_archives)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(backed_up), force=True)
    assert current_rows() == rows
    assert digests(default_storage) == files
    assert folder_digests(audit_archives) == archives


def test_restore_lists_at_most_five_problems(backed_up):
    shutil.rmtree(backed_up / backup.FILES_DIR)
    _rewrite(
        backed_up,
        lambda m: m["files"].extend(
            {"path": f"files/{n}.pdf", "size": 1, "sha256": ""} for n in range(6)
        ),
    )
    with pytest.raises(CommandError, match="等 9 处"):
        call_command("restore", str(backed_up))


def test_restore_refuses_a_database_that_is_not_empty(backed_up):
    with pytest.raises(CommandError, match="目标数据库不是空的.*--force"):
        call_command("restore", str(backed_up))


def test_restore_refuses_a_storage_that_is_not_empty(backed_up, monkeypatch):
    monkeypatch.setattr(backup, "_non_empty_tables", lambda connection: [])
    with pytest.raises(CommandError, match="文件存储不是空的"):
        call_command("restore", str(backed_up))


def test_restore_refuses_an_audit_archive_folder_that_is_not_empty(backed_up, monkeypatch, media):
    monkeypatch.setattr(backup, "_non_empty_tables", lambda connection: [])
    shutil.rmtree(media)
    with pytest.raises(CommandError, match="审计归档目录.*不是空的.*--force"):
        call_command("restore", str(backed_up))


def test_a_forced_restore_never_overwrites_an_audit_archive(backed_up, audit_archives):
    [archive] = audit_archives.iterdir()
    archive.write_bytes(archive.read_bytes() + b"changed")
    rows, before = current_rows(), folder_digests(audit_archives)
    with pytest.raises(CommandError, match=f"同名但内容不同的归档文件（{archive.name}）"):
        call_command("restore", str(backed_up), force=True)
    assert current_rows() == rows
    assert folder_digests(audit_archives) == before


def test_a_forced_restore_keeps_the_archives_the_backup_lacks(backed_up, audit_archives):
    kept = audit_archives / "audit-000000900-000000901-20270101000000.jsonl.gz"
    kept.write_bytes(b"an archive written after the backup")
    call_command("restore", str(backed_up), force=True)
    assert kept.read_bytes() == b"an archive written after the backup"
    call_command("audit_verify", "--archives")  # the restored rows name only the backed-up one


def test_a_backup_of_the_first_format_without_audit_archives_restores(backed_up, capsys):
    shutil.rmtree(backed_up / backup.ARCHIVES_DIR)
    _rewrite(backed_up, lambda m: (m.pop("audit_archives"), m.update(format=1)))
    call_command("restore", str(backed_up), force=True)
    assert "审计归档文件 0 个" in capsys.readouterr().out


def test_restore_refuses_a_backup_of_the_other_engine(backed_up):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (backed_up / _manifest(backed_up)["database"]["file"]).rename(
        backed_up / backup.DUMP_NAMES[other]
    )
    _rewrite(backed_up, lambda m: m["database"].update(engine=other, file=backup.DUMP_NAMES[other]))
    with pytest.raises(CommandError, match=f"来自 {backup.ENGINE_LABELS[other]} 数据库"):
        call_command("restore", str(backed_up), force=True)


def test_restore_refuses_a_backup_of_a_newer_version(backed_up):
    _rewrite(backed_up, lambda m: m["migrations"]["files"].append("9999_future"))
    with pytest.raises(CommandError, match="较新的版本.*files.9999_future"):
        call_command("restore", str(backed_up), force=True)


def test_a_forced_restore_puts_back_the_backed_up_state(backed_up, capsys, audit_archives):
    rows, files = current_rows(), digests(default_storage)
    archives = folder_digests(audit_archives)
    User.objects.create_user("after_backup")
    gone = StoredFile.objects.first()
    default_storage.delete(gone.file.name)
    default_storage.save("files/stray.pdf", ContentFile(b"%PDF-1.4 stray"))
    call_command("restore", str(backed_up), force=True)
    assert "恢复完成" in capsys.readouterr().out
    assert current_rows() == rows
    assert digests(default_storage) == files
    assert folder_digests(audit_archives) == archives
    call_command("audit_verify", "--archives")


def test_restore_says_when_the_program_has_newer_migrations(backed_up, monkeypatch, capsys):
    from xuehui.ops.management.commands import restore

    monkeypatch.setattr(restore, "unapplied_migrations", lambda connection: ["ops.0002_x"])
    call_command("restore", str(backed_up), force=True)
    assert "请运行 xuehui migrate" in capsys.readouterr().out


def test_a_restored_database_has_no_unapplied_migrations(db):
    assert backup.unapplied_migrations(connection) == []


def test_backup_refuses_a_directory_that_is_not_empty(installation, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", to=str(tmp_path / "old"))
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", to=str(tmp_path / "old" / "x"))


def test_backup_reports_its_size(installation, tmp_path, capsys):
    call_command("backup", to=str(tmp_path / "new"))
    out = capsys.readouterr().out
    assert "文件 3 个" in out and "审计归档文件 1 个" in out


class VanishingStorage(FileSystemStorage):
    """Lists a file that is deleted before it is read (the clean-up ran meanwhile)."""

    def listdir(self, path):
        folders, files = super().listdir(path)
        return folders, [*files, "gone.pdf"] if path == "" else files


def test_a_file_deleted_during_the_backup_is_named_not_copied(
    installation, tmp_path, media, audit_archives
):
    storage = VanishingStorage(location=media)
    manifest = backup.backup_write(
        to=tmp_path / "b",
        connection=connection,
        storage=storage,
        archives=FileSystemStorage(location=audit_archives),
    )
    assert manifest["vanished"] == ["gone.pdf"]
    assert not (tmp_path / "b" / backup.FILES_DIR / "gone.pdf").exists()
    assert len(manifest["files"]) == 3
    backup.backup_verify(tmp_path / "b")


def test_the_command_says_when_files_vanished(installation, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("xuehui.ops.management.commands.backup.default_storage", VanishingStorage())
    call_command("backup", to=str(tmp_path / "b"))
    assert "未备份的文件 1 个" in capsys.readouterr().out


def test_an_empty_media_folder_backs_up_no_files(db, tmp_path):
    manifest = backup.backup_write(
        to=tmp_path / "b",
        connection=connection,
        storage=FileSystemStorage(location=tmp_path / "missing"),
        archives=FileSystemStorage(location=tmp_path / "missing-too"),
    )
    assert manifest["files"] == manifest["audit_archives"] == []


class Other:
    vendor = "mysql"


def test_other_database_engines_are_refused():
    with pytest.raises(BackupError, match="不支持备份 mysql 数据库"):
        backup.engine_of(Other())


# ---------------------------------------------------------------- PostgreSQL's tools


def test_a_missing_postgresql_client_is_named(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackupError, match="未找到 pg_dump.*postgresql-client"):
        backup._pg_run("pg_dump", {"NAME": "x", "OPTIONS": {}})


@pytest.fixture
def postgres_settings():
    """The settings of a PostgreSQL server on this machine (the suite may run on SQLite)."""
    settings = {
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "OPTIONS": {},
    }
    if connection.vendor == "postgresql":
        settings = {**connection.settings_dict}
    if shutil.which("pg_dump") is None:  # pragma: no cover - the documented set-up has it
        pytest.skip("pg_dump is not installed")
    return settings


def test_a_failing_pg_dump_says_why(postgres_settings, tmp_path):
    with pytest.raises(BackupError, match="pg_dump 失败"):
        backup._pg_run(
            "pg_dump",
            {**postgres_settings, "NAME": "no_such_database_xuehui"},
            f"--file={tmp_path / 'x'}",
        )


class PostgresConnection:
    """What the dump and the load read of a connection, for a database of our own."""

    vendor = "postgresql"

    def __init__(self, settings_dict):
        self.settings_dict = settings_dict

    def close(self):
        pass


def test_pg_dump_and_pg_restore_round_trip_a_database(postgres_settings, tmp_path):
    import psycopg

    from .support import postgres_rows, scratch_postgres

    try:
        psycopg.connect(backup_conninfo(postgres_settings)).close()
    except psycopg.OperationalError:  # pragma: no cover - CI has the server
        pytest.skip("no PostgreSQL server")
    with scratch_postgres(postgres_settings) as (source, _url):
        info = backup_conninfo({**postgres_settings, "NAME": source})
        with psycopg.connect(info) as db:
            db.execute("CREATE TABLE t (id serial PRIMARY KEY, name text, data jsonb)")
            db.execute("INSERT INTO t (name, data) VALUES ('学会', '{\"a\": 1}'), ('b', null)")
        dump = tmp_path / "database.dump"
        backup._dump_database(
            PostgresConnection({**postgres_settings, "NAME": source}), "postgresql", dump
        )
        with scratch_postgres(postgres_settings) as (target, _url):
            backup._load_database(
                PostgresConnection({**postgres_settings, "NAME": target}), "postgresql", dump
            )
            restored = postgres_rows(backup_conninfo({**postgres_settings, "NAME": target}))
        assert restored == postgres_rows(info)
        assert restored["t"] == ["(1, '学会', {'a': 1})", "(2, 'b', None)"]


def backup_conninfo(settings_dict) -> str:
    from .support import _pg_conninfo

    return _pg_conninfo(settings_dict, settings_dict["NAME"])
