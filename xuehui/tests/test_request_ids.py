"""Request ids (config/requestid.py): taken from nginx when safe, else made; returned in the
response, written on every log line of the request, carried by the tasks it queues."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery import signals

from config import requestid
from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """The records the `django.request` logger writes, through the request-id filter."""
    caught: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = caught.append
    handler.addFilter(requestid.RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield caught
    logger.removeHandler(handler)


def test_a_request_without_an_id_gets_a_new_one_on_the_response(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    assert requestid.current_request_id.get() is None  # forgotten once the response closed


def test_the_proxys_id_is_kept_and_written_on_the_requests_log_lines(client, records):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "a3f9c2e1b7d84f6e"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "a3f9c2e1b7d84f6e"
    assert [r.request_id for r in records] == ["a3f9c2e1b7d84f6e"]  # "Not Found: …"


@pytest.mark.parametrize(
    "sent",
    [
        "short",
        "x" * 65,
        "abc def ghi",
        "abcdefgh\nforged line",
        "学会学会学会学会学会",
        "a;b=c<d>e",
    ],
)
def test_an_unsafe_id_is_replaced_not_logged(client, records, sent):
    response = client.get("/no-such-page/", headers={"X-Request-ID": sent})
    kept = response["X-Request-ID"]
    assert kept != sent and re.fullmatch(r"[0-9a-f]{32}", kept)
    assert [r.request_id for r in records] == [kept]


def test_a_log_line_outside_any_request_says_so():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    assert requestid.RequestIdFilter().filter(record) is True
    assert record.request_id == "-"


def _log_lines(log_format: str) -> list[str]:
    """A request in a fresh process with the given XUEHUI_LOG_FORMAT; its standard error."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/no-such-page/', headers={'X-Request-ID': 'req-0123456789'})\n"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k7Vq-2mZr9TxWp4Lc8Ys3Nd6Hf1Jb5Gu0Ea-QwErTyUiOpAsDfGhJkLzXcVbNm",
        "ALLOWED_HOSTS": "testserver",
        "XUEHUI_INSECURE_HTTP": "1",
        "XUEHUI_LOG_FORMAT": log_format,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": "sqlite://:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_json_log_lines_carry_the_request_id():
    lines = _log_lines("json")
    assert len(lines) == 1, lines
    entry = json.loads(lines[0])
    assert entry["request_id"] == "req-0123456789"
    assert entry["level"] == "WARNING" and entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /no-such-page/" and entry["time"]


def test_plain_log_lines_carry_the_request_id_too():
    lines = _log_lines("text")
    assert len(lines) == 1 and "[req-0123456789] Not Found: /no-such-page/" in lines[0], lines


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_task_queued_during_a_request_carries_its_id():
    sent: list[dict] = []

    def spy(headers=None, **kwargs):
        sent.append(dict(headers))

    signals.before_task_publish.connect(spy, weak=False)
    token = requestid.current_request_id.set("req-queued-0001")
    try:
        celery_app.send_task("xuehui.tests.no_such_task")  # the memory broker: never run
    finally:
        requestid.current_request_id.reset(token)
        signals.before_task_publish.disconnect(spy)
    assert sent[0][requestid.TASK_HEADER] == "req-queued-0001"


def test_a_task_queued_outside_any_request_carries_none():
    headers: dict = {}
    requestid.task_publishing(headers=headers)
    assert headers == {}


def _task(*, eager: bool, **headers):
    return SimpleNamespace(request=SimpleNamespace(is_eager=eager, **headers))


def test_a_worker_logs_under_the_queuing_requests_id_then_forgets_it():
    task = _task(eager=False, **{requestid.TASK_HEADER: "req-queued-0002"})
    requestid.task_starting(task=task, task_id="5f0c-task-id")
    assert requestid.current_request_id.get() == "req-queued-0002"
    requestid.task_finished(task=task)
    assert requestid.current_request_id.get() is None


@pytest.mark.parametrize("header", [None, "bad id\n"])
def test_a_scheduled_task_or_a_forged_header_logs_under_the_task_id(header):
    extra = {} if header is None else {requestid.TASK_HEADER: header}
    requestid.task_starting(task=_task(eager=False, **extra), task_id="5f0c2d1e-task-id")
    assert requestid.current_request_id.get() == "5f0c2d1e-task-id"
    requestid.task_finished(task=_task(eager=False))


def test_a_task_run_in_process_keeps_the_requests_id():
    token = requestid.current_request_id.set("req-inline-0003")
    try:
        requestid.task_starting(task=_task(eager=True), task_id="5f0c2d1e-task-id")
        requestid.task_finished(task=_task(eager=True))
        requestid.task_starting(task=None)
        requestid.task_finished(task=None)
        assert requestid.current_request_id.get() == "req-inline-0003"
    finally:
        requestid.current_request_id.reset(token)
