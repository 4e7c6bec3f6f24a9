from django import template

from xuehui.workbook.selectors import year_overview

register = template.Library()


@register.simple_tag
def year_overview_for(society, year=None):
    """`{% year_overview_for society as overview %}`: the year overview (default this year)."""
    return year_overview(society, year)
