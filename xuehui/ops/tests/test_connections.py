"""Connection health checks (issue 17 §8): a kept PostgreSQL connection that the server closed
(a restart, a killed backend) is replaced by the next request, with no request failing."""

import json

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.client import RequestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no server to lose the connection"
    ),
]


def _request(handler) -> int:
    """One request as gunicorn makes it: request_started and request_finished are sent, so
    Django decides at each request whether to keep the connection (the test client does not)."""
    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO="/healthz", REQUEST_METHOD="GET")
    body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
    status = int(statuses[0].split()[0])
    assert json.loads(body)["checks"]["database"]["status"] == ("ok" if status == 200 else "error")
    return status


def _terminate(pid: int) -> None:
    """Close the server side of the connection from another connection, as a restart does."""
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"],
        dbname=s["NAME"],
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


@pytest.mark.parametrize("health_checks", [True, False])
def test_the_request_after_the_server_dropped_the_connection(health_checks, monkeypatch, media):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    connection.close()
    handler = WSGIHandler()
    assert _request(handler) == 200
    pid = connection.connection.info.backend_pid  # kept between requests
    _terminate(pid)
    if health_checks:
        assert _request(handler) == 200
        assert connection.connection.info.backend_pid != pid
    else:
        # Without the check the dead connection is used once and that request fails: what the
        # setting prevents.
        assert _request(handler) == 503
        assert _request(handler) == 200
    connection.close()
