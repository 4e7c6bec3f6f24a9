"""Addresses for templates without walking the URL resolver on every call, which `{% url %}`
does (about 40 µs a call: the page shell alone names 28 pages, a campaign's progress table
links 50 rows).

`{% plain_url "todos:list" %}`: a page that takes no argument, reversed once per URLconf and
script prefix.

`{% row_url "campaigns:entry" entry.pk %}`: a page whose one argument is a row's integer key.
The name is reversed once with a probe key; the text around it is kept and each row's key put
in its place: the same address `{% url %}` gives for a route like `<int:pk>/`, whose converter
writes the number as it is. A route that does not (a name whose address does not hold the
probe exactly once, or holds another key in another form) is refused when first used."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_PROBES = (987654321, 123456789)  # keys no row has, to find where a key goes and check it


@lru_cache(maxsize=256)
def _around(viewname: str, urlconf: str, prefix: str) -> tuple[str, str]:
    """The address of `viewname` before and after its key (`prefix` keys the cache only:
    reverse() reads it itself)."""
    first, second = (reverse(viewname, args=[probe], urlconf=urlconf) for probe in _PROBES)
    head, found, tail = first.partition(str(_PROBES[0]))
    if not found or f"{head}{_PROBES[1]}{tail}" != second:
        raise ValueError(f"{viewname} 的地址不是“前缀 + 整数主键 + 后缀”的形式，请用 {{% url %}}")
    return head, tail


@lru_cache(maxsize=256)
def _plain(viewname: str, urlconf: str, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)


@register.simple_tag
def plain_url(viewname: str) -> str:
    """The address `{% url viewname %}` gives."""
    return _plain(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@register.simple_tag
def row_url(viewname: str, pk) -> str:
    """The address `{% url viewname pk %}` gives for a non-negative integer key."""
    if not isinstance(pk, int) or isinstance(pk, bool) or pk < 0:
        return reverse(viewname, args=[pk])  # as {% url %}: its answer, or its error
    head, tail = _around(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{head}{pk}{tail}"


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """A test that changes the settings (the URLconf, the installed apps) starts afresh."""
    _around.cache_clear()
    _plain.cache_clear()
