"""Submitting a create form twice creates one record, across app servers.

The form template issues a token when it renders (`{% form_token %}`: a hidden field with a
random value). A create view decorated with `@submit_once` runs in one transaction that
first inserts a `FormSubmission` for the posted token, then runs the view:

- the view succeeds (redirects): the token stays, with where it went, committed together
  with the record;
- the view shows the form again (invalid input): the token is removed, so the corrected
  form can be sent with the same token;
- the token was already used (a second click, a browser resend, another tab of the same
  render): the view does not run; the user is sent to what the first submit made, told
  「该表单已提交，请勿重复提交」.

Two simultaneous submits of one token meet on the unique key: the database makes the second
insert wait for the first transaction and then fail, so the second never runs the view. A POST
without a token (a script, an old page) is served as before.
"""

import functools
import re
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect

from .models import FormSubmission

TOKEN_FIELD = "form_token"
ALREADY_SUBMITTED = "该表单已提交，请勿重复提交"
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request) -> str | None:
    """The well-formed token of this POST, else None."""
    if request.method != "POST":
        return None
    token = request.POST.get(TOKEN_FIELD, "")
    return token if _TOKEN_RE.fullmatch(token) else None


def mark_submitted(request, url: str) -> None:
    """Tell @submit_once that the view created its record though it answers with a page.

    For views that answer htmx with a partial instead of a redirect: `url` is where a repeat
    of the submit is sent. The form re-rendered in that answer gets a fresh token.
    """
    request.form_submitted_to = url


def reusable_token(request) -> str | None:
    """The posted token, for the first form rendered in answer to a refused submit."""
    if request is None or getattr(request, "form_submitted_to", None):
        return None
    if getattr(request, "_form_token_reused", False):
        return None
    request._form_token_reused = True
    return posted_token(request)


def _result_url(request, response) -> str | None:
    """Where a successful submit went; None if the view showed the form again."""
    if response.status_code in (301, 302, 303):
        return response.url
    return response.headers.get("HX-Redirect") or getattr(request, "form_submitted_to", None)


def _answer_repeat(request, token: str):
    """Send a repeated submit to what the first one made, or back to the form."""
    messages.warning(request, ALREADY_SUBMITTED)
    first = FormSubmission.objects.filter(token=token).first()
    user_id = request.user.pk if request.user.is_authenticated else None
    mine = first is not None and first.redirect_url and first.user_id == user_id
    url = first.redirect_url if mine else request.get_full_path()
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _claim(request, token: str) -> FormSubmission | None:
    """Insert the token in a savepoint; None when another submit has it."""
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user, path=request.path[:255])
    except IntegrityError:
        return None


def submit_once(view):
    """Make a create view idempotent for the token its form was rendered with."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = posted_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            submission = _claim(request, token)
            if submission is not None:
                response = view(request, *args, **kwargs)
                if location := _result_url(request, response):
                    submission.redirect_url = location[:500]
                    submission.save(update_fields=["redirect_url"])
                else:
                    submission.delete()
                return response
        return _answer_repeat(request, token)

    wrapper.submits_once = True  # copied onto outer decorators by functools.wraps
    return wrapper
