"""The steps a sign-in owes before anything else, in order: the second factor's code, setting
up a second factor when it is required, and a new password when the current one is an
initial password or has expired. Until a step is done its page (and signing out) is all the
session reaches."""

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import secondfactor
from .passwords import PASSWORD_EXPIRED

# Reachable whatever step is owed.
ALWAYS = frozenset({"accounts:logout", "accounts:login"})
STEPS = (
    ("accounts:second_factor_verify", lambda r: r.session.get(secondfactor.PENDING)),
    ("accounts:second_factor", lambda r: r.session.get(secondfactor.ENROL)),
    (
        "accounts:password_change",
        lambda r: r.user.must_change_password or r.session.get(PASSWORD_EXPIRED),
    ),
)


def owed_step(request) -> str | None:
    """The URL name of the first step this session still owes, if any."""
    for name, owed in STEPS:
        if owed(request):
            return name
    return None


class PasswordChangeRequiredMiddleware:
    """Send a session that owes a step (above) to its page from every other URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # a public page (login_not_required) reads no user, so no session
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        step = owed_step(request)
        if step is None:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALWAYS | {step}:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        target = reverse(step)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        if request.method == "GET" and step == "accounts:second_factor_verify":
            target += "?next=" + quote(request.get_full_path())
        return redirect(target)
