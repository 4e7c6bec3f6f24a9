"""`xuehui load-frameworks`, `check` and `facts` from the command line."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from xuehui.audit.models import AuditEntry
from xuehui.rules.services import frameworks_load_library
from xuehui.tests import factories as f

from .factories import library_data, make_council


@pytest.fixture
def loaded(db):
    frameworks_load_library()


@pytest.fixture
def society(db):
    society = f.make_society(name="湖北省测绘学会")
    make_council(f.make_term(society, start_on=dt.date(2022, 6, 1)), size=41, frontline=29)
    return society


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_check_prints_the_json_shape_of_the_issue(loaded, society):
    payload = json.loads(
        run(
            "check",
            "--society",
            society.uscc,
            "--framework",
            "hubei-reform-2017",
            "--on",
            "2024-06-01",
            "--format",
            "json",
        )
    )
    assert payload["society"] == {"code": society.uscc, "name": "湖北省测绘学会"}
    assert (payload["framework"], payload["on"]) == ("hubei-reform-2017", "2024-06-01")
    assert set(payload["summary"]) == {
        "pass",
        "fail",
        "needs_evidence",
        "needs_review",
        "not_applicable",
        "pending",
        "not_done",
        "not_chosen",
    }
    row = next(r for r in payload["results"] if r["requirement"] == "hubei-reform-2017:annex.5.a")
    assert set(row) == {
        "requirement",
        "title",
        "status",
        "binding",
        "obligation",
        "period",
        "actual",
        "expected",
        "explanation",
        "citation",
        "people",
    }
    assert row["status"] == "fail" and row["obligation"] == "mandatory"
    assert row["binding"] is True
    pilot_row = next(
        r for r in payload["results"] if r["requirement"] == "hubei-reform-2017:annex.10"
    )
    assert pilot_row["binding"] is False  # a pilot-only item, for a society outside the programme
    assert pilot_row["explanation"].startswith("非试点学会，仅供对照")
    assert row["citation"]["document"] == "001_fe763b36492a114c.txt"
    assert "需再增加7名一线科技工作者" in row["explanation"]


def test_check_accepts_the_society_by_name_and_prints_a_table(loaded, society):
    text = run(
        "check",
        "--society",
        "湖北省测绘学会",
        "--framework",
        "hubei-reform-2017",
        "--on",
        "2024-06-01",
    )
    assert "hubei-reform-2017:annex.5.a  不达标[必须]" in text


def test_check_all_writes_a_list_in_json_and_an_xlsx(loaded, society, tmp_path):
    f.make_society()
    payload = json.loads(
        run(
            "check",
            "--all",
            "--framework",
            "tianjin-tasks",
            "--on",
            "2024-06-01",
            "--format",
            "json",
        )
    )
    assert isinstance(payload, list) and len(payload) == 2
    printed = AuditEntry.objects.get(action="export")  # printing is exporting too
    assert printed.detail["rows"] == 2 and printed.detail["format"] == "json"
    target = tmp_path / "out.xlsx"
    run(
        "check",
        "--all",
        "--framework",
        "tianjin-tasks",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    sheet = load_workbook(target).active
    assert sheet.cell(row=2, column=1).value == "学会"
    assert sheet.max_row > 100


def test_check_all_streams_the_same_json_a_chunk_at_a_time(
    loaded, society, monkeypatch, django_assert_max_num_queries
):
    from xuehui.rules.management.commands import check
    from xuehui.rules.reports import report_json
    from xuehui.rules.selectors import evaluate_societies
    from xuehui.societies.choices import SocietyStatus
    from xuehui.societies.models import Society

    for n in range(4):
        f.make_society(name=f"湖北省第{n}学会")
    args = ("check", "--all", "--framework", "tianjin-tasks", "--on", "2024-06-01")
    on = dt.date(2024, 6, 1)
    ordered = list(Society.objects.order_by("name", "pk"))
    spec = check.framework_spec("tianjin-tasks")
    results = evaluate_societies(spec, [s.pk for s in ordered], on)
    whole = [report_json(s, "tianjin-tasks", on, results[s.pk]) for s in ordered]
    monkeypatch.setattr(check, "CHUNK", 2)  # five societies: chunks of 2, 2 and 1
    with django_assert_max_num_queries(200) as two:
        text = run(*args)
    assert text == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    monkeypatch.setattr(check, "CHUNK", 5)  # one chunk: fewer queries, the same text
    with django_assert_max_num_queries(200) as one:
        assert run(*args) == text
    assert len(two.captured_queries) > len(one.captured_queries)
    Society.objects.update(status=SocietyStatus.DEREGISTERED)  # none to check
    assert run(*args) == "[]\n"


def test_check_all_xlsx_writes_each_chunk_before_evaluating_the_next(
    loaded, society, monkeypatch, tmp_path
):
    from xuehui.rules.management.commands import check

    for n in range(4):
        f.make_society(name=f"湖北省第{n}学会")
    events: list[str] = []
    evaluate, row = check.evaluate_societies, check.ResultExporter.row

    def logged_evaluate(spec, ids, on):
        events.append("chunk")
        return evaluate(spec, ids, on)

    def logged_row(self, item):
        if not events or events[-1] != item[0].name:
            events.append(item[0].name)
        return row(self, item)

    monkeypatch.setattr(check, "evaluate_societies", logged_evaluate)
    monkeypatch.setattr(check.ResultExporter, "row", logged_row)
    monkeypatch.setattr(check, "CHUNK", 2)  # five societies: chunks of 2, 2 and 1
    target = tmp_path / "all.xlsx"
    out = run("check", "--all", "--framework", "tianjin-tasks", "--format", "xlsx",
              "--output", str(target))  # fmt: skip
    assert [e == "chunk" for e in events] == [True, False, False] * 2 + [True, False]
    sheet = load_workbook(target).active
    assert f"（{sheet.max_row - 2}行）" in out
    names = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert list(dict.fromkeys(names)) == [e for e in events if e != "chunk"]


def test_check_exits_non_zero_only_when_it_cannot_run(loaded, society):
    with pytest.raises(CommandError, match="没有代码为「nope」的政策框架"):
        run("check", "--society", society.uscc, "--framework", "nope")
    with pytest.raises(CommandError, match="没有找到学会"):
        run("check", "--society", "不存在的学会", "--framework", "tianjin-tasks")
    with pytest.raises(CommandError, match="核验日期「2024-13-01」无效"):
        run(
            "check", "--society", society.uscc, "--framework", "tianjin-tasks", "--on", "2024-13-01"
        )


def test_facts_lists_every_fact_by_name_with_reasons_for_the_missing(society):
    payload = json.loads(run("facts", "--society", society.uscc, "--on", "2024-06-01"))
    assert payload["facts"]["council.size"] == 41
    assert payload["facts"]["council.frontline"] == 29
    assert payload["missing"]["members.individual"].startswith("尚无会员数据")
    assert payload["labels"]["council.size"] == "理事会人数"


def test_load_frameworks_command_is_idempotent(db):
    assert "已载入第3版" in run("load_frameworks")
    assert "未变化" in run("load_frameworks")


def test_check_can_save_the_run_with_its_framework_version(loaded, society):
    from xuehui.rules.models import EvaluationRun, Result

    run(
        "check",
        "--society",
        society.uscc,
        "--framework",
        "tianjin-tasks",
        "--on",
        "2024-06-01",
        "--format",
        "json",
        "--save",
    )
    stored = EvaluationRun.objects.get()
    assert (stored.version.framework.key, stored.version.version, stored.on.isoformat()) == (
        "tianjin-tasks",
        library_data("tianjin-tasks")["version"],
        "2024-06-01",
    )
    assert Result.objects.filter(run=stored, requirement__key="T9.a").exists()


def test_without_society_or_all_check_still_runs_the_system_checks(db):
    out, err = StringIO(), StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "System check identified" in out.getvalue() + err.getvalue()
    with pytest.raises(CommandError, match="请用 --framework"):
        run("check", "--all")
