"""The import and export commands: output, --dry-run and the exit codes 0, 1 and 2."""

import datetime as dt
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from xuehui.governance.management.commands import export_roster, import_roster
from xuehui.governance.models import Person, Position, Term
from xuehui.societies.management.commands import import_societies
from xuehui.societies.models import Society
from xuehui.tests.factories import make_uscc

from .files import csv_bytes, write, xlsx_bytes

ROSTER = [
    ["某学会理事会名册"],
    ["姓名", "出生年月", "学会职务"],
    ["张三", "1965.03", "会长"],
    ["李四", "1970.01", "理事"],
]


def run(module, *argv) -> int:
    """Run a command as the console script would, in-process; return its exit status.

    run_from_argv closes every database connection when it ends, which would end the test's
    transaction on PostgreSQL; the test keeps its connection open instead."""
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            module.Command().run_from_argv(
                ["xuehui", module.__name__.rsplit(".", 1)[1], *map(str, argv)]
            )
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.fixture
def roster_file(tmp_path) -> str:
    return write(tmp_path / "名册.xlsx", xlsx_bytes(ROSTER))


def roster_args(society, path, *more):
    return (path, "--society", society.uscc, "--term", 3, "--term-start", "2022-06-01", *more)


@pytest.mark.django_db
def test_import_roster_succeeds_with_status_0_and_says_what_it_did(society_a, roster_file, capsys):
    assert run(import_roster, *roster_args(society_a, roster_file)) == 0
    out = capsys.readouterr().out
    assert "导入完成：新增2人，更新0人，未变化0人" in out
    assert "新增职务2个" in out
    assert Position.objects.filter(term__society=society_a, term__number=3).count() == 2


@pytest.mark.django_db
def test_import_roster_with_problems_exits_1_lists_them_and_writes_nothing(
    society_a, tmp_path, capsys
):
    path = write(
        tmp_path / "名册.xlsx",
        xlsx_bytes([["姓名", "出生年月", "学会职务"], ["张三", "1965.13", "学术委员"]]),
    )
    assert run(import_roster, *roster_args(society_a, path)) == 1
    err = capsys.readouterr().err
    assert "第2行 「出生年月」：月份13不存在" in err
    assert "第2行 「学会职务」：未知的学会职务“学术委员”" in err
    assert "共1行，发现2处问题，未写入任何数据" in err
    assert not Term.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_dry_run_checks_but_writes_nothing(society_a, roster_file, capsys):
    assert run(import_roster, *roster_args(society_a, roster_file, "--dry-run")) == 0
    assert "检查通过，未写入（--dry-run）：新增2人" in capsys.readouterr().out
    assert not Term.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--society", "51420000MJ9999999X", "--term", "3", "--term-start", "2022-06-01"),
            "未找到学会",
        ),
        (
            ("--society", "{uscc}", "--term", "3", "--term-start", "去年"),
            "--term-start：无法识别的日期",
        ),
        (("--society", "{uscc}", "--term", "0", "--term-start", "2022-06-01"), "届次应为正整数"),
        (
            (
                "--society",
                "{uscc}",
                "--term",
                "3",
                "--term-start",
                "2022-06-01",
                "--term-end",
                "2021-01-01",
            ),
            "届满日期应晚于开始日期",
        ),
    ],
)
def test_a_wrong_command_line_exits_2(society_a, roster_file, capsys, argv, message):
    argv = [a.replace("{uscc}", society_a.uscc) for a in argv]
    assert run(import_roster, roster_file, *argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.django_db
def test_missing_arguments_exit_2(society_a, roster_file, capsys):
    assert run(import_roster, roster_file, "--society", society_a.uscc) == 2
    assert (
        run(
            import_roster,
            roster_file,
            "--society",
            society_a.uscc,
            "--term",
            "三",
            "--term-start",
            "2022-06-01",
        )
        == 2
    )


@pytest.mark.django_db
def test_a_missing_file_or_one_that_is_no_spreadsheet_exits_2(society_a, tmp_path, capsys):
    assert run(import_roster, *roster_args(society_a, tmp_path / "没有.xlsx")) == 2
    assert "找不到文件" in capsys.readouterr().err
    fake = write(tmp_path / "名册.xlsx", b"%PDF-1.7\n\x00\x01binary")
    assert run(import_roster, *roster_args(society_a, fake)) == 2
    assert "不是Excel表格" in capsys.readouterr().err


def test_the_console_script_exits_2_on_a_wrong_command_line():
    script = Path(sys.executable).with_name("xuehui")
    done = subprocess.run(
        [script, "import-roster", "名册.xlsx"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "--society" in done.stderr


@pytest.mark.django_db
def test_import_societies_takes_the_federation_by_name_or_code(
    federation, other_federation, tmp_path, capsys
):
    path = write(
        tmp_path / "名录.csv",
        csv_bytes([["学会名称", "统一社会信用代码"], ["甲学会", make_uscc(901)]], encoding="gbk"),
    )
    assert run(import_societies, path, "--federation", "jiangxi") == 0
    assert Society.objects.get(uscc=make_uscc(901)).federation == other_federation
    assert "新增1个学会" in capsys.readouterr().out
    assert run(import_societies, path, "--federation", "江西省科学技术协会") == 0
    assert "未变化1个学会" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_societies_exits_2_for_an_unknown_federation_and_1_for_bad_rows(
    federation, tmp_path, capsys
):
    path = write(
        tmp_path / "名录.xlsx", xlsx_bytes([["学会名称", "统一社会信用代码"], ["甲学会", "123"]])
    )
    assert run(import_societies, path, "--federation", "火星科协") == 2
    assert "未找到科协：火星科协" in capsys.readouterr().err
    assert run(import_societies, path, "--federation", "hubei") == 1
    assert (
        "第2行 「统一社会信用代码」：统一社会信用代码应为18位，实际为3位" in capsys.readouterr().err
    )
    assert not Society.objects.filter(name="甲学会").exists()


@pytest.mark.django_db
def test_export_roster_writes_a_file_and_exits_2_for_a_term_that_does_not_exist(
    society_a, roster_file, tmp_path, capsys
):
    assert run(import_roster, *roster_args(society_a, roster_file)) == 0
    out = tmp_path / "导出.xlsx"
    assert run(export_roster, out, "--society", society_a.uscc, "--term", 3) == 0
    assert out.stat().st_size > 0
    assert "2人" in capsys.readouterr().out
    assert run(export_roster, out, "--society", society_a.uscc, "--term", 4) == 2
    assert "没有第4届" in capsys.readouterr().err
    assert run(export_roster, tmp_path / "导出.pdf", "--society", society_a.uscc, "--term", 3) == 2
    assert (
        run(
            export_roster,
            tmp_path / "无此目录" / "a.xlsx",
            "--society",
            society_a.uscc,
            "--term",
            3,
        )
        == 2
    )


@pytest.mark.django_db
def test_reimporting_the_same_roster_twice_changes_nothing(society_a, roster_file, capsys):
    run(import_roster, *roster_args(society_a, roster_file))
    capsys.readouterr()
    assert run(import_roster, *roster_args(society_a, roster_file)) == 0
    assert "新增0人，更新0人，未变化2人" in capsys.readouterr().out
    assert Person.objects.count() == 2 and Position.objects.count() == 2
    assert Term.objects.get().start_on == dt.date(2022, 6, 1)
