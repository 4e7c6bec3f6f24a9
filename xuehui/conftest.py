"""The fixed cast: a 科协 administrator, the secretaries of societies A and B, an expert,
and an anonymous visitor; society A sits under the administrator's federation, society B
under a federation of its own elsewhere."""

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from hypothesis import settings as hypothesis_settings

from xuehui.accounts.choices import Role
from xuehui.tests import factories

FULL_ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"

# No time limit per generated example (Hypothesis's default is 200 ms): the suite runs on
# shared machines two workers at a time, where a pause can make one example of a pure
# function slow, and its time is not what the property tests check.
hypothesis_settings.register_profile("xuehui", deadline=None)
hypothesis_settings.load_profile("xuehui")


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    """A fast hasher first, Argon2 still verifying: every test's cast would otherwise pay a
    full Argon2 hash per account (most of the suite's set-up time). Tests of the hashing
    itself (accounts/tests/test_signin.py, the initial-password import) set their own."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", FULL_ARGON2]


class OneRequestAtATime(WSGIServer):
    """The browser tests' live server, serving its requests in turn (each answer closes its
    connection, so the browser's next request is accepted after it)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def live_server_in_turn():
    """On the in-memory SQLite test database the live server's threads share the test's one
    connection; two of a page's requests at once (the page and its htmx parts) then collide,
    and SQLite refuses one with 'database table is locked'. PostgreSQL gives each thread a
    connection of its own and keeps the threaded server."""
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneRequestAtATime  # type: ignore[assignment]
    yield


@pytest.fixture(autouse=True)
def steady_sessions(settings):
    """The session's expiry is pushed forward once a minute (xuehui.accounts.sessions): a slow
    test whose requests straddle a minute would see a session write between two requests it
    compares by their queries. Tests of the refresh itself move a clock of their own."""
    settings.SESSION_REFRESH_SECONDS = 24 * 60 * 60


@pytest.fixture
def federation(db):
    return factories.make_federation(name="湖北省科学技术协会", code="hubei")


@pytest.fixture
def other_federation(db):
    return factories.make_federation(name="江西省科学技术协会", code="jiangxi")


@pytest.fixture
def society_a(federation):
    return factories.make_society(name="湖北省环境科学学会", federation=federation)


@pytest.fixture
def society_b(other_federation):
    return factories.make_society(name="江西省化学化工学会", federation=other_federation)


@pytest.fixture
def admin_user(federation):
    return factories.make_user("kx_admin", role=Role.FEDERATION_ADMIN, federation=federation)


@pytest.fixture
def secretary_a(society_a):
    return factories.make_user("sec_a", role=Role.SOCIETY_EDITOR, society=society_a)


@pytest.fixture
def secretary_b(society_b):
    return factories.make_user("sec_b", role=Role.SOCIETY_EDITOR, society=society_b)


@pytest.fixture
def expert_user(db):
    return factories.make_user("expert", role=Role.EXPERT)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def secretary_a_client(secretary_a):
    return _client_for(secretary_a)


@pytest.fixture
def secretary_b_client(secretary_b):
    return _client_for(secretary_b)


@pytest.fixture
def expert_client(expert_user):
    return _client_for(expert_user)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def kept_pages(settings):
    """The main pages keep what they computed across requests, as in production (the suite
    switches it off: its factories write without audit entries)."""
    settings.XUEHUI_PAGE_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: sign-in counters and cached pages do not leak."""
    from django.core.cache import cache

    cache.clear()
    yield
