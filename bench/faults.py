"""Fault bench: the main pages under load while PostgreSQL restarts, then the count of failures.

    .venv/bin/python bench/faults.py [--minutes 10] [--users 50] [--societies 100]
        [--think 1.0] [--workers 5] [--restart-at 0.5] [--database-url URL] [--no-redis]

Everything runs on loopback ports and stops after `--minutes` (plus the set-up):

- PostgreSQL: a private throwaway cluster (initdb into a temporary folder, on a free port,
  as the `postgres` user when run as root), which the bench restarts for real with
  `pg_ctl restart -m fast` at `--restart-at` of the run: every connection the app holds dies,
  and the server is back a second or two later. With `--database-url` (an existing server,
  perhaps shared) the bench does not restart the server: it ends every connection to its
  database with pg_terminate_backend instead, which is what the app sees of a restart.
- Redis (unless --no-redis or no redis-server is installed): a private redis-server on a free
  port, REDIS_URL for the app (shared cache, Celery queue) and one Celery worker.
- gunicorn as in production (bench/load.py's server: DEBUG off, the platform's settings),
  `--workers` sync workers.
- The data of bench/load_data.py (N societies with full records, a campaign over them, the
  federation's administrator) built in that database.

`--users` signed-in administrators each ask for one of the main pages of bench/load.py at a
time (a random one), waiting a random 0 to 2 × `--think` seconds between answers. At the end
it prints, per page: requests, failures (any answer but 200, or none) before the restart,
during it and after recovery (the server accepting connections again), and p95 of the
answers; then the recovery: when the first page after the restart answered, and the last
failure. The target is no failure after recovery. Not a test: it prints numbers for a person
to judge.
"""

import argparse
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
import load_data  # noqa: E402
from measure import setup_django  # noqa: E402

HOST = "127.0.0.1"
PAGES = [page for page in load.PAGES if page.key != "trivial"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- PostgreSQL


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Postgres:
    """How to reach the database, and how to fail it once."""

    url: str
    restart: Callable[[], None]
    description: str


@contextmanager
def private_postgres(bindir: Path):
    """A throwaway cluster on a free loopback port, stopped and deleted at the end."""
    folder = Path(tempfile.mkdtemp(prefix="xuehui-faults-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to `postgres`
        shutil.chown(folder, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()

    def pg_ctl(*args: str) -> None:
        # -l on every start: a server without it writes to pg_ctl's output, held open forever.
        log = ["-l", str(folder / "server.log")] if args[-1] in ("start", "restart") else []
        command = [
            *as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60", *log, *args
        ]  # fmt: skip
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=90)

    subprocess.run(
        [*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses={HOST} -c max_connections=100"
    pg_ctl("-o", options, "start")
    try:
        yield Postgres(
            url=f"postgres://postgres@{HOST}:{port}/xuehui_faults",
            restart=lambda: pg_ctl("-m", "fast", "restart"),
            description=f"private PostgreSQL cluster on port {port}, restarted with pg_ctl",
        )
    finally:
        try:
            pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def terminating(url: str) -> Postgres:
    """An existing server: its bench database's connections ended instead of a restart."""

    def terminate() -> None:
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as c:
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )

    return Postgres(url, terminate, "existing server: every connection to its database ended")


# ---------------------------------------------------------------- Redis and Celery


@contextmanager
def private_redis():
    """redis-server on a free loopback port, nothing saved to disk; None if not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield f"redis://{HOST}:{port}/0"
    finally:
        _stop(process)


@contextmanager
def celery_worker(env: dict[str, str], log: Path):
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1",
             "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield
    finally:
        _stop(process)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"端口 {port} 上的服务未能启动")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------- the load


@dataclass
class Answer:
    at: float  # monotonic seconds when the answer came
    seconds: float
    status: int


@dataclass
class Run:
    answers: dict[str, list[Answer]] = field(default_factory=lambda: {p.key: [] for p in PAGES})
    restart_began: float = float("inf")
    restart_ended: float = float("inf")


def drive(browsers: list[load.Browser], site, run: Run, *, seconds: float, think: float,
          restart_after: float, restart) -> None:  # fmt: skip
    lock = threading.Lock()
    start = time.monotonic()
    stop = start + seconds

    def user(n: int, browser: load.Browser) -> None:
        rng = random.Random(n)
        time.sleep(rng.uniform(0, 2 * think))  # users do not all start at once
        while time.monotonic() < stop:
            page = rng.choice(PAGES)
            path = page.path(site, rng)
            began = time.perf_counter()
            status = browser.get(path)
            answer = Answer(time.monotonic(), time.perf_counter() - began, status)
            with lock:
                run.answers[page.key].append(answer)
            time.sleep(rng.uniform(0, 2 * think))

    threads = [threading.Thread(target=user, args=pair) for pair in enumerate(browsers)]
    for thread in threads:
        thread.start()
    time.sleep(restart_after)
    run.restart_began = time.monotonic()
    restart()
    run.restart_ended = time.monotonic()
    print(
        f"  PostgreSQL failed at {run.restart_began - start:.1f} s, accepting connections "
        f"again {run.restart_ended - run.restart_began:.1f} s later",
        flush=True,
    )
    for thread in threads:
        thread.join()


def p95(answers: list[Answer]) -> float:
    ok = sorted(a.seconds for a in answers if a.status == 200)
    if not ok:
        return float("nan")
    return ok[min(len(ok) - 1, max(0, round(0.95 * len(ok)) - 1))] * 1000


def report(run: Run) -> int:
    """Print the table; return the failures after recovery."""
    began, ended = run.restart_began, run.restart_ended
    print(
        f"  {'page':<15} {'requests':>8} {'fail before':>11} {'during':>7} {'after':>6}"
        f" {'p95 ms':>8} {'p95 after':>9}"
    )
    totals = [0, 0, 0, 0]
    statuses: dict[int, int] = {}
    for page in PAGES:
        answers = run.answers[page.key]
        failed = [a for a in answers if a.status != 200]
        for a in failed:
            statuses[a.status] = statuses.get(a.status, 0) + 1
        before = sum(a.at < began for a in failed)
        during = sum(began <= a.at <= ended for a in failed)
        after = sum(a.at > ended for a in failed)
        later = [a for a in answers if a.at > ended]
        for i, value in enumerate((len(answers), before, during, after)):
            totals[i] += value
        print(
            f"  {page.key:<15} {len(answers):>8} {before:>11} {during:>7} {after:>6}"
            f" {p95(answers):>8.1f} {p95(later):>9.1f}"
        )
    print(f"  {'all pages':<15} {totals[0]:>8} {totals[1]:>11} {totals[2]:>7} {totals[3]:>6}")
    answered = [a for answers in run.answers.values() for a in answers]
    first_ok = min((a.at for a in answered if a.at > ended and a.status == 200), default=None)
    last_failure = max((a.at for a in answered if a.status != 200), default=None)
    if first_ok is not None:
        print(
            f"  first page answered after recovery: {first_ok - ended:.1f} s after the server was back"
        )
    if last_failure is not None:
        print(
            f"  last failure: {last_failure - began:.1f} s after the failure began; statuses: "
            + ", ".join(
                f"{count} × {'no answer' if status == 0 else f'HTTP {status}'}"
                for status, count in sorted(statuses.items())
            )
        )
    print(
        f"  failures after recovery: {totals[3]}; target 0: {'PASS' if totals[3] == 0 else 'FAIL'}"
    )
    return totals[3]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--societies", type=int, default=100)
    parser.add_argument("--council", type=int, default=30, help="council members a society")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between pages")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--restart-at", type=float, default=0.5, help="fraction of the run")
    parser.add_argument("--database-url", help="an existing server: connections ended instead")
    parser.add_argument("--no-redis", action="store_true")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 60 or not 0 < args.users <= 200:
        raise SystemExit("--minutes 须在 0–60 之间，--users 须在 1–200 之间")
    bindir = _postgres_bin()
    if args.database_url is None and bindir is None:
        raise SystemExit("未找到 initdb：请安装 PostgreSQL，或用 --database-url 指定已有的服务器")
    with tempfile.TemporaryDirectory(prefix="xuehui-faults-") as tmp:
        folder = Path(tmp)
        database = (
            nullcontext(terminating(args.database_url))
            if args.database_url
            else private_postgres(bindir)
        )
        with database as postgres, nullcontext() if args.no_redis else private_redis() as redis:
            measure(args, postgres, redis, folder)


def measure(args, postgres: Postgres, redis_url: str | None, folder: Path) -> None:
    started = time.perf_counter()
    load_data.create_database(postgres.url)
    setup_django(postgres.url)
    site, reused = load_data.site(args.societies, council=args.council, folder=folder)
    print(
        f"{args.societies} societies {'reused' if reused else 'built'} in "
        f"{time.perf_counter() - started:.0f} s; {postgres.description}; "
        f"Redis: {redis_url or 'none (cache in each process, tasks in the web process)'}; "
        f"{args.users} users, {args.workers} gunicorn workers, think 0–{2 * args.think:g} s, "
        f"{args.minutes:g} min",
        flush=True,
    )
    from django.db import connections

    connections.close_all()  # the driver holds no connection through the restart
    if redis_url:
        os.environ["REDIS_URL"] = redis_url  # for the server and the worker
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": site.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "XUEHUI_INSECURE_HTTP": "1",
        "LOG_LEVEL": "ERROR",
    }
    worker = celery_worker(env, folder / "celery.log") if redis_url else nullcontext()
    server = load.server(site.database_url, workers=args.workers, threads=1, folder=folder)
    with worker, server as (port, log):
        browsers = [load.Browser(port) for _ in range(args.users)]
        for browser in browsers:
            browser.login(site.username, site.password)
        load.warm_up(browsers[: args.workers], site, log)
        run = Run()
        seconds = args.minutes * 60
        drive(browsers, site, run, seconds=seconds, think=args.think,
              restart_after=seconds * args.restart_at, restart=postgres.restart)  # fmt: skip
    after = report(run)
    errors = [line for line in log.read_text(errors="replace").splitlines() if "Error" in line]
    if errors:
        print(f"  gunicorn log, {len(errors)} lines naming an error; the last: {errors[-1][:300]}")
    if after:
        raise SystemExit(f"恢复后仍有 {after} 个请求失败")


if __name__ == "__main__":
    main()
