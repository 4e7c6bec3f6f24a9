"""`xuehui evaluate`: per society, in ranking order, the documented JSON; a YAML file or a
stored scheme; every problem of a bad scheme; exit codes."""

import json

import pytest
import yaml
from django.core.management import call_command
from openpyxl import load_workbook

from xuehui.audit.models import AuditEntry

from .conftest import small_scheme


def run(capsys, *args) -> list[dict]:
    call_command("evaluate", *args)
    return json.loads(capsys.readouterr().out)


def test_a_yaml_file_is_scored_for_the_federation(
    capsys, tmp_path, hubei_reform, three, federation
):
    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(small_scheme(), allow_unicode=True), encoding="utf-8")
    rows = run(capsys, "--scheme", str(path), "--year", "2025", "--federation", "hubei")
    assert [r["society"]["name"] for r in rows] == ["甲学会", "乙学会", "丙学会"]
    first = rows[0]
    assert set(first) >= {"society", "score", "rank", "class", "stars", "breakdown"}
    assert first["society"]["code"] == three[0].uscc
    assert (first["score"], first["rank"], first["class"], first["stars"]) == (
        20.0,
        1,
        "重点支持",
        1,
    )
    assert [r["class"] for r in rows] == ["重点支持", "培育扶持", "重组淘汰"]
    for row in rows:
        assert sum(line["score"] for line in row["breakdown"]) == pytest.approx(row["score"])
        assert {"indicator", "points", "score", "basis"} <= set(row["breakdown"][0])
    assert rows[0]["breakdown"][0]["indicator"] == "1 个人会员数"
    assert rows[2]["restructure_candidate"] is True


def test_a_stored_scheme_is_named_by_its_key(capsys, scheme_row, three):
    rows = run(capsys, "--scheme", "small", "--year", "2025", "--on", "2025-12-31")
    assert len(rows) == 3 and rows[0]["score"] == 20.0


def test_the_workbook(capsys, tmp_path, scheme_row, three):
    out = tmp_path / "out.xlsx"
    call_command(
        "evaluate", "--scheme", "small", "--year", "2025", "--format", "xlsx", "--output", str(out)
    )
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:6] == ["名次", "学会", "统一社会信用代码", "总分", "分类", "星级"]
    assert values[2][:5] == [1, "甲学会", three[0].uscc, 20, "重点支持"]
    entry = AuditEntry.objects.get(action="export")  # the command line's exports are audited
    assert entry.actor is None and entry.detail["path"] == str(out)
    assert entry.detail["rows"] == len(three) and "考评结果" in entry.summary


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--scheme", "nothing", "--year", "2025"], 2, "没有代码为「nothing」的考评指标体系"),
        (["--scheme", "small", "--federation", "nowhere"], 2, "没有代码为「nowhere」的科协"),
        (["--scheme", "small", "--year", "2025", "--on", "2025-13-01"], 2, "数据截止日期"),
        (["--scheme", "small", "--year", "2099"], 2, "尚未开始"),
    ],
)
def test_a_wrong_command_line(capsys, scheme_row, args, code, message):
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", *args)
    assert exit.value.code == code
    assert message in capsys.readouterr().err


def test_a_scheme_file_that_cannot_be_used_lists_every_problem(
    capsys, tmp_path, hubei_reform, federation
):
    data = small_scheme()
    data["indicators"][0]["bands"][0]["score"] = 11
    data["indicators"][2]["points"] = "many"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", "--scheme", str(path), "--federation", "hubei")
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert "第1档得分11" in err and "应为数字" in err
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", "--scheme", str(path), "--federation", "hubei")
    assert exit.value.code == 1 and "不是有效的 YAML" in capsys.readouterr().err
    path.write_text(yaml.safe_dump(small_scheme(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", "--scheme", str(path))
    assert exit.value.code == 2 and "--federation" in capsys.readouterr().err


def test_the_library_scheme_is_found_by_its_key(capsys, hubei_reform, three, federation):
    rows = run(capsys, "--scheme", "hubei-evaluation", "--year", "2025", "--federation", "hubei")
    assert len(rows) == 3
    assert sum(line["points"] for line in rows[0]["breakdown"]) == 100


def test_a_scheme_is_stored_from_yaml_or_a_workbook(capsys, tmp_path, hubei_reform, federation):
    from xuehui.evaluation.models import EvaluationScheme
    from xuehui.evaluation.workbook import scheme_to_xlsx

    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(small_scheme(), allow_unicode=True), encoding="utf-8")
    call_command("evaluation_scheme", str(path), "--federation", "hubei")
    assert (
        "已保存：小型考评指标体系（2025年度）（湖北省科学技术协会，3个指标，总分30）"
        in capsys.readouterr().out
    )
    row = EvaluationScheme.objects.get(key="small", year=2025)
    book = tmp_path / "scheme.xlsx"
    book.write_bytes(scheme_to_xlsx(row))
    call_command("evaluation_scheme", str(book), "--federation", "hubei", "--year", "2026")
    assert EvaluationScheme.objects.get(key="small", year=2026).definition["indicators"][0][
        "bands"
    ] == [
        {"min": 1000, "score": 10},
        {"min": 300, "max": 999, "score": 5},
    ]


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        ("key: [", [], 1, "不是有效的 YAML"),
        ("- a list", ["--federation", "hubei"], 1, "应为键值表"),
        ("key: x", [], 2, "--federation"),
        ("key: x", ["--federation", "nowhere"], 2, "没有代码为「nowhere」的科协"),
        ("key: x\nname: 甲", ["--federation", "hubei"], 1, "缺少指标"),
    ],
)
def test_a_scheme_file_that_cannot_be_stored(
    capsys, tmp_path, federation, content, args, code, message
):
    path = tmp_path / "scheme.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        call_command("evaluation_scheme", str(path), *args)
    assert exit.value.code == code
    assert message in capsys.readouterr().err


def test_a_framework_never_loaded_is_read_from_the_library(capsys, federation):
    from xuehui.rules.models import Framework

    from .conftest import make_evaluated_society

    make_evaluated_society(federation, members=1200, name="甲学会")
    assert not Framework.objects.exists()
    rows = run(capsys, "--scheme", "hubei-evaluation", "--year", "2025", "--federation", "hubei")
    party = next(line for line in rows[0]["breakdown"] if line["code"] == "1.6")
    assert party["score"] == 5.0 and "湖北实施意见" in party["basis"]
    assert not Framework.objects.exists()  # read, not stored


def test_the_year_is_saved_published_and_confirmed_from_the_command_line(
    capsys, tmp_path, hubei_reform, three, federation
):
    from xuehui.evaluation.models import Evaluation, StarRating
    from xuehui.evaluation.selectors import standing

    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(small_scheme(), allow_unicode=True), encoding="utf-8")
    base = ["--scheme", str(path), "--federation", "hubei", "--year", "2025"]
    rows = run(capsys, *base, "--publish", "2026-01-05")
    evaluation = Evaluation.objects.get(scheme__key="small", scheme__year=2025)
    assert evaluation.stage == "publicity" and evaluation.results.count() == 3
    assert standing(federation.pk, 2025)[three[0].pk].score == rows[0]["score"] == 20.0
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", *base, "--confirm", "2026-01-08")
    assert exit.value.code == 1 and "公示期满后才能确认" in capsys.readouterr().err
    run(capsys, *base, "--confirm", "2026-01-12")
    assert Evaluation.objects.get(pk=evaluation.pk).stage == "confirmed"
    assert StarRating.objects.count() == 2
    with pytest.raises(SystemExit) as exit:
        call_command("evaluate", *base, "--publish", "2026-13-01")
    assert exit.value.code == 2 and "公示开始日期" in capsys.readouterr().err
