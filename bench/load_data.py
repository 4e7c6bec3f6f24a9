"""The load bench's data: a database per size with N societies of bench/engine.py's generator,
an administrator of their federation and a campaign over all of them, built once and reused.

The driver process holds Django on one database at a time and moves between the sizes' databases
(`use_database`), as Django's test runner moves to its test database."""

import datetime as dt
import secrets
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import engine  # noqa: E402  (the generator of N societies with full records)
from measure import analyze  # noqa: E402

CAMPAIGN = "负载基准评估"
USERNAME = "load_admin"


@dataclass(frozen=True)
class Site:
    """What the load needs to know of a prepared database."""

    database_url: str  # for the server
    societies: list[int]
    campaign: int
    username: str
    password: str


def size_url(base_url: str, n: int) -> str:
    """The database of size N next to `base_url`: …/xuehui_load → …/xuehui_load_300; for
    SQLite, load.sqlite3 → load_300.sqlite3."""
    parts = urlsplit(base_url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        return urlunsplit(parts._replace(path=str(path.with_stem(f"{path.stem}_{n}"))))
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{n}"))


def create_database(url: str, *, fresh: bool = False) -> None:
    """Create the PostgreSQL database of `url` if it does not exist (drop it first if `fresh`)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        if fresh:
            Path(parts.path).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def use_database(url: str) -> None:
    """Point Django's default connection at `url` (its database created) and migrate it."""
    import dj_database_url
    from django.core.management import call_command
    from django.db import connection

    create_database(url)
    connection.close()
    parsed = dj_database_url.parse(url)
    connection.settings_dict.update(
        {key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    )
    call_command("migrate", verbosity=0)


def prepare(n: int, *, council: int) -> tuple[list[int], int, bool]:
    """N societies, the frameworks and the campaign in the current database: reused when an
    earlier run finished them, else generated. Returns society ids, campaign id, reused."""
    from xuehui.campaigns.models import Campaign
    from xuehui.societies.models import Society

    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    ids = list(
        Society.objects.filter(federation__code="bench").order_by("pk").values_list("pk", flat=True)
    )
    if campaign is not None and len(ids) == n:
        return ids, campaign.pk, True
    if ids or campaign is not None:
        raise SystemExit(
            f"数据库中已有 {len(ids)} 个基准学会（需要 {n} 个）或未完成的数据：请用 --rebuild 重建"
        )
    ids = engine.generate(n, council)
    return ids, _launch(ids).pk, False


def _launch(ids: list[int]):
    from xuehui.access import SYSTEM
    from xuehui.campaigns.services import campaign_launch
    from xuehui.rules.models import Framework
    from xuehui.rules.services import frameworks_load_library
    from xuehui.societies.models import Federation

    if not Framework.objects.exists():
        frameworks_load_library()
    far = dt.date(2099, 1, 31)
    return campaign_launch(
        federation=Federation.objects.get(code="bench"),
        name=CAMPAIGN,
        versions=[f.current_version for f in Framework.objects.order_by("key")],
        societies=ids,
        facts_on=engine.ON,
        plan_deadline=far,
        self_assessment_deadline=far,
        review_deadline=far,
        rectification_deadline=far,
        actor=SYSTEM,
        notify=False,
    )


def roll() -> None:
    """Today's stored results of every society, as the nightly run leaves them: the overview
    and the compliance pages read them (a page that finds them missing computes them)."""
    from xuehui.rules.stored import results_roll

    results_roll()


def administrator() -> tuple[str, str]:
    """The bench federation's administrator, with a new password for this run."""
    from django.contrib.auth.hashers import make_password

    from xuehui.accounts.choices import Role
    from xuehui.accounts.models import RoleAssignment, User
    from xuehui.societies.models import Federation

    password = secrets.token_urlsafe(16)
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create_user(username=USERNAME, full_name="负载测试")
        RoleAssignment.objects.create(
            user=user, role=Role.FEDERATION_ADMIN, federation=Federation.objects.get(code="bench")
        )
    # The server's hasher (the test suite's settings put a quicker one first).
    user.password = make_password(password, hasher="argon2")
    user.save(update_fields=["password"])
    return USERNAME, password


def server_url(folder: Path) -> str:
    """A DATABASE_URL another process can open onto the current database; an in-memory SQLite
    database (the test suite's) is copied into `folder` first."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        if connection.is_in_memory_db():
            connection.ensure_connection()
            copy = folder / "served.sqlite3"
            with sqlite3.connect(copy) as target:
                connection.connection.backup(target)
            name = str(copy)
        return f"sqlite:///{name}"
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}@{settings['HOST'] or 'localhost'}{port}/{settings['NAME']}"


def site(n: int, *, council: int, folder: Path | None = None) -> tuple[Site, bool]:
    """Prepare the current database for size N and describe it for the load."""
    ids, campaign, reused = prepare(n, council=council)
    roll()
    analyze()
    username, password = administrator()
    folder = folder or Path(tempfile.mkdtemp(prefix="xuehui-load-"))
    return Site(server_url(folder), ids, campaign, username, password), reused
