"""What the benches share: Django on a throwaway database, timings of wall clock and CPU
(on PostgreSQL the CPU of the server process serving us too), min/median of several runs,
and the verdict line printed beside each target."""

import functools
import inspect
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path


def setup_django(database_url: str) -> None:
    """Django on `database_url`, migrated; when Django is already set up (the quick-mode test
    in the suite) its database is used as it is."""
    from django.conf import settings

    if settings.configured and _apps_ready():
        return
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _apps_ready() -> bool:
    from django.apps import apps

    return apps.ready


def analyze() -> None:
    """PostgreSQL's planner statistics, as autovacuum would have gathered them on a live server
    (and does not when it is switched off, as on the bench machine): without them PostgreSQL
    guessed 3 entries for a campaign of 300 and asked whether any evidence existed by walking
    all 65,700 items, 125 ms on every view of the campaign's page; and it guessed 5,277 people
    for 126,000 and read a council's posts by scanning them all. Nothing elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _server_cpu() -> float:
    """CPU seconds of the PostgreSQL backend serving this connection (0 elsewhere, or when the
    server is not on this machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Timings:
    """Wall and CPU seconds of several runs of one thing."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def run(self, fn, *, server: bool = False):
        """Call fn() and record its times (with the database server's CPU if `server`)."""
        before = _server_cpu() if server else 0.0
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.wall.append(time.perf_counter() - started)
        spent = time.process_time() - cpu
        self.cpu.append(spent + ((_server_cpu() - before) if server else 0.0))
        return result

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def line(self, label: str = "") -> str:
        return (
            f"{label or self.name}: wall {min(self.wall):.3f}/{self.median_wall:.3f} s, "
            f"CPU {min(self.cpu):.3f}/{self.median_cpu:.3f} s (min/median of {len(self.wall)})"
        )


def verdict(measured: float, target: float) -> str:
    return "PASS" if measured <= target else "FAIL"


def ratio_line(what: str, ours: Timings, base: Timings, target: float) -> str:
    """Median over median, wall and CPU, beside the target (the target is for the wall clock
    on an idle machine; the CPU ratio is the one to read on a loaded one)."""
    wall = ours.median_wall / base.median_wall
    cpu = ours.median_cpu / base.median_cpu if base.median_cpu else float("nan")
    return (
        f"ratio {what}: ×{wall:.2f} wall, ×{cpu:.2f} CPU (median/median); "
        f"target ≤ ×{target:g}: {verdict(wall, target)} (wall), {verdict(cpu, target)} (CPU)"
    )


class Phases:
    """Where the CPU of one call goes: each named part's own seconds, without the parts it
    calls (a part that is a generator is timed while it makes each item). `parts` are
    (owner, attribute, label): a module's function or a class's method, patched for the time
    of `run` only. On PostgreSQL the server's CPU is not split (asking for it between parts
    would interrupt a COPY)."""

    def __init__(self, parts: list[tuple[object, str, str]]):
        self.parts = parts
        self.spent: dict[str, float] = {label: 0.0 for _owner, _name, label in parts}
        self.calls: dict[str, int] = dict.fromkeys(self.spent, 0)
        self._stack: list[list[float]] = []  # [started, seconds of the parts called inside]

    def run(self, fn):
        originals = [(owner, name, getattr(owner, name)) for owner, name, _label in self.parts]
        for (owner, name, original), (_o, _n, label) in zip(originals, self.parts, strict=True):
            setattr(owner, name, self._timed(original, label))
        try:
            return fn()
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def _timed(self, fn, label: str):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.calls[label] += 1
            self._enter()
            try:
                result = fn(*args, **kwargs)
            finally:
                self._leave(label)
            return self._items(result, label) if inspect.isgenerator(result) else result

        return timed

    def _items(self, generator, label: str):
        while True:
            self._enter()
            try:
                item = next(generator)
            except StopIteration:
                return
            finally:
                self._leave(label)
            yield item

    def _enter(self) -> None:
        self._stack.append([time.process_time(), 0.0])

    def _leave(self, label: str) -> None:
        started, inside = self._stack.pop()
        spent = time.process_time() - started
        self.spent[label] += spent - inside
        if self._stack:
            self._stack[-1][1] += spent
