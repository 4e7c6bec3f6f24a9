"""Every create page of the platform is guarded by @submit_once (a new one must be, too)."""

from django.urls import URLResolver, get_resolver

# Named like a create page, but not a form that creates a record from its fields.
NOT_CREATE_FORMS = {
    "workplans:create",  # one button, one plan per entry (a unique key; a race is a message)
}


def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _is_create_page(name: str) -> bool:
    if name.startswith("admin:"):
        return False  # Django's admin, for the platform's operators only
    short = name.rsplit(":", 1)[-1]
    return short in {"create", "launch"} or short.endswith(("_create", "_new", "_add"))


def test_every_create_page_submits_once():
    pages = dict(_patterns(get_resolver().url_patterns))
    creates = {name for name in pages if _is_create_page(name)} - NOT_CREATE_FORMS
    assert len(creates) >= 20
    unguarded = sorted(n for n in creates if not getattr(pages[n], "submits_once", False))
    assert unguarded == []
