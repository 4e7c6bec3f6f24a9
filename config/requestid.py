"""Request ids: every request carries one id, from nginx or made here, into every log line.

nginx (deploy/nginx/xuehui.conf) sends its `$request_id` in X-Request-ID and writes it in its
access log; the middleware keeps it when it is a short token (anything else is replaced, so a
client cannot write into the logs), returns it in the response's X-Request-ID, and holds it in
a context variable that the logging filter copies onto each record as `request_id`. A Celery
task queued during a request carries the id in a message header, and its worker logs under it;
a task queued by nothing (the scheduler) logs under its own task id.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
TASK_HEADER = "xuehui_request_id"
_TOKEN = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "xuehui_request_id", default=None
)


def accepted(value: object) -> str | None:
    """`value` if it is a request id we can safely log (8 to 64 letters, digits, `._-`)."""
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every response, a redirect or an error page too, has it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted(request.headers.get(HEADER)) or new_request_id()
        request.request_id = request_id
        # Held until the response is closed (request_finished), not reset on the way out:
        # Django logs an error response ("Not Found: …") after the middleware has returned.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _request_finished(**kwargs) -> None:
    current_request_id.set(None)


request_finished.connect(_request_finished, dispatch_uid="xuehui_request_id_finished")


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or "-") on every record, for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


# Celery signal handlers, connected in config/celery.py.


def task_publishing(headers=None, **kwargs) -> None:
    """before_task_publish: the queuing request's id goes with the message."""
    request_id = current_request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def task_starting(task=None, task_id=None, **kwargs) -> None:
    """task_prerun: a worker logs under the id the message carries, else the task's own id.
    A task run in-process (no REDIS_URL) keeps the id of the request that runs it."""
    if task is None or task.request.is_eager:
        return
    current_request_id.set(accepted(getattr(task.request, TASK_HEADER, None)) or task_id)


def task_finished(task=None, **kwargs) -> None:
    """task_postrun: the next task of this worker process starts with no id."""
    if task is not None and not task.request.is_eager:
        current_request_id.set(None)
