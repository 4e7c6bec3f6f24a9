import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import load_workbook

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.members.tests.factories import make_year_stat
from xuehui.stats.services import statistics_return_save
from xuehui.stats.tests.factories import HAND_COUNTS, seed_society
from xuehui.tests.factories import make_federation, make_society

pytestmark = pytest.mark.django_db


def _json(capsys, *args) -> dict:
    call_command("statistics", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_the_json_return_sums_the_tree(capsys, federation, society_a):
    child = make_federation(name="武汉市科协", code="wuhan", parent=federation)
    seed_society(make_society(federation=child))
    make_year_stat(society_a, 2024, 50)
    data = _json(capsys, "--year", "2024", "--federation", "hubei")
    top, below = data["federations"]
    assert (top["code"], below["code"]) == ("hubei", "wuhan")
    assert top["values"]["organisation.individual_members"] == 50 + 2
    assert below["values"]["academic.papers"] == HAND_COUNTS["academic.papers"]
    assert top["values"]["finance.income_total"] == "551500.50"
    assert len(data["societies"]) == 2
    assert {t["code"] for t in data["tables"]} == {
        "organisation",
        "academic",
        "popularization",
        "talent",
        "finance",
    }


def test_the_threshold_decides_what_is_flagged(capsys, federation, society_a):
    make_year_stat(society_a, 2023, 100)
    make_year_stat(society_a, 2024, 140)
    assert len(_json(capsys, "--year", "2024")["flags"]) == 2  # the society and its 科协
    flags = _json(capsys, "--year", "2024", "--threshold", "40")["flags"]
    assert flags == []
    flags = _json(capsys, "--year", "2024", "--threshold", "39.5%")["flags"]
    assert {f["figure"] for f in flags} == {"organisation.individual_members"}
    assert flags[0]["change"] == "+40.0%"


def test_the_xlsx_is_written(tmp_path, federation, society_a):
    seed_society(society_a)
    path = tmp_path / "out.xlsx"
    call_command("statistics", "--year", "2024", "--output", str(path))
    book = load_workbook(path)
    assert book["表1 组织建设情况"]["E3"].value == 1
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail["path"] == str(path) and entry.detail["rows"] == 1


def test_json_to_a_file(tmp_path, federation):
    path = tmp_path / "out.json"
    call_command("statistics", "--year", "2024", "--format", "json", "--output", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["federation"] == "hubei"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024", "--federation", "nope"], "没有代码为「nope」的科协"),
        (["--year", "1800"], "年度应在1950至2100之间"),
        (["--year", "2024", "--threshold", "abc"], "不小于0的百分比"),
        (["--year", "2024", "--threshold", "-1"], "不小于0的百分比"),
    ],
)
def test_a_wrong_command_line_says_why(capsys, federation, args, message):
    with pytest.raises(SystemExit) as exit_:
        call_command("statistics", *args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_two_top_federations_need_a_code(capsys, federation, other_federation):
    with pytest.raises(SystemExit):
        call_command("statistics", "--year", "2024")
    assert "--federation" in capsys.readouterr().err


def test_only_an_administrator_writes_the_explanation(federation, secretary_a):
    with pytest.raises(PermissionDenied):
        statistics_return_save(
            federation=federation, year=2024, explanation="x", notes={}, actor=secretary_a
        )
    saved = statistics_return_save(
        federation=federation, year=2024, explanation="x", notes={"a|b.c": "说明"}, actor=SYSTEM
    )
    saved = statistics_return_save(
        federation=federation, year=2024, explanation="y", notes={"a|b.c": " "}, actor=SYSTEM
    )
    assert (saved.explanation, saved.notes, saved.updated_by) == ("y", {}, None)


def test_a_return_is_named_by_its_federation_and_year(federation):
    saved = statistics_return_save(
        federation=federation, year=2024, explanation="", notes={}, actor=SYSTEM
    )
    assert str(saved) == "湖北省科学技术协会 2024年统计报表"
