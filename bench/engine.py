"""Benchmark: evaluating all five frameworks for N synthetic societies with full records.

    .venv/bin/python bench/engine.py [--sizes 200 2000] [--council 60] [--runs 3] [--phases]
        [--database FILE | --database-url postgres://…/EMPTY_DB]

Creates a throwaway SQLite database (or uses the given empty PostgreSQL one), generates the
largest N societies with about 60 council members each (a standing council, officers,
supervisors), individual members and yearly statistics, full-time staff, an office, a party
organisation, branches, rule documents, meetings and activities (on PostgreSQL it then
gathers the planner's statistics, as autovacuum does on a live server), then for each N (the
first N of them), `--runs` times each (the two paths of milliseconds, the baseline and the
stored one, six and five times as often), in one process after a warm-up:

- the baseline: the council size and frontline count of the same N societies from one
  hand-written SQL aggregate;
- the cold engine: facts for all N societies read (xuehui.rules.facts.gather) and all five
  frameworks judged for each, statuses only (judge_frameworks: what the stored results and
  the overview compute), and the same with every explanation written (evaluate_frameworks:
  what a page showing one society's results runs, here for all N);
- the stored path: what the overview does, checking that the stored results are current
  for the date and reading every society's row of every framework (xuehui.rules.stored);
- prints min/median wall and CPU (on PostgreSQL the server's CPU is added), the queries of
  each path, and the ratios to the baseline beside their targets (cold ≤ ×10, stored ≤ ×2);
  then the time at the largest N against the smallest (target: no faster than N grows);
- with `--phases`, the cold engine at the largest N split, each part × the baseline: the
  facts' queries alone (the same SQL the facts read sends, run on a bare cursor and
  fetched: what reading the records costs before any fact is made), the facts read whole,
  and the five frameworks judged on them.

The number of queries must be the same for every N. Not a test: it prints numbers for a
person to judge (the suite runs it in a quick mode so that it cannot rot).
"""

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure import Timings, analyze, ratio_line, setup_django, verdict  # noqa: E402

COLD_TARGET = 10.0  # the engine from the records, against one hand-written aggregate
STORED_TARGET = 2.0  # the stored results read back, against the same aggregate
QUICK_RUNS = 5  # times --runs, for the paths that take milliseconds (baseline, stored)

ON = dt.date(2024, 6, 1)
BASELINE_SQL = """
SELECT p.society_id,
       COUNT(DISTINCT p.person_id) AS size,
       COUNT(DISTINCT CASE WHEN pe.is_frontline THEN p.person_id END) AS frontline
  FROM governance_position p
  JOIN governance_person pe ON pe.id = p.person_id
  JOIN governance_term t ON t.id = p.term_id
 WHERE p.society_id IN ({ids})
   AND t.start_on <= %s AND (t.ended_on IS NULL OR t.ended_on > %s)
   AND p.start_on <= %s AND (p.end_on IS NULL OR p.end_on > %s)
   AND (p.office IN ('president', 'vice_president', 'standing_director', 'director')
        OR (p.office = 'secretary_general' AND p.selection = 'elected'))
 GROUP BY p.society_id
"""


def generate(n: int, council: int, seed: int = 2017) -> list[int]:
    """N societies with full records, written with bulk_create (no services: speed)."""
    from django.db import transaction

    from xuehui.societies.models import Federation
    from xuehui.tests.factories import make_uscc

    rng = random.Random(seed)
    federation = Federation.objects.create(name="基准测试科协", code="bench", level="provincial")
    with transaction.atomic():
        societies = _societies(n, federation, make_uscc)
        ids = [s.pk for s in societies]
        _rosters(societies, council, rng)
        _records(societies, rng)
    return ids


def existing(n: int, *, strict: bool = True) -> list[int]:
    """The societies an earlier run generated in the same --database."""
    from xuehui.societies.models import Society

    ids = list(
        Society.objects.filter(federation__code="bench")
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    if len(ids) < n and strict:
        raise SystemExit(
            f"该数据库中只有 {len(ids)} 个学会，不足 {n} 个：请换一个 --database 文件重新生成"
        )
    return ids


def _societies(n, federation, make_uscc):
    from xuehui.societies.models import Society

    rows = [
        Society(
            name=f"基准学会{i:05d}",
            uscc=make_uscc(900000 + i),
            federation=federation,
            is_synthetic=True,
        )
        for i in range(n)
    ]
    Society.objects.bulk_create(rows, batch_size=500)
    return list(Society.objects.filter(federation=federation).order_by("pk"))


def _rosters(societies, council, rng) -> None:
    from xuehui.governance.models import Person, Position, Term

    terms = Term.objects.bulk_create(
        [
            Term(
                society=s,
                number=n,
                start_on=start,
                planned_end_on=start.replace(year=start.year + 5),
                ended_on=end,
            )
            for s in societies
            for n, start, end in (
                (1, dt.date(2017, 6, 1), dt.date(2022, 6, 1)),
                (2, dt.date(2022, 6, 1), None),
            )
        ],
        batch_size=1000,
    )
    current = {t.society_id: t for t in terms if t.number == 2}
    offices = [
        "president",
        "vice_president",
        "vice_president",
        "vice_president",
        "secretary_general",
    ]
    offices += ["standing_director"] * 14 + ["director"] * (council - len(offices) - 14)
    offices += ["chief_supervisor", "supervisor", "deputy_secretary_general"]
    people = [
        Person(
            society=s,
            name=f"人员{s.pk}-{i}",
            birth_date=dt.date(
                rng.randrange(1950, 1995), rng.randrange(1, 13), rng.randrange(1, 29)
            ),
            is_frontline=rng.random() < 0.78,
            is_retired_official=rng.random() < 0.03,
            political_status=rng.choice(["party_member", "masses", "democratic_party"]),
            employer="某大学",
        )
        for s in societies
        for i in range(len(offices))
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    people = iter(Person.objects.filter(name__startswith="人员").order_by("pk"))
    positions = []
    for s in societies:
        term = current[s.pk]
        for office in offices:
            positions.append(
                Position(
                    person=next(people), society=s, term=term, office=office, start_on=term.start_on,
                    selection="appointed" if office == "secretary_general" else "",
                    is_full_time=office == "secretary_general", consecutive_terms=rng.choice([1, 1, 2, 3]),
                )
            )  # fmt: skip
    Position.objects.bulk_create(positions, batch_size=2000)


def _records(societies, rng) -> None:
    from xuehui.activities.models import Activity
    from xuehui.branches.models import Branch
    from xuehui.meetings.models import Meeting
    from xuehui.members.models import IndividualMember, MembershipProfile, MemberYearStat
    from xuehui.party.models import PartyOrganisation
    from xuehui.regulations.models import RuleDocument
    from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember

    kinds = [
        "academic_exchange",
        "science_popularization",
        "continuing_education",
        "party_building",
        "technical_service",
    ]
    rules = [
        "charter",
        "finance",
        "personnel",
        "archives",
        "meetings",
        "disclosure",
        "member_management",
        "major_decisions",
    ]
    bulk = {
        MembershipProfile: [MembershipProfile(society=s, congress_form="representative", representative_count=150, register_since=2020) for s in societies],
        MemberYearStat: [MemberYearStat(society=s, year=y, individual_count=rng.randrange(150, 600), institutional_count=20) for s in societies for y in (2016, 2023)],
        IndividualMember: [IndividualMember(society=s, name=f"会员{s.pk}-{i}", join_date=dt.date(2021, 1, 1)) for s in societies for i in range(40)],
        SecretariatProfile: [SecretariatProfile(society=s, has_own_bank_account=True, website="https://example.org.cn") for s in societies],
        StaffMember: [StaffMember(society=s, name=f"员工{s.pk}-{i}", contract_start=dt.date(2021, 1, 1), contract_end=dt.date(2026, 12, 31), monthly_pay=6000, has_social_insurance=True) for s in societies for i in range(3)],
        Office: [Office(society=s, address="某地", area_m2=rng.choice([20, 30, 60]), source="rented", facilities_owned=True) for s in societies],
        PartyOrganisation: [PartyOrganisation(society=s, form="branch", established_on=dt.date(2018, 1, 1)) for s in societies if rng.random() < 0.8],
        Branch: [Branch(society=s, name=f"专业委员会{i}", kind="specialist_committee", filed_on=dt.date(2019, 1, 1)) for s in societies for i in range(4)],
        RuleDocument: [RuleDocument(society=s, kind=k, name=f"{k}制度", adopted_on=dt.date(2019, 3, 1)) for s in societies for k in rules],
        Meeting: [Meeting(society=s, kind=k, held_on=dt.date(2024, m, 10), has_minutes=True, supervisors_attended=m != 3) for s in societies for k, m in (("council", 1), ("standing_council", 3), ("member_congress", 4), ("secretariat", 5))],
        Activity: [Activity(society=s, kind=k, title=f"活动{i}", start_on=dt.date(2024, 1 + i % 5, 1 + i), end_on=dt.date(2024, 1 + i % 5, 1 + i), level="provincial", role="host", in_science_week=i == 1) for s in societies for i, k in enumerate(kinds * 2)],
    }  # fmt: skip
    for model, rows in bulk.items():
        model.objects.bulk_create(rows, batch_size=2000)


def engine_run(ids: list[int], *, explain: bool = False):
    """Cold: the facts read and all five frameworks judged (statuses only, or with every
    explanation written)."""
    from xuehui.rules.selectors import evaluate_frameworks, framework_specs, judge_frameworks

    run = evaluate_frameworks if explain else judge_frameworks
    results = run(list(framework_specs().values()), ids, ON)
    assert all(len(by_society) == len(ids) for by_society in results.values())
    return results


def stored_run(ids: list[int]):
    """What the overview does with stored results: checks they are current for the date,
    then reads every society's row of every framework."""
    from xuehui.rules.selectors import current_versions
    from xuehui.rules.stored import results_current, stored_rows
    from xuehui.societies.models import Society

    versions = current_versions()
    freshness = results_current(Society.objects.filter(pk__in=ids), versions, ON)
    rows = stored_rows(ids, versions)
    assert not freshness.updating and len(rows) == len(ids) * len(versions)
    return rows


def baseline_run(ids: list[int]):
    """The floor: the council size and frontline count of the same societies, one aggregate."""
    from django.db import connection

    sql = BASELINE_SQL.format(ids=",".join(str(i) for i in ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, [ON, ON, ON, ON])
        rows = cursor.fetchall()
    assert len(rows) == len(ids)
    return rows


def facts_sql(ids: list[int], young_age: int):
    """The queries the facts read sends, to be run again on a bare cursor (no rows made
    into facts): what reading the records costs the database and the driver alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xuehui.rules.facts import gather

    with CaptureQueriesContext(connection) as captured:
        gather(ids, ON, young_age=young_age)
    statements = [query["sql"] for query in captured.captured_queries]

    def run() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                rows += len(cursor.fetchall())
        return rows

    return run


def print_phases(ids: list[int], base, runs: int, server: bool) -> None:
    """The cold engine split (GC paused, as judge_frameworks runs): the facts' SQL alone,
    the facts read whole and the five frameworks judged, each × the baseline's median."""
    from xuehui.lib.collector import paused_collector
    from xuehui.rules.facts import gather
    from xuehui.rules.selectors import framework_specs
    from xuehui.rules.statuses import judge

    specs = list(framework_specs().values())
    assert len({spec.young_age for spec in specs}) == 1, "one facts read serves every framework"
    young_age = specs[0].young_age
    sql, read, judged = Timings("sql"), Timings("read"), Timings("judged")
    run_sql = facts_sql(ids, young_age)
    with paused_collector():
        for _ in range(runs):
            sql.run(run_sql, server=server)
            facts = read.run(lambda: gather(ids, ON, young_age=young_age), server=server)
            judged.run(lambda facts=facts: [judge(spec, facts, ON) for spec in specs])
    print(f"N = {len(ids)}：冷计算的构成（× 基线的中位数 {base.median_cpu:.3f} s CPU）")
    for label, part in (
        ("事实所需的查询本身（同样的SQL，裸游标执行并取回）", sql),
        ("读取事实（含上项）", read),
        ("五个政策框架逐项核验", judged),
    ):
        print(f"  {part.line(label)}  ×{part.median_cpu / base.median_cpu:.2f}")


def queries_of(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument(
        "--council", type=int, default=60, help="council members per society (about)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database", help="SQLite file (default: a temporary one); an existing one is reused"
    )
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite")
    parser.add_argument(
        "--phases", action="store_true", help="then the cold engine at the largest N, split"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(args.database) if args.database else Path(folder) / "bench.sqlite3"
        reuse = database.exists() and not args.database_url
        setup_django(args.database_url or f"sqlite:///{database}")
        from django.core.management import call_command
        from django.db import connection

        call_command("load_frameworks", verbosity=0)
        from xuehui.rules.stored import results_compute

        start = time.perf_counter()
        biggest = max(args.sizes)
        found = existing(biggest, strict=False)
        all_ids = found if len(found) >= biggest else generate(biggest, args.council)
        verb = "沿用" if reuse or len(found) >= biggest else "生成"
        print(
            f"{verb} {len(all_ids)} 个学会及其记录：{time.perf_counter() - start:.1f} 秒"
            f"（{connection.vendor}）"
        )
        analyze()  # PostgreSQL's planner statistics, as on a live server
        engine_run(all_ids[:10])  # warm-up: parsing the frameworks, imports
        server = connection.vendor == "postgresql"
        medians, bases = {}, {}
        for n in sorted(args.sizes):
            ids = all_ids[:n]
            engine, base, stored = Timings("engine"), Timings("baseline"), Timings("stored")
            explained = Timings("explained")
            for _ in range(args.runs):
                base.run(lambda ids=ids: baseline_run(ids), server=server)
                engine.run(lambda ids=ids: engine_run(ids), server=server)
                explained.run(lambda ids=ids: engine_run(ids, explain=True), server=server)
            results_compute(ids, on=ON)  # untimed: the rows the workers keep current
            # The stored path and the baseline take milliseconds at N = 200, where one run
            # disturbed by the machine moves a median of three: five times the runs, alternated.
            for _ in range(QUICK_RUNS * args.runs):
                base.run(lambda ids=ids: baseline_run(ids), server=server)
                stored.run(lambda ids=ids: stored_run(ids), server=server)
            engine_queries = queries_of(lambda ids=ids: engine_run(ids))
            stored_queries = queries_of(lambda ids=ids: stored_run(ids))
            medians[n], bases[n] = engine, base
            print(f"N = {n}（5个政策框架）")
            print(f"  {base.line('基线：一条手写聚合')}")
            print(
                f"  {engine.line('冷计算：读取事实并逐项核验（仅状态）')}，{engine_queries} 条查询"
            )
            print(f"  {explained.line('冷计算（含全部说明）')}")
            print(f"  {stored.line('存储的结果：核对并读取')}，{stored_queries} 条查询")
            print(f"  {ratio_line('cold engine / baseline', engine, base, COLD_TARGET)}")
            print(f"  {ratio_line('cold, explained / baseline', explained, base, COLD_TARGET)}")
            print(f"  {ratio_line('stored results / baseline', stored, base, STORED_TARGET)}")
        sizes = sorted(medians)
        if len(sizes) > 1:
            small, large = medians[sizes[0]], medians[sizes[-1]]
            grown = sizes[-1] / sizes[0]
            wall = large.median_wall / small.median_wall
            cpu = large.median_cpu / small.median_cpu if small.median_cpu else float("nan")
            print(
                f"ratio time at N={sizes[-1]} / N={sizes[0]} (×{grown:g} societies): "
                f"×{wall:.2f} wall, ×{cpu:.2f} CPU; target ≤ ×{grown:g}: "
                f"{verdict(wall, grown)} (wall), {verdict(cpu, grown)} (CPU)"
            )
        if args.phases:
            print_phases(all_ids[: sizes[-1]], bases[sizes[-1]], args.runs, server)


if __name__ == "__main__":
    main()
