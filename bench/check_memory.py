"""Benchmark: peak memory of `xuehui check --all` for N societies, JSON and xlsx, against a
bare `manage.py check` (Python with Django and every app loaded).

    .venv/bin/python bench/check_memory.py [--societies 2000] [--council 60]
        [--framework hubei-reform-2017] [--database FILE]

Builds a SQLite database with N synthetic societies and their records (the generator of
bench/engine.py; an existing --database is reused), then runs each command in a subprocess
under `/usr/bin/time -v` and reads its "Maximum resident set size":

- the baseline: `manage.py check` (Django's system checks, nothing evaluated);
- `manage.py check --all --framework F --format json` (stdout to /dev/null);
- `manage.py check --all --framework F --format xlsx --output TMP.xlsx`.

Prints each peak and its ratio to the baseline; the issue's target is a peak under 300 MB at
2,000 societies. Not a test: it prints numbers for a person to judge (the suite runs it in a
quick mode so that it cannot rot; there the database is the test database, copied to a file
for the subprocesses on SQLite).
"""

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import engine  # noqa: E402
from measure import setup_django  # noqa: E402

TARGET_MB = 300
PEAK = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def build(n: int, council: int) -> list[int]:
    """The first N societies of an earlier run in this database, or N new ones with their
    councils and records (bench/engine.py's generator)."""
    from django.core.management import call_command

    from xuehui.societies.models import Society

    if Society.objects.filter(federation__code="bench").count() >= n:
        return engine.existing(n)
    call_command("load_frameworks", verbosity=0)
    return engine.generate(n, council)


def database_url(folder: Path) -> str:
    """A URL the subprocesses can open on what this process wrote (committed): the same
    PostgreSQL database, or the SQLite database copied to a file (the test database lives
    in memory)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings["USER"] or "")
        password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        return f"postgres://{user}{password}@{settings['HOST']}{port}/{settings['NAME']}"
    if not connection.is_in_memory_db():
        return f"sqlite:///{settings['NAME']}"
    copy = folder / "check.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    with target:
        connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


def peak_mb(args: list[str], url: str) -> float:
    """The peak resident memory (MB) of `manage.py ARGS` in its own process."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = ["/usr/bin/time", "-v", sys.executable, str(ROOT / "manage.py"), *args]
    done = subprocess.run(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    found = PEAK.search(done.stderr)
    if done.returncode or found is None:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return int(found[1]) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--societies", type=int, default=2000)
    parser.add_argument("--council", type=int, default=60)
    parser.add_argument("--framework", default="hubei-reform-2017")
    parser.add_argument("--database", help="SQLite file (default: a temporary one)")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        raise SystemExit("需要 /usr/bin/time（Debian/Ubuntu：apt-get install time）")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = Path(args.database) if args.database else folder / "bench.sqlite3"
        setup_django(f"sqlite:///{database}")
        start = time.perf_counter()
        ids = build(args.societies, args.council)
        url = database_url(folder)
        print(f"{len(ids)} societies ready in {time.perf_counter() - start:.1f} s ({url})")
        base = peak_mb(["check"], url)
        print(f"peak RSS manage.py check (baseline): {base:.0f} MB")
        every = ["check", "--all", "--framework", args.framework]
        for fmt, extra in (("json", []), ("xlsx", ["--output", str(folder / "all.xlsx")])):
            ours = peak_mb([*every, "--format", fmt, *extra], url)
            print(
                f"ratio peak RSS check --all --format {fmt} / manage.py check: "
                f"×{ours / base:.2f} ({ours:.0f} MB against {base:.0f} MB, "
                f"{len(ids)} societies); target < {TARGET_MB} MB: "
                f"{'PASS' if ours < TARGET_MB else 'FAIL'}"
            )


if __name__ == "__main__":
    main()
