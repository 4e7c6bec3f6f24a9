"""Users holding an initial or reset password change it before doing anything else."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# URL names a user who must change the password may still reach.
ALLOWED_URL_NAMES = frozenset({"accounts:password_change", "accounts:logout", "accounts:login"})


class PasswordChangeRequiredMiddleware:
    """Send a user whose `must_change_password` is set to the password page for every other URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # a public page (login_not_required) reads no user, so no session
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_URL_NAMES:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        target = reverse("accounts:password_change")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
