"""What the 学会考评 pages share: running a service from a form or a button."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError

from xuehui.lib.record_forms import add_service_errors

from ..choices import Stage

LIBRARY = Path(__file__).resolve().parents[1] / "library"
OBJECTION_PURPOSE = "evaluation_objection"
PUBLISHED = (Stage.PUBLICITY, Stage.CONFIRMED)


def _run(form, call) -> bool:
    """Call the service when the form is valid; its refusal goes on the form."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _message_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def _act(request, call, done: str) -> None:
    """A one-button action: the service's refusal becomes a message."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
