"""export-workbook and import-workbook: output, several files and folders, the exit codes."""

import pytest
from django.core.management import CommandError, call_command

from xuehui.meetings.models import Meeting
from xuehui.workbook.management.commands import export_workbook, import_workbook

from .factories import populate, read_back, xlsx

MEETING_HEADER = ["会议类型", "日期", "应到人数", "实到人数"]


def run(module, *argv) -> int:
    """Run a command in-process and return its exit status.

    call_command, not run_from_argv: the latter closes the database connection when it
    ends, which the test's transaction on PostgreSQL does not survive.
    """
    try:
        call_command(module.__name__.rsplit(".", 1)[1], *map(str, argv))
    except SystemExit as exit:
        return exit.code
    return 0


def workbook_of(society, meeting_rows) -> bytes:
    return xlsx(
        {
            "基本信息": [["项目", "内容"], ["统一社会信用代码", society.uscc]],
            "会议": [MEETING_HEADER, *meeting_rows],
        }
    )


def test_export_writes_every_sheet_masked_and_full_id_numbers_with_a_reason(
    society_a, tmp_path, capsys
):
    populate(society_a)
    path = tmp_path / "a.xlsx"
    assert run(export_workbook, path, "--society", society_a.uscc) == 0
    sheets = read_back(path.read_bytes())
    assert list(sheets)[:3] == ["基本信息", "届次", "理事会成员"]
    assert list(sheets)[-1] == "填表说明"
    roster = sheets["理事会成员"]
    id_column = roster[0].index("身份证号码")
    ids = [row[id_column] for row in roster[1:] if row[id_column]]
    assert ids and all("*" in number for number in ids)
    assert "已导出湖北省环境科学学会信息填报工作簿" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--reason"):
        run(export_workbook, path, "--society", society_a.uscc, "--full")
    argv = ("--society", society_a.uscc, "--full", "--reason", "核对完整号码")
    assert run(export_workbook, path, *argv) == 0
    roster = read_back(path.read_bytes())["理事会成员"]
    assert any(
        row[id_column] and "*" not in row[id_column] and len(row[id_column]) == 18
        for row in roster[1:]
    )


def test_export_of_a_blank_workbook_and_a_wrong_command_line(society_a, tmp_path, capsys):
    assert run(export_workbook, tmp_path / "blank.xlsx", "--blank") == 0
    sheets = read_back((tmp_path / "blank.xlsx").read_bytes())
    assert sheets["会议"] == [["会议类型", "日期", "应到人数", "实到人数", "会议纪要", "监事列席"]]
    assert [row[0] for row in sheets["基本信息"][1:]][:2] == ["学会名称", "统一社会信用代码"]
    assert run(export_workbook, tmp_path / "x.xlsx", "--society", "不存在的学会") == 2
    assert run(export_workbook, tmp_path / "x.csv", "--society", society_a.uscc) == 2


def test_import_of_one_file_says_what_it_did_per_sheet(society_a, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook_of(society_a, [["理事会", "2024-03-01", 60, 50]]))
    assert run(import_workbook, path) == 0
    out = capsys.readouterr().out
    assert f"导入完成：{society_a.name}" in out
    assert "「会议」新增1次，更新0次，未变化0次" in out
    assert "「届次」文件中没有此表，不修改" in out
    assert Meeting.objects.count() == 1


def test_import_of_a_bad_file_lists_every_problem_and_exits_1(society_a, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(
        workbook_of(society_a, [["理事会", "2024-03-01", 60, 70], ["年会", "2024-04-01"]])
    )
    assert run(import_workbook, path) == 1
    err = capsys.readouterr().err
    assert "「会议」第2行 「实到人数」：实到人数不能多于应到人数" in err
    assert "「会议」第3行 「会议类型」：会议类型“年会”无法识别" in err
    assert "发现2处问题，未写入任何数据" in err
    assert not Meeting.objects.exists()


def test_several_files_each_in_its_own_transaction_with_a_summary(
    society_a, society_b, tmp_path, capsys
):
    folder = tmp_path / "收集"
    (folder / "江西").mkdir(parents=True)
    (folder / "a.xlsx").write_bytes(workbook_of(society_a, [["理事会", "2024-03-01", 60, 50]]))
    (folder / "江西" / "b.xlsx").write_bytes(
        workbook_of(society_b, [["理事会", "2024-03-01", 10, 11]])
    )
    (folder / "~$a.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / "说明.txt").write_text("not a workbook")
    assert run(import_workbook, folder) == 1
    out = capsys.readouterr().out
    assert "共2个文件：成功1个，失败1个" in out
    assert f"失败：{folder / '江西' / 'b.xlsx'}" in out
    assert list(Meeting.objects.values_list("society_id", flat=True)) == [society_a.pk]


def test_import_dry_run_and_the_society_option(society_a, society_b, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook_of(society_a, [["理事会", "2024-03-01", 60, 50]]))
    assert run(import_workbook, path, "--dry-run") == 0
    assert "检查通过，未写入（--dry-run）" in capsys.readouterr().out
    assert not Meeting.objects.exists()
    assert run(import_workbook, path, "--society", society_b.uscc) == 1
    assert "与所导入学会（江西省化学化工学会" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["no-such-file.xlsx"], ["--society", "不存在的学会", "a.xlsx"]])
def test_a_wrong_command_line_exits_2(db, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.xlsx").write_bytes(xlsx({"会议": [MEETING_HEADER]}))
    assert run(import_workbook, *argv) == 2


def test_export_then_import_from_the_command_line_changes_nothing(society_a, tmp_path, capsys):
    populate(society_a)
    path = tmp_path / "a.xlsx"
    run(export_workbook, path, "--society", society_a.uscc)
    before = Meeting.objects.count()
    assert run(import_workbook, path) == 0
    sheet_lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  「")]
    assert len(sheet_lines) == 12
    assert all("新增0" in line and "更新0" in line for line in sheet_lines), sheet_lines
    assert Meeting.objects.count() == before
