"""Benchmark: launching a campaign for N societies × a framework of 100 requirements.

    .venv/bin/python bench/campaign_launch.py [--sizes 100 300] [--requirements 100]
        [--database FILE | --database-url postgres://…/EMPTY_DB]

Creates a throwaway SQLite database (migrated from scratch; or the given file), N societies
under one federation, each with a few activities and rule documents so that the facts have
something to count, and a framework of R automatic requirements over several facts. Then for
each N:

- times `xuehui.campaigns.services.campaign_launch` (facts for all N societies gathered once,
  the framework evaluated, one row per society and N × R items written with bulk_create),
  counting the SQL queries;
- times a baseline in the same run: a plain bulk_create of the same number of bare rows
  (N society rows and N × R item rows, no engine, no explanations);
- prints seconds (wall clock and CPU), queries, rows and the ratio launch / baseline (CPU).

Only the bulk inserts' batches (bounded by SQLite's limit on parameters) grow with N; the
other queries do not. Not a test: it prints numbers for a person to judge.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ON = dt.date(2024, 6, 30)
CHECKS = [
    ("activities.total", "count_at_least", {"noun": "次"}),
    ("activities.academic_hosted", "count_at_least", {"noun": "次"}),
    ("activities.popularization", "count_at_least", {"noun": "次"}),
    ("meetings.total", "count_at_least", {"noun": "次"}),
    ("branches.count", "count_at_most", {"noun": "个"}),
]


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def framework_data(requirements: int) -> dict:
    nodes = []
    for i in range(requirements):
        fact, check, params = CHECKS[i % len(CHECKS)]
        bound = {"min": i % 4} if check == "count_at_least" else {"max": i % 3}
        nodes.append(
            {
                "key": str(i + 1),
                "title": f"要求{i + 1}",
                "clause": f"第{i + 1}条",
                "excerpt": "条文摘录。",
                "obligation": "mandatory",
                "decide": {
                    "by": "automatic",
                    "fact": fact,
                    "check": check,
                    "params": params | bound,
                },
            }
        )
    return {
        "key": "bench-launch",
        "title": "评估基准测试框架",
        "issuer": "基准测试科协",
        "document_number": "",
        "source": "001_fe763b36492a114c.txt",
        "jurisdiction_level": "provincial",
        "effective_on": "2017-10-10",
        "version": 1,
        "requirements": nodes,
    }


def make_societies(federation, count: int) -> list:
    from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
    from xuehui.activities.models import Activity
    from xuehui.regulations.choices import RuleKind
    from xuehui.regulations.models import RuleDocument
    from xuehui.societies.models import Society
    from xuehui.tests.factories import make_uscc

    societies = Society.objects.bulk_create(
        Society(
            name=f"基准学会{i:04d}",
            uscc=make_uscc(100000 + i),
            category="science",
            federation=federation,
        )
        for i in range(count)
    )
    kinds = [ActivityKind.ACADEMIC_EXCHANGE, ActivityKind.SCIENCE_POPULARIZATION]
    Activity.objects.bulk_create(
        Activity(
            society=society,
            kind=kinds[k % 2],
            title=f"活动{k}",
            start_on=dt.date(2024, 3, 1 + k),
            end_on=dt.date(2024, 3, 1 + k),
            level=ActivityLevel.PROVINCIAL,
            role=ActivityRole.HOST,
        )
        for n, society in enumerate(societies)
        for k in range(n % 4)
    )
    RuleDocument.objects.bulk_create(
        RuleDocument(
            society=society, kind=RuleKind.CHARTER, name="章程", adopted_on=dt.date(2020, 1, 1)
        )
        for society in societies
    )
    return societies


def timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return result, (seconds, cpu), len(queries.captured_queries)


def launch(federation, version, societies):
    from xuehui.campaigns.services import campaign_launch

    return campaign_launch(
        federation=federation,
        name=f"基准评估（{len(societies)}个学会）",
        versions=[version],
        societies=societies,
        facts_on=ON,
        plan_deadline=dt.date(2099, 1, 31),
        self_assessment_deadline=dt.date(2099, 3, 31),
        review_deadline=dt.date(2099, 5, 31),
        rectification_deadline=dt.date(2099, 7, 31),
        notify=False,
    )


def baseline(federation, version, societies):
    """The same number of rows, bare: no facts, no engine, no explanations."""
    from django.db import transaction

    from xuehui.campaigns.choices import CampaignStatus
    from xuehui.campaigns.models import Campaign, CampaignItem, CampaignSociety
    from xuehui.campaigns.services import BATCH

    requirement_ids = list(version.requirements.values_list("pk", flat=True))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            federation=federation,
            name="基线",
            facts_on=ON,
            plan_deadline=ON,
            self_assessment_deadline=ON,
            review_deadline=ON,
            rectification_deadline=ON,
            status=CampaignStatus.OPEN,
        )
        entries = CampaignSociety.objects.bulk_create(
            [CampaignSociety(campaign=campaign, society=s) for s in societies], batch_size=BATCH
        )
        CampaignItem.objects.bulk_create(
            (
                CampaignItem(
                    entry=e, requirement_id=r, position=n, auto_status="pass", evaluated_on=ON
                )
                for e in entries
                for n, r in enumerate(requirement_ids)
            ),
            batch_size=BATCH,
        )
    return campaign


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--requirements", type=int, default=100)
    parser.add_argument(
        "--database", type=Path, help="SQLite file to use (default: a temporary one)"
    )
    parser.add_argument(
        "--database-url",
        help="an empty database to use instead, e.g. postgres://postgres@127.0.0.1:5432/bench",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = args.database or Path(tmp) / "bench.sqlite3"
        setup(args.database_url or f"sqlite:///{sqlite}")
        from xuehui.campaigns.models import CampaignItem
        from xuehui.rules.models import Framework
        from xuehui.rules.services import framework_load
        from xuehui.tests.factories import make_federation

        framework_load(data=framework_data(args.requirements))
        version = Framework.objects.get(key="bench-launch").current_version
        federation = make_federation(name="基准测试科协", code="bench")
        societies = make_societies(federation, max(args.sizes))
        print(
            f"{'学会数':>6} {'事项数':>8} {'启动(秒)':>9} {'查询':>6} {'基线(秒)':>9} {'基线查询':>8} {'倍数':>6}"
        )
        for size in sorted(args.sizes):
            chosen = societies[:size]
            campaign, seconds, queries = timed(lambda c=chosen: launch(federation, version, c))
            _, base_seconds, base_queries = timed(lambda c=chosen: baseline(federation, version, c))
            items = CampaignItem.objects.filter(entry__campaign=campaign).count()
            print(
                f"{size:>9} {items:>11} {seconds[0]:>8.2f}/{seconds[1]:<6.2f} {queries:>8}"
                f" {base_seconds[0]:>8.2f}/{base_seconds[1]:<6.2f} {base_queries:>10}"
                f" {seconds[1] / base_seconds[1]:>8.1f}"
            )


if __name__ == "__main__":
    main()
