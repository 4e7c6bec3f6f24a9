"""The benches of `bench/` run in a quick mode (a few rows, one run) so that they cannot rot:
each must still run against the current code and print its ratios beside their targets."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.django_db


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ratio_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("ratio ")]


def test_the_member_import_bench_prints_its_ratios_to_the_bare_read(capsys):
    _bench("members_import").main(["--rows", "30", "--runs", "1", "--phases"])
    out = capsys.readouterr().out
    lines = _ratio_lines(out)
    assert len(lines) == 2, lines
    assert lines[0].startswith("ratio import / bare read: ×") and "target ≤ ×" in lines[0]
    assert lines[1].startswith("ratio peak memory import / bare read: ×")
    assert "target ≤ ×1.5" in lines[1]
    # the split (the bench exits if a part it names was never called)
    split = out.split("where one import's client CPU goes", 1)[1].splitlines()[1:]
    assert len(split) == 10 and "audit entries, one per member" in split[6], split
    # the floor: the same rows written again (members and audit entries), rolled back
    assert split[8].startswith("the database's own insert of the same rows"), split
    assert "an import doing nothing else would be ×" in split[9], split


@pytest.mark.django_db(transaction=True)  # committed, so that the server's processes see it
def test_the_load_bench_serves_every_page_and_prints_its_ratios_to_the_trivial_page(capsys):
    _bench("load").main(["--quick"])  # exits with an error if any answer is not 200
    out = capsys.readouterr().out
    lines = _ratio_lines(out)
    assert len(lines) == 6, out  # every page but the trivial one
    assert all("p95 / trivial p95: ×" in line and "target ≤ ×3" in line for line in lines)
    assert lines[0].startswith("ratio dashboard p95") and lines[-1].startswith("ratio campaign")
    assert "trivial p95 under mixed load:" in out and "target < 200 ms" in out


def test_the_campaign_launch_bench_prints_its_ratios_to_the_copy_floor(capsys):
    _bench("campaign_launch").main(
        ["--sizes", "3", "--requirements", "5", "--runs", "1", "--real", "2"]
    )
    out = capsys.readouterr().out
    lines = _ratio_lines(out)
    assert len(lines) == 2, out  # the sized launch and the real frameworks' launch
    assert all("launch / COPY floor: ×" in line and "target ≤ ×1.5" in line for line in lines)
    assert "3 societies × 5 requirements = 15 items" in out
    assert "2 societies × 5 frameworks" in out


def test_the_engine_bench_prints_its_ratios_to_the_aggregate(capsys):
    _bench("engine").main(["--sizes", "2", "4", "--council", "6", "--runs", "1", "--phases"])
    out = capsys.readouterr().out
    lines = _ratio_lines(out)
    assert len(lines) == 7, out  # three per size, then the growth with N
    assert lines[0].startswith("ratio cold engine / baseline: ×") and "target ≤ ×10" in lines[0]
    assert lines[1].startswith("ratio cold, explained / baseline: ×")
    assert lines[2].startswith("ratio stored results / baseline: ×") and "target ≤ ×2" in lines[2]
    assert lines[6].startswith("ratio time at N=4 / N=2 (×2 societies)")
    split = out.split("N = 4：冷计算的构成", 1)[1].splitlines()[1:4]  # the split, at the largest N
    assert [line.split(": wall", 1)[0].strip() for line in split] == [
        "事实所需的查询本身（同样的SQL，裸游标执行并取回）",
        "读取事实（含上项）",
        "五个政策框架逐项核验",
    ], out
    assert all(re.search(r"\(min/median of 1\)  ×\d+\.\d\d$", line) for line in split), out


@pytest.mark.django_db(transaction=True)  # the subprocesses read what the bench wrote
def test_the_check_memory_bench_prints_peak_rss_ratios_to_a_bare_check(capsys):
    _bench("check_memory").main(["--societies", "3", "--council", "5"])
    out = capsys.readouterr().out
    lines = _ratio_lines(out)
    assert [line.split(":")[0] for line in lines] == [
        "ratio peak RSS check --all --format json / manage.py check",
        "ratio peak RSS check --all --format xlsx / manage.py check",
    ], out
    assert all("3 societies); target < 300 MB" in line for line in lines)
    assert "peak RSS manage.py check (baseline): " in out


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the fault bench fails a PostgreSQL server",
)
@pytest.mark.django_db(transaction=True)  # committed, so that the server's processes see it
def test_the_fault_bench_counts_failures_around_the_lost_database(capsys, tmp_path):
    """On the suite's own database, its connections ended instead of a restart (the bench
    makes a private cluster to restart when run by hand)."""
    url = _bench("load_data").server_url(tmp_path)
    args = ["--minutes", "0.2", "--users", "4", "--societies", "3", "--council", "5"]
    args += ["--think", "0.1", "--workers", "2", "--no-redis", "--database-url", url]
    try:
        _bench("faults").main(args)
    except SystemExit as failed:  # failures after recovery: reported, then the exit
        assert "恢复后仍有" in str(failed)
    out = capsys.readouterr().out
    assert "existing server: every connection to its database ended" in out
    assert "PostgreSQL failed at" in out and "accepting connections again" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("  ")]
    pages = {row[0] for row in rows if len(row) == 7 and row[1].isdigit()}
    assert pages == {"dashboard", "society_list", "society_detail", "compliance",
                     "overview", "campaign"}, out  # fmt: skip
    assert "failures after recovery: " in out
