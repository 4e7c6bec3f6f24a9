from django import template

from xuehui.lib.text import plain_formula as _plain_formula

register = template.Library()


@register.filter
def plain_formula(text) -> str:
    """A quoted clause with its TeX written out (``$\\frac{3}{4}$`` → 3/4)."""
    return _plain_formula(str(text or ""))
