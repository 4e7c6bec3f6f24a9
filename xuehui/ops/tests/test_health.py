"""/healthz (issue 17 §10): the database, the cache, the queue and the storage, each ok or error
with its time; 200 when all are ok, 503 otherwise; public, and telling nothing secret."""

import json

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from xuehui.ops import health

URL = reverse("healthz")


def _get(client=None, **extra):
    response = (client or Client()).get(URL, **extra)
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_all_services_answer_ok_with_their_time(media):
    response, body = _get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "storage"}
    for result in body["checks"].values():
        assert result["status"] == "ok"
        assert isinstance(result["ms"], float) and result["ms"] >= 0
    assert body["checks"]["queue"]["mode"] == "in-process"
    assert not response.cookies  # no session is made for a probe
    assert list(media.rglob("*.bin")) == []  # the storage probe cleaned up


def _raise(message):
    def failing():
        raise OSError(message)

    return failing


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["database", "cache", "queue", "storage"])
def test_one_failing_service_makes_it_503_without_the_error_s_text(name, monkeypatch, settings):
    secret = "password=s3cret host=db.internal"
    monkeypatch.setitem(health.CHECKS, name, _raise(secret))
    response, body = _get()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"][name] == {
        "status": "error",
        "error": "OSError",
        "ms": pytest.approx(0, abs=50),
    }
    assert all(r["status"] == "ok" for n, r in body["checks"].items() if n != name)
    text = response.content.decode()
    assert "s3cret" not in text and "db.internal" not in text
    assert settings.SECRET_KEY not in text


@pytest.mark.django_db
def test_a_cache_that_forgets_is_an_error(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["cache"]["error"] == "ProbeFailed"


class ForgetfulStorage(FileSystemStorage):
    """Reads back other bytes than were written."""

    def _open(self, name, mode="rb"):
        return ContentFile(b"other", name=name)


@pytest.mark.django_db
def test_a_storage_that_returns_other_bytes_is_an_error(monkeypatch, media):
    storage = ForgetfulStorage(location=media)
    monkeypatch.setattr(health, "default_storage", storage)
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["storage"]["error"] == "ProbeFailed"
    assert list(media.rglob("*.bin")) == []  # deleted even so


@pytest.mark.django_db
def test_an_unreachable_broker_is_an_error(settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["queue"]["error"] == "ConnectionError"


@pytest.mark.django_db
def test_a_reachable_broker_is_ok(settings):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:  # pragma: no cover - the documented set-up runs Redis
        pytest.skip("no Redis server on this machine")
    settings.REDIS_URL = url
    response, body = _get()
    assert body["checks"]["queue"] == {"status": "ok", "ms": body["checks"]["queue"]["ms"]}
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_probe_works_on_object_storage(s3_storage):
    from django.core.files.storage import default_storage

    response, body = _get()
    assert response.status_code == 200, body
    assert list(default_storage.listdir(health.PROBE_FOLDER)[1]) == []


@pytest.mark.django_db
def test_it_is_not_redirected_to_https_nor_behind_sign_in(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert _get()[0].status_code == 200
    assert Client().get(reverse("accounts:login")).status_code == 301


@pytest.mark.django_db
def test_an_address_locked_out_of_signing_in_still_reads_it(admin_user):
    cache.clear()
    client = Client()
    for _ in range(12):
        client.post(
            reverse("accounts:login"),
            {"username": admin_user.username, "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.9",
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": admin_user.username, "password": "wrong-password"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert locked.status_code == 429
    assert _get(client, REMOTE_ADDR="203.0.113.9")[0].status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_it_answers_only_reads():
    assert Client().post(URL).status_code == 405


def test_kept_database_connections_are_checked_before_reuse(settings):
    """A PostgreSQL restart is survived without restarting the app (tests/test_connections.py)."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
