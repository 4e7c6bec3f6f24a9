"""Benchmark: scoring a year of 学会考评 for N societies under the shipped Hubei scheme.

    .venv/bin/python bench/evaluation_year.py [--sizes 30 300] [--database-url postgres://…/EMPTY_DB]

Creates a throwaway SQLite database (or uses the given empty PostgreSQL one), loads the Hubei
framework the scheme's rule indicators name, saves `hubei-evaluation`, and makes N societies
under one federation, each with a term, a member count and (for two in three) a party
organisation. Then for each N:

- times `xuehui.evaluation.selectors.score` (what `xuehui evaluate` and the page's 计算 run:
  facts gathered once, the framework evaluated, the campaign's verdicts, the experts' marks,
  the scoring, ranks, classes and stars), counting the SQL queries;
- times a baseline in the same run: gathering the same facts and evaluating the same framework
  alone (`rules.facts.gather` + `rules.engine.evaluate`), the least any scoring by rules must do;
- prints seconds (CPU), queries and the ratio scoring / baseline.

The queries must not grow with N; the ratio says what the scoring adds to the engine. Not a
test: it prints numbers for a person to judge.
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

ON = dt.date(2025, 12, 31)


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_societies(federation, n: int, start: int) -> None:
    from xuehui.members.models import MemberYearStat
    from xuehui.party.choices import PartyOrganisationForm
    from xuehui.party.models import PartyOrganisation
    from xuehui.tests import factories as f

    for i in range(start, start + n):
        society = f.make_society(federation=federation, name=f"基准学会{i:05d}")
        f.make_term(society, start_on=dt.date(2023, 6, 1))
        MemberYearStat.objects.create(society=society, year=2025, individual_count=150 + i * 7)
        if i % 3:
            PartyOrganisation.objects.create(
                society=society,
                form=PartyOrganisationForm.BRANCH,
                established_on=dt.date(2019, 1, 1),
            )


def baseline(spec, ids):
    """Gathering the facts and evaluating the framework: what any scoring by rules must do."""
    from xuehui.rules.engine import evaluate
    from xuehui.rules.facts import gather

    return evaluate(spec, gather(ids, ON, young_age=spec.young_age, year=2025), ON, year=2025)


def cpu(call) -> tuple[float, object]:
    start = time.process_time()
    value = call()
    return time.process_time() - start, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    setup(args.database_url or f"sqlite:///{folder}/bench.sqlite3")

    import yaml
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xuehui.access import SYSTEM
    from xuehui.evaluation import selectors, services
    from xuehui.rules.selectors import framework_spec
    from xuehui.rules.tests.factories import load_library_framework
    from xuehui.societies.models import Society
    from xuehui.tests import factories as f

    load_library_framework("hubei-reform-2017")
    federation = f.make_federation(name="基准科协", code="bench")
    data = yaml.safe_load((ROOT / "xuehui/evaluation/library/hubei-evaluation.yaml").read_text())
    row = services.scheme_save(federation=federation, data=data, year=2025, actor=SYSTEM)
    spec = framework_spec("hubei-reform-2017")
    made = 0
    print(f"{'N':>6} {'scoring s':>10} {'baseline s':>11} {'ratio':>6} {'queries':>8}")
    for size in sorted(args.sizes):
        make_societies(federation, size - made, made)
        made = size
        ids = list(Society.objects.filter(federation=federation).values_list("pk", flat=True))

        base, _ = cpu(lambda ids=ids: baseline(spec, ids))
        with CaptureQueriesContext(connection) as queries:
            took, outcomes = cpu(lambda: selectors.score(row, on=ON))
        assert len(outcomes) == size
        print(f"{size:>6} {took:>10.3f} {base:>11.3f} {took / base:>6.2f} {len(queries):>8}")


if __name__ == "__main__":
    main()
