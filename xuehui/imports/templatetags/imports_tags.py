from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str) -> str:
    """`mapping[key]` or '' (a row's errors or display text by column key)."""
    return mapping.get(key, "")
