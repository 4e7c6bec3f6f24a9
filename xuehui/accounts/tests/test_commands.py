"""The add-user and import-users commands: exit codes, the password only from the
environment, all-or-nothing import and the password file."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.accounts.management.commands.add_user import Command as AddUser
from xuehui.accounts.models import RoleAssignment, User
from xuehui.tests import factories

from .factories import users_workbook

GOOD_PASSWORD = "Hubei#Kexie-2026"


def add_user(*args, env_password: str | None = None, monkeypatch=None):
    if env_password is None:
        monkeypatch.delenv("XUEHUI_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("XUEHUI_PASSWORD", env_password)
    call_command("add_user", *args)


def test_add_user_takes_the_password_from_the_environment(monkeypatch, federation):
    add_user(
        "kx_new", "--role", "federation_admin", "--federation", "hubei", "--name", "王五",
        env_password=GOOD_PASSWORD, monkeypatch=monkeypatch,
    )  # fmt: skip
    user = User.objects.get(username="kx_new")
    assert user.check_password(GOOD_PASSWORD)
    assert user.full_name == "王五"
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.federation) == (Role.FEDERATION_ADMIN, federation)


def test_add_user_without_a_password_leaves_a_new_account_unusable(monkeypatch, society_a, capsys):
    add_user(
        "sec_new", "--role", "society_editor", "--society", society_a.uscc, monkeypatch=monkeypatch
    )
    user = User.objects.get(username="sec_new")
    assert not user.has_usable_password()
    assert "XUEHUI_PASSWORD" in capsys.readouterr().out


def test_add_user_updates_an_existing_account_and_adds_societies(
    monkeypatch, secretary_a, society_a
):
    second = factories.make_society(federation=society_a.federation)
    add_user(
        "sec_a", "--role", "society_editor", "--society", society_a.uscc, "--society", second.name,
        "--email", "a@example.com", monkeypatch=monkeypatch,
    )  # fmt: skip
    secretary_a.refresh_from_db()
    assert secretary_a.email == "a@example.com"
    assert secretary_a.check_password("pass-测试-123")  # kept: no XUEHUI_PASSWORD
    societies = set(secretary_a.role_assignments.values_list("society_id", flat=True))
    assert societies == {society_a.pk, second.pk}


def test_add_user_has_no_password_option():
    parser = AddUser().create_parser("xuehui", "add-user")
    options = {opt for action in parser._actions for opt in action.option_strings}
    assert not [opt for opt in options if "pass" in opt.lower()]


def test_add_user_refuses_a_password_given_on_the_command_line(monkeypatch, federation):
    with pytest.raises(CommandError):
        add_user("x", "--role", "expert", "--password", GOOD_PASSWORD, monkeypatch=monkeypatch)
    assert not User.objects.filter(username="x").exists()


def test_add_user_rejects_a_weak_password_with_status_1(monkeypatch, federation):
    with pytest.raises(SystemExit) as exit_:
        add_user(
            "kx_weak", "--role", "federation_viewer", "--federation", "hubei",
            env_password="123456", monkeypatch=monkeypatch,
        )  # fmt: skip
    assert exit_.value.code == 1
    assert not User.objects.filter(username="kx_weak").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("u1", "--role", "society_editor", "--society", "51420000MJ0000001H"),
        ("u1", "--role", "federation_admin", "--federation", "nowhere"),
        ("u1", "--role", "federation_admin"),
        ("u1", "--role", "society_editor"),
        ("u1", "--role", "expert", "--society", "whatever"),
    ],
)
def test_add_user_stops_with_status_2_on_unknown_codes_or_missing_scope(
    monkeypatch, federation, args, capsys
):
    with pytest.raises(SystemExit) as exit_:
        add_user(*args, monkeypatch=monkeypatch)
    assert exit_.value.code == 2
    assert not User.objects.filter(username="u1").exists()
    error = capsys.readouterr().err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error)


def _run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [("add_user",), ("add_user", "u", "--role", "nobody"), ("add_user", "u", "--password", "x")],
)
def test_add_user_exits_2_on_wrong_arguments(args):
    assert _run_cli(*args).returncode == 2


# ---------------------------------------------------------------- import-users


def test_import_users_writes_the_password_file_only_for_its_owner(
    tmp_path, society_a, secretary_a, capsys
):
    source = tmp_path / "users.xlsx"
    source.write_bytes(
        users_workbook(
            [
                ("hj_zhang", "张三", "13800001234", "z@example.com", society_a.uscc, ""),
                ("sec_a", "", "", "", society_a.uscc, "学会填报员"),
            ]
        )
    )
    out = tmp_path / "passwords.xlsx"
    call_command("import_users", str(source), "--out", str(out))
    printed = capsys.readouterr().out
    new = User.objects.get(username="hj_zhang")
    assert new.must_change_password
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1] == ("用户名", "姓名", "角色", "学会/科协", "初始密码")
    assert [row[0] for row in rows[2:]] == ["hj_zhang"]  # the existing account keeps its password
    password = rows[2][4]
    assert new.check_password(password)
    assert password not in printed


def test_import_users_writes_nothing_when_a_row_is_wrong(tmp_path, society_a, capsys):
    source = tmp_path / "users.xlsx"
    source.write_bytes(
        users_workbook(
            [
                ("good_one", "张三", "13800001234", "", society_a.uscc, ""),
                ("bad_one", "李四", "12345", "", society_a.uscc, ""),
            ]
        )
    )
    out = tmp_path / "passwords.xlsx"
    with pytest.raises(SystemExit) as exit_:
        call_command("import_users", str(source), "--out", str(out))
    assert exit_.value.code == 1
    assert "第4行 「手机号码」：手机号码应为11位" in capsys.readouterr().err
    assert not User.objects.filter(username__in=["good_one", "bad_one"]).exists()
    assert not out.exists()


def test_import_users_never_overwrites_an_existing_file(tmp_path, society_a):
    source = tmp_path / "users.xlsx"
    source.write_bytes(users_workbook([("u1", "", "", "", society_a.uscc, "")]))
    out = tmp_path / "passwords.xlsx"
    out.write_bytes(b"someone else's")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_users", str(source), "--out", str(out))
    assert exit_.value.code == 2
    assert out.read_bytes() == b"someone else's"
    assert not RoleAssignment.objects.exists()
