"""Pages of a society's yearly finances (财务)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuehui.access import society_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages

from . import selectors
from .choices import IncomeSource
from .forms import FinanceYearForm
from .models import FinanceYear
from .services import finance_year_delete, finance_year_save

TAB = "finances"


@login_required
@require_GET
def finance_list(request, society_pk):
    society = society_for(request.user, society_pk)
    years = list(selectors.finance_years_of(society))
    context = society_page_context(
        request,
        society,
        TAB,
        years=years,
        sources=IncomeSource,
        chart=selectors.income_chart(years),
    )
    return render(request, "finances/finance_list.html", context)


finance_pages = RecordPages(
    model=FinanceYear,
    form_class=FinanceYearForm,
    noun="年度财务",
    save=finance_year_save,
    delete=finance_year_delete,
    object_arg="finance_year",
    list_url="finances:list",
    tab=TAB,
)
