"""The platform's pages and the load bench's trivial page: the page shell with nothing in it,
behind sign-in, which is what every page costs (session, user, roles, sidebar, unread count)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def blank(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/blank/", blank, name="bench_blank"),
    path("", include("config.urls")),
]
handler400 = "config.errors.bad_request"
