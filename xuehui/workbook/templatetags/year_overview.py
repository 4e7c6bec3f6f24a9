from django import template

from xuehui.core.page_cache import cached
from xuehui.workbook.selectors import year_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def year_overview_for(context, society, year=None):
    """`{% year_overview_for society as overview %}`: the year overview (default this year). On a
    page with a signed-in user, this year's (ten small aggregates over the society's records) is
    kept for the user's scope until the next audited write (core.page_cache)."""
    request = context.get("request")
    if year is not None or request is None or not request.user.is_authenticated:
        return year_overview(society, year)
    return cached(
        "workbook:year_overview", request.user, (society.pk,), lambda: year_overview(society)
    )
