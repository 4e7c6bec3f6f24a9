"""Benchmark: creating the accounts of 200 society secretaries from one spreadsheet.

    .venv/bin/python bench/users_import.py [--rows 200]

Builds a fresh SQLite database with one federation and 50 societies, writes a sheet of
secretaries (用户名, 姓名, 手机号码, 学会统一社会信用代码), and times the import with its
write (Argon2 hashes of the random initial passwords, accounts, roles and audit entries in
bulk), counting the SQL queries. Not a test: it prints numbers for a person to judge.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xuehui.accounts.importers import UserImporter
    from xuehui.accounts.tests.factories import users_workbook
    from xuehui.tests.factories import make_federation, make_society

    call_command("migrate", verbosity=0)
    federation = make_federation(name="湖北省科学技术协会", code="hubei")
    societies = [make_society(federation=federation) for _ in range(50)]
    rows = [
        (f"mishu{i:04}", f"秘书{i}", f"139{i:08}", "", societies[i % 50].uscc, "")
        for i in range(args.rows)
    ]
    data = users_workbook(rows)
    importer = UserImporter()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        run = importer.run(io.BytesIO(data), filename="secretaries.xlsx")
    elapsed = time.perf_counter() - started
    assert run.ok, run.errors[:5]
    print(f"{args.rows} accounts: {elapsed:.1f} s, {len(queries)} queries, cores {os.cpu_count()}")
    print(run.outcome.summary())


if __name__ == "__main__":
    main()
