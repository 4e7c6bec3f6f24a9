"""Error pages rendered with the request (the sidebar and the signed-in user stay), and a 400
that says in Chinese what was wrong with the request."""

from django.shortcuts import render


def bad_request(request, exception):
    return render(request, "400.html", {"exception": str(exception) or ""}, status=400)
