"""Pages of the yearly data workbook (学会信息填报工作簿) and the year overview card."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.accounts.access import society_for
from xuehui.societies.views import society_page_context

from .selectors import FIRST_YEAR, year_overview


def _year(request) -> int:
    """The year asked for in the query string; anything odd means the current year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


@login_required
@require_GET
def year_overview_card(request, society_pk):
    society = society_for(request.user, society_pk)
    overview = year_overview(society, _year(request))
    context = society_page_context(request, society, "basic", overview=overview)
    if request.htmx:
        return render(request, "societies/_year_overview.html", context)
    return render(request, "workbook/year_overview.html", context)
