"""Full page or partial: one rule for every view that htmx swaps into.

An htmx request gets the partial, except a history restore (the browser's back button after
`hx-push-url`, with the page gone from htmx's cache), which needs the whole page. Responses
that differ by `HX-Request` say so in `Vary`, so no cache hands a partial to a plain request.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_partial(request) -> bool:
    """An htmx swap asks for the partial; a history restore needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def render_page(request, template: str, partial: str, context: dict, *, status: int = 200):
    """The page, or only its `partial` for an htmx swap; caches keep the two apart."""
    chosen = partial if wants_partial(request) else template
    response = render(request, chosen, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def vary_on_htmx(response):
    """Mark a response a view built itself as differing by `HX-Request`."""
    patch_vary_headers(response, ["HX-Request"])
    return response
