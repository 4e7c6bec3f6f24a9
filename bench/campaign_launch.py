"""Benchmark: launching a campaign for N societies × R requirements, against a COPY floor.

    .venv/bin/python bench/campaign_launch.py [--sizes 300] [--requirements 100] [--runs 3]
        [--real 300 3000] [--database-url postgres://…/EMPTY_DB | --database FILE]

Creates a throwaway SQLite database (or uses the given empty PostgreSQL one), N societies
under one federation, each with a few activities and rule documents so that the facts have
something to count, and a framework of R automatic requirements over several facts. Then,
in one process, after a warm-up launch, for each N, `--runs` times (each campaign deleted
afterwards, untimed):

- times `xuehui.campaigns.services.campaign_launch` (facts gathered once for all N
  societies, the framework evaluated, one entry per society and N × R items written);
- times the floor: the same campaign row, the same entries and a COPY (executemany on
  SQLite) of the very item rows the launch wrote, taken from the database beforehand;
- prints min/median wall and CPU (on PostgreSQL the server's CPU is added), the ratio
  launch / floor with its target (≤ ×1.5) and, on PostgreSQL, the 300 × 100 wall time
  against its target (≤ 1.2 s on an idle machine).

Then the real framework sizes: the five frameworks of the library for each `--real` N
(208 items a society: 62,400 for 300 societies, 624,000 for 3,000), one run each, with their
floor. Not a test: it prints numbers for a person to judge (the suite runs it in a quick
mode so that it cannot rot).
"""

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure import Timings, ratio_line, setup_django, verdict  # noqa: E402

FLOOR_TARGET = 1.5
WALL_TARGET = 1.2  # seconds, 300 societies × 100 requirements on PostgreSQL

ON = dt.date(2024, 6, 30)
CHECKS = [
    ("activities.total", "count_at_least", {"noun": "次"}),
    ("activities.academic_hosted", "count_at_least", {"noun": "次"}),
    ("activities.popularization", "count_at_least", {"noun": "次"}),
    ("meetings.total", "count_at_least", {"noun": "次"}),
    ("branches.count", "count_at_most", {"noun": "个"}),
]


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


def launch(federation, versions, societies):
    from xuehui.access import SYSTEM
    from xuehui.campaigns.services import campaign_launch

    return campaign_launch(
        federation=federation,
        name=f"基准评估（{len(societies)}个学会）",
        versions=versions,
        societies=societies,
        facts_on=ON,
        plan_deadline=dt.date(2099, 1, 31),
        self_assessment_deadline=dt.date(2099, 3, 31),
        review_deadline=dt.date(2099, 5, 31),
        rectification_deadline=dt.date(2099, 7, 31),
        actor=SYSTEM,
        notify=False,
    )


def item_rows(campaign) -> tuple[list[str], list[tuple]]:
    """The items the launch wrote, every field but the key, as the floor will write them."""
    import json

    from xuehui.campaigns.models import CampaignItem

    names = [f.attname for f in CampaignItem._meta.concrete_fields if not f.primary_key]
    rows = list(CampaignItem.objects.filter(entry__campaign=campaign).values_list(*names))
    people = names.index("auto_people")
    return names, [(*r[:people], json.dumps(r[people]), *r[people + 1 :]) for r in rows]


def floor(federation, campaign, names: list[str], rows: list[tuple]):
    """The same campaign, entries and items written with nothing computed: COPY's own speed."""
    from django.db import transaction

    from xuehui.campaigns.models import Campaign, CampaignEntry, CampaignItem
    from xuehui.lib.bulk import bulk_insert

    entry = names.index("entry_id")
    with transaction.atomic():
        copy = Campaign.objects.create(
            federation=federation,
            name="基线",
            facts_on=ON,
            plan_deadline=ON,
            self_assessment_deadline=ON,
            review_deadline=ON,
            rectification_deadline=ON,
            assessment_year=campaign.assessment_year,
            status=campaign.status,
        )
        old = list(campaign.entries.values_list("pk", "society_id"))
        new = CampaignEntry.objects.bulk_create(
            [CampaignEntry(campaign=copy, society_id=society) for _, society in old]
        )
        to_new = {pk: made.pk for (pk, _), made in zip(old, new, strict=True)}
        bulk_insert(
            CampaignItem,
            names,
            ((*r[:entry], to_new[r[entry]], *r[entry + 1 :]) for r in rows),
        )
    return copy


def drop(campaign) -> None:
    """Untimed, between runs."""
    from django.db import connection

    from xuehui.campaigns.models import CampaignItem

    CampaignItem.objects.filter(entry__campaign=campaign)._raw_delete(connection.alias)
    campaign.entries.all()._raw_delete(connection.alias)
    campaign.delete()


def measure(federation, versions, societies, runs: int) -> tuple[Timings, Timings, int]:
    launched, floored = Timings("launch"), Timings("COPY floor")
    items = 0
    for _ in range(runs):
        campaign = launched.run(lambda: launch(federation, versions, societies), server=True)
        names, rows = item_rows(campaign)
        items = len(rows)
        copy = floored.run(
            lambda c=campaign, n=names, r=rows: floor(federation, c, n, r), server=True
        )
        drop(copy)
        drop(campaign)
    return launched, floored, items


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300])
    parser.add_argument("--requirements", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--real", type=int, nargs="*", default=[300, 3000])
    parser.add_argument("--database", type=Path, help="SQLite file (default: a temporary one)")
    parser.add_argument("--database-url", help="an empty database, e.g. postgres://…/bench")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = args.database or Path(tmp) / "bench.sqlite3"
        setup_django(args.database_url or f"sqlite:///{sqlite}")
        from django.db import connection

        from xuehui.rules.models import Framework
        from xuehui.rules.services import framework_load, frameworks_load_library
        from xuehui.tests.factories import make_federation

        framework_load(data=framework_data(args.requirements))
        version = Framework.objects.get(key="bench-launch").current_version
        federation = make_federation(name="基准测试科协", code="bench")
        societies = make_societies(federation, max([*args.sizes, *args.real]))
        print(f"{connection.vendor}; {args.requirements} requirements; runs: {args.runs}")
        drop(launch(federation, [version], societies[: min(args.sizes)]))  # warm-up
        for size in sorted(args.sizes):
            launched, floored, items = measure(federation, [version], societies[:size], args.runs)
            print(f"{size} societies × {args.requirements} requirements = {items:,} items")
            print("  " + launched.line())
            print("  " + floored.line())
            print("  " + ratio_line("launch / COPY floor", launched, floored, FLOOR_TARGET))
            if connection.vendor == "postgresql" and (size, args.requirements) == (300, 100):
                print(
                    f"  launch wall time (median): {launched.median_wall:.2f} s; target ≤ "
                    f"{WALL_TARGET} s on an idle machine: {verdict(launched.median_wall, WALL_TARGET)}"
                )
        if args.real:
            frameworks_load_library()
            real = list(Framework.objects.exclude(key="bench-launch").order_by("key"))
            versions = [framework.current_version for framework in real]
            print(f"real framework sizes: {len(versions)} frameworks of the library, one run each")
        for size in args.real:
            launched, floored, items = measure(federation, versions, societies[:size], 1)
            print(f"{size} societies × {len(versions)} frameworks = {items:,} items")
            print("  " + launched.line())
            print("  " + floored.line())
            print("  " + ratio_line("launch / COPY floor", launched, floored, FLOOR_TARGET))


if __name__ == "__main__":
    main()
