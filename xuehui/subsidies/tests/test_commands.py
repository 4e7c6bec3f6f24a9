"""xuehui subsidy-programme (YAML) and xuehui subsidies (the computed list as JSON or xlsx)."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from xuehui.audit.models import AuditEntry
from xuehui.subsidies.definition import DefinitionError, parse
from xuehui.subsidies.models import SubsidyApplication, SubsidyProgramme
from xuehui.tests import factories as f

from .factories import give_secretary, give_working_party

pytestmark = pytest.mark.django_db

YAML = """\
key: fengxian-post-2025
name: 专职秘书长岗位补贴
federation: {code}
year: 2025
budget: 60000
facts_on: 2025-12-31
note: 奉贤实施细则4、（3）
categories:
  - key: secretary-post
    name: 专职秘书长岗位补贴
    kind: secretary_post
    amount: 30000
    priorities: [party_working, star_rated]
"""


def run(*args) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def loaded(tmp_path, federation):
    path = tmp_path / "p.yaml"
    path.write_text(YAML.format(code=federation.code), encoding="utf-8")
    assert run("subsidy_programme", str(path))[0] == 0
    assert run("subsidy_programme", str(path))[0] == 0  # again: nothing new
    return SubsidyProgramme.objects.get()


def test_the_yaml_makes_the_programme_and_its_categories(loaded):
    assert loaded.budget == 60000 and loaded.score_year == 2024
    assert loaded.categories.get().priorities == ["party_working", "star_rated"]


def test_the_json_lists_every_candidate_in_order(loaded, federation):
    societies = [f.make_society(federation=federation, uscc=f.make_uscc(700 + i)) for i in range(4)]
    for society in societies[:3]:
        give_secretary(society)
    give_working_party(societies[2])
    code, out, _ = run("subsidies", "--programme", loaded.key, "--all", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert AuditEntry.objects.get(action="export").detail["rows"] == len(rows)
    assert [r["society"]["code"] for r in rows] == [
        s.uscc for s in (societies[2], societies[0], societies[1], societies[3])
    ]
    assert rows[0] == {
        "society": {"code": societies[2].uscc, "name": societies[2].name},
        "category": "secretary-post", "category_name": "专职秘书长岗位补贴", "eligible": True,
        "reasons": rows[0]["reasons"], "priority": ["party_working"], "score": None, "rank": 1,
        "amount": 30000.0, "note": "按排序安排30000元（安排后剩余预算30000元）",
    }  # fmt: skip
    # The next two are tied (no priority, no score) and 30000 cannot fund both.
    assert [r["amount"] for r in rows] == [30000.0, 0.0, 0.0, 0.0]
    assert "并列" in rows[1]["note"] and "由科协决定" in rows[2]["note"]
    assert rows[3]["eligible"] is False and rows[3]["rank"] is None
    assert not SubsidyApplication.objects.exists()  # without --allocate nothing is written
    assert run("subsidies", "--programme", loaded.key, "--all", "--allocate")[0] == 0
    assert SubsidyApplication.objects.filter(allocated_amount=Decimal(30000)).count() == 1


def test_the_xlsx_is_written(loaded, tmp_path, federation):
    give_secretary(f.make_society(federation=federation))
    path = tmp_path / "out.xlsx"
    args = (
        "subsidies",
        "--programme",
        loaded.key,
        "--all",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    assert run(*args)[0] == 0
    rows = list(load_workbook(path).active.iter_rows(min_row=3, values_only=True))
    assert rows[0][4] == "是" and rows[0][8] == 30000


def test_bad_arguments_exit_2_and_bad_data_exit_1(tmp_path, federation, loaded, other_federation):
    assert run("subsidies", "--programme", "nope")[0] == 2
    assert run("subsidy_programme", str(tmp_path / "missing.yaml"))[0] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: [", encoding="utf-8")
    assert run("subsidy_programme", str(bad))[0] == 2
    bad.write_text(YAML.format(code="nowhere"), encoding="utf-8")
    code, _, err = run("subsidy_programme", str(bad))
    assert code == 1 and "nowhere" in err
    bad.write_text(
        YAML.format(code=federation.code).replace("amount: 30000", "amount: -1"), encoding="utf-8"
    )
    assert run("subsidy_programme", str(bad))[0] == 1
    bad.write_text(YAML.format(code=other_federation.code), encoding="utf-8")
    assert run("subsidy_programme", str(bad))[0] == 0
    assert run("subsidies", "--programme", loaded.key)[0] == 2  # two 科协 use the key
    assert run("subsidies", "--programme", loaded.key, "--federation", federation.code)[0] == 0
    assert (
        run("subsidies", "--programme", loaded.key, "--federation", federation.code, "--on", "x")[0]
        == 2
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "键值对"),
        ({"key": "a b"}, "只能用英文字母"),
        ({"year": "2025"}, "整数"),
        ({"budget": "many"}, "金额"),
        ({"facts_on": "2025/13/01"}, "日期"),
        ({"colour": "red"}, "未知的字段：colour"),
        ({"categories": [1]}, "应为键值对"),
        (
            {
                "categories": [
                    {"kind": "gift", "skip_unaffordable": "yes", "tiers": ["gold"], "amount": 0}
                ]
            },
            "kind",
        ),
        ({"categories": [{"key": "a", "name": "a", "kind": "award", "amount": 1}] * 2}, "不能重复"),
    ],
)
def test_a_definition_lists_its_problems(data, problem):
    with pytest.raises(DefinitionError) as caught:
        parse(data)
    assert any(problem in p for p in caught.value.problems)
