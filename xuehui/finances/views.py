"""Pages of a society's yearly finances (财务)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from xuehui.access import society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import (
    delete_page,
    form_page,
    service_save,
)
from xuehui.submissions.once import submit_once

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


def _form_page(request, society, form, title: str):
    return form_page(
        request, society, TAB, form, title, reverse("finances:list", args=[society.pk])
    )


def _save(request, form) -> bool:
    save = partial(finance_year_save, finance_year=form.instance, actor=request.user)
    return service_save(request, form, save, lambda _: f"已保存{form.instance}") is not None


@login_required
@submit_once
def finance_create(request, society_pk):
    society = society_for(request.user, society_pk, edit=True)
    form = FinanceYearForm(request.POST or None, society=society)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return redirect("finances:list", society_pk=society.pk)
    return _form_page(request, society, form, "新增年度财务")


@login_required
def finance_edit(request, pk):
    finance_year = society_object_for(request.user, FinanceYear.objects.all(), pk, edit=True)
    society = finance_year.society
    form = FinanceYearForm(request.POST or None, instance=finance_year, society=society)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return redirect("finances:list", society_pk=society.pk)
    return _form_page(request, society, form, f"修改{finance_year}")


@login_required
def finance_delete(request, pk):
    finance_year = society_object_for(request.user, FinanceYear.objects.all(), pk, edit=True)
    society = finance_year.society
    list_url = reverse("finances:list", args=[society.pk])
    return delete_page(
        request,
        finance_year,
        society=society,
        tab=TAB,
        delete=partial(finance_year_delete, finance_year=finance_year, actor=request.user),
        done=lambda: f"已删除{finance_year}",
        success_url=list_url,
        noun="年度财务",
        back_url=list_url,
    )
