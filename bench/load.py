"""Benchmark: the main pages under load, against the page shell with nothing in it.

    .venv/bin/python bench/load.py [--societies 300 3000] [--seconds 30] [--users 20]
        [--database-url postgres://postgres@127.0.0.1:5432/xuehui_load] [--rebuild]
        [--workers 5] [--threads 1] [--quick]

For each N: the database of that size (the URL's name with `_N` appended: xuehui_load_300,
xuehui_load_3000), built once with bench/engine.py's generator (N societies with full records),
the library's frameworks and a campaign over all N societies (xuehui.campaigns.services.
campaign_launch), and reused by later runs (--rebuild builds it again); today's stored results
computed (the nightly run, xuehui.rules.stored.results_roll); on PostgreSQL the planner's
statistics gathered (ANALYZE, as autovacuum would on a live server); a new password for the
federation's administrator. Then gunicorn (DEBUG off, a fresh SECRET_KEY, bound to 127.0.0.1 on
a free port, bench/load_settings.py: the platform plus the trivial page of bench/load_urls.py),
`--users` sessions of that administrator signed in through the login form, and a closed loop
(each user asks again as soon as it has its answer) over:

    trivial          the page shell with nothing in it, behind sign-in (the baseline)
    dashboard        工作台                          /
    society_list     学会名录                        /societies/
    society_detail   a society's page (any of them)   /societies/<pk>/
    compliance       a society's 合规 page           /rules/society/<pk>/
    overview         学会合规总览                     /rules/overview/
    campaign         the campaign's progress          /campaigns/<pk>/

each page alone for `--seconds`, then all of them mixed for `--seconds`. It prints p50 and p95
of each page beside the trivial page's, measured in the same run, and their ratio against the
targets: every page's p95 at most ×3 the trivial page's, and the trivial page's p95 under the
mixed load below 200 ms. Any answer other than 200 is counted and fails the run. Loopback only;
each phase stops asking after `--seconds` (a request in flight may take up to the timeout).

--quick: 6 societies, 3 users, about a second a page, on a throwaway SQLite database (or, in
the test suite, its own database): the suite runs it so that it cannot rot. Not a test: it
prints numbers for a person to judge.
"""

import argparse
import http.client
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load_data  # noqa: E402
from measure import setup_django, verdict  # noqa: E402

RATIO_TARGET = 3.0
TRIVIAL_TARGET_MS = 200.0
TIMEOUT = 120.0  # seconds a request may take before it counts as failed
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/xuehui_load"


@dataclass(frozen=True)
class Page:
    key: str
    path: Callable[[load_data.Site, random.Random], str]


PAGES = [
    Page("trivial", lambda site, rng: "/bench/blank/"),
    Page("dashboard", lambda site, rng: "/"),
    Page("society_list", lambda site, rng: "/societies/"),
    Page("society_detail", lambda site, rng: f"/societies/{rng.choice(site.societies)}/"),
    Page("compliance", lambda site, rng: f"/rules/society/{rng.choice(site.societies)}/"),
    Page("overview", lambda site, rng: "/rules/overview/"),
    Page("campaign", lambda site, rng: f"/campaigns/{site.campaign}/"),
]


class Browser:
    """One signed-in user: cookies kept, one connection per request (sync workers close it)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, content
        finally:
            conn.close()

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        form = {
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
            "username": username,
            "password": password,
        }
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"登录失败（HTTP {status}）")

    def get(self, path: str) -> int:
        try:
            return self.request("GET", path)[0]
        except (OSError, http.client.HTTPException):
            return 0  # refused, reset or timed out


@dataclass
class Samples:
    """Latencies (seconds) of the answers of one page, and the statuses that were not 200."""

    seconds: list[float] = field(default_factory=list)
    failures: dict[int, int] = field(default_factory=dict)

    def add(self, seconds: float, status: int) -> None:
        if status == 200:
            self.seconds.append(seconds)
        else:
            self.failures[status] = self.failures.get(status, 0) + 1

    def percentile(self, p: float) -> float:
        """Nearest rank, in milliseconds (nan when nothing answered)."""
        if not self.seconds:
            return float("nan")
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def drive(browsers: list[Browser], site, pages: list[Page], seconds: float) -> dict[str, Samples]:
    """Every browser asks for `pages` in turn (a random page when several) until `seconds`
    have passed; returns each page's samples."""
    samples = {page.key: Samples() for page in pages}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(n: int, browser: Browser) -> None:
        rng = random.Random(n)
        while time.monotonic() < stop:
            page = rng.choice(pages)
            path = page.path(site, rng)
            started = time.perf_counter()
            status = browser.get(path)
            with lock:
                samples[page.key].add(time.perf_counter() - started, status)

    threads = [threading.Thread(target=loop, args=pair) for pair in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def warm_up(browsers: list[Browser], site, log: Path) -> None:
    """Each page once from as many users as there are workers, at once (templates compiled,
    modules imported, connections opened in most workers); not measured, but every page must
    answer 200."""
    failures: list[str] = []

    def visit(browser: Browser) -> None:
        for page in PAGES:
            path = page.path(site, random.Random(0))
            if (status := browser.get(path)) != 200:
                failures.append(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=visit, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit("页面未返回 200：" + "；".join(sorted(set(failures))) + "\n" + tail)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def server(database_url: str, *, workers: int, threads: int, folder: Path):
    """gunicorn serving the platform on a free loopback port, as in production (DEBUG off)."""
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "0",
        "XUEHUI_INSECURE_HTTP": "1",  # plain HTTP on the loopback: cookies without Secure
        "LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--timeout", str(int(TIMEOUT)), "--chdir", str(ROOT),
        "--pythonpath", f"{ROOT},{ROOT / 'bench'}", "--log-level", "warning",
    ]  # fmt: skip
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(process, port, log)
        yield port, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn 未能启动：\n{log.read_text(errors='replace')[-3000:]}")
        if Browser(port).get("/accounts/login/") == 200:
            return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn 两分钟内未响应：\n{log.read_text(errors='replace')[-3000:]}")


def report(alone: dict[str, Samples], mixed: dict[str, Samples]) -> int:
    """Print the table and the ratio lines; return how many answers were not 200."""
    print(f"  {'page':<15} {'alone: n':>8} {'p50 ms':>8} {'p95 ms':>8} {'×triv':>6}"
          f" {'mixed: n':>9} {'p50 ms':>8} {'p95 ms':>8} {'×triv':>6}")  # fmt: skip
    base_alone, base_mixed = alone["trivial"].percentile(95), mixed["trivial"].percentile(95)
    for page in PAGES:
        a, m = alone[page.key], mixed[page.key]
        print(
            f"  {page.key:<15} {len(a.seconds):>8} {a.percentile(50):>8.1f} {a.percentile(95):>8.1f}"
            f" {a.percentile(95) / base_alone:>6.2f} {len(m.seconds):>9} {m.percentile(50):>8.1f}"
            f" {m.percentile(95):>8.1f} {m.percentile(95) / base_mixed:>6.2f}"
        )
    for page in PAGES[1:]:
        ratio_alone = alone[page.key].percentile(95) / base_alone
        ratio_mixed = mixed[page.key].percentile(95) / base_mixed
        print(
            f"  ratio {page.key} p95 / trivial p95: ×{ratio_alone:.2f} alone, "
            f"×{ratio_mixed:.2f} mixed; target ≤ ×{RATIO_TARGET:g}: "
            f"{verdict(ratio_alone, RATIO_TARGET)} (alone), {verdict(ratio_mixed, RATIO_TARGET)} (mixed)"
        )
    print(
        f"  trivial p95 under mixed load: {base_mixed:.1f} ms; target < {TRIVIAL_TARGET_MS:g} ms: "
        f"{verdict(base_mixed, TRIVIAL_TARGET_MS)}"
    )
    failed = 0
    for phase, samples in (("alone", alone), ("mixed", mixed)):
        for key, s in samples.items():
            if s.failures:
                failed += sum(s.failures.values())
                print(f"  FAILED {key} ({phase}): " + ", ".join(
                    f"{count} × {'no answer' if status == 0 else f'HTTP {status}'}"
                    for status, count in sorted(s.failures.items())
                ))  # fmt: skip
    return failed


def measure_size(site, args, folder: Path) -> int:
    with server(site.database_url, workers=args.workers, threads=args.threads, folder=folder) as (
        port,
        log,
    ):
        browsers = [Browser(port) for _ in range(args.users)]
        for browser in browsers:
            browser.login(site.username, site.password)
        warm_up(browsers[: args.workers], site, log)
        alone: dict[str, Samples] = {}
        for page in PAGES:
            alone |= drive(browsers, site, [page], args.seconds)
        mixed = drive(browsers, site, PAGES, args.seconds)
    return report(alone, mixed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--societies", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--seconds", type=float, default=30.0, help="of each phase")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--database-url",
        help="default postgres://postgres@127.0.0.1:5432/xuehui_load (--quick: a temporary "
        "SQLite file); the name of each size's database gets _N appended",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="> 1: gthread workers")
    parser.add_argument("--council", type=int, default=60, help="council members a society")
    parser.add_argument("--quick", action="store_true", help="6 societies, 3 users, ~1 s a page")
    args = parser.parse_args(argv)
    if args.quick:
        args.societies, args.users, args.seconds, args.workers, args.council = [6], 3, 1.0, 2, 20
    with tempfile.TemporaryDirectory(prefix="xuehui-load-") as tmp:
        folder = Path(tmp)
        if args.database_url is None:
            args.database_url = (
                f"sqlite:///{folder / 'load.sqlite3'}" if args.quick else DEFAULT_DATABASE_URL
            )
        in_suite = _django_ready()  # the test suite's database, used as it is
        failed = 0
        for n in sorted(args.societies):
            if not in_suite:
                _open(load_data.size_url(args.database_url, n), rebuild=args.rebuild)
            started = time.perf_counter()
            site, reused = load_data.site(n, council=args.council, folder=folder)
            verb = "reused" if reused else "built"
            print(
                f"{n} societies: database {verb} and results stored in {time.perf_counter() - started:.1f} s; "
                f"{args.users} users, {args.workers} gunicorn workers × {args.threads} threads, "
                f"{args.seconds:g} s a page alone, then {args.seconds:g} s mixed"
            )
            failed += measure_size(site, args, folder)
    if failed:
        raise SystemExit(f"{failed} 个请求未得到 200 响应")


def _django_ready() -> bool:
    from django.apps import apps
    from django.conf import settings

    return settings.configured and apps.ready


def _open(url: str, *, rebuild: bool) -> None:
    load_data.create_database(url, fresh=rebuild)
    if _django_ready():
        load_data.use_database(url)
    else:
        setup_django(url)


if __name__ == "__main__":
    main()
