"""scripts/coverage_summary.py: per-app sums of coverage.py's JSON and the CI floors."""

import importlib.util
import json
from pathlib import Path

from django.conf import settings

_spec = importlib.util.spec_from_file_location(
    "coverage_summary", Path(settings.BASE_DIR) / "scripts" / "coverage_summary.py"
)
summary = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(summary)


def file_entry(statements, covered, branches, covered_branches):
    return {
        "summary": {
            "num_statements": statements,
            "covered_lines": covered,
            "num_branches": branches,
            "covered_branches": covered_branches,
        }
    }


def write_report(tmp_path, files):
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps({"files": files}), encoding="utf-8")
    return str(path)


REPORT = {
    "xuehui/meetings/services.py": file_entry(100, 90, 40, 30),
    "xuehui/meetings/views.py": file_entry(100, 100, 10, 10),
    "xuehui/branches/models.py": file_entry(50, 25, 0, 0),
    "xuehui/cli.py": file_entry(10, 10, 2, 2),
    "config/settings.py": file_entry(40, 40, 0, 0),
}


def test_files_are_summed_per_app(tmp_path, capsys):
    assert summary.main([write_report(tmp_path, REPORT)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:]}
    assert rows["meetings"] == ["200", "95.0%", "50", "80.0%"]
    assert rows["branches"] == ["50", "50.0%", "0", "100.0%"]
    assert rows["xuehui"] == ["10", "100.0%", "2", "100.0%"]
    assert rows["config"] == ["40", "100.0%", "0", "100.0%"]
    # 265 of 300 lines, 42 of 52 branches
    assert rows["TOTAL"] == ["300", "88.3%", "52", "80.8%"]


def test_each_floor_fails_the_run_on_its_own(tmp_path, capsys):
    report = write_report(tmp_path, REPORT)
    assert summary.main([report, "--line-floor", "88", "--branch-floor", "80"]) == 0
    assert summary.main([report, "--line-floor", "90", "--branch-floor", "80"]) == 1
    assert "line coverage 88.3% is under the floor of 90%" in capsys.readouterr().err
    assert summary.main([report, "--line-floor", "80", "--branch-floor", "81"]) == 1
    err = capsys.readouterr().err
    assert "branch coverage 80.8% is under the floor of 81%" in err
    assert "line coverage" not in err


def test_an_unreadable_report_is_an_error_not_a_pass(tmp_path, capsys):
    assert summary.main([str(tmp_path / "missing.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert summary.main([str(bad)]) == 2
    assert "unreadable" in capsys.readouterr().err
