"""信用档案 pages: a society's credit record (its tab), recording commendations, sanctions and
listings on the 活动异常名录, and the 科协's list of societies listed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import (
    credit_entry_for,
    credit_society_for,
    federations_administered,
    federations_visible,
    may_manage_credit,
)
from xuehui.core.pages import society_page_context
from xuehui.lib.record_forms import run_service
from xuehui.submissions.once import submit_once

from . import selectors, services
from .forms import CommendationForm, ListingCloseForm, ListingForm, SanctionForm
from .models import Commendation, Listing, Sanction

FORM_PAGE = "credit/form.html"
FORMS = {Commendation: CommendationForm, Sanction: SanctionForm}
TITLES = {Commendation: "表彰", Sanction: "处罚与警示"}


def _form_page(request, society, form, *, title, intro=""):
    context = society_page_context(request, society, "credit", form=form, title=title)
    return render(request, FORM_PAGE, {**context, "intro": intro})


def _back(society):
    return redirect("credit:society", society.pk)


@login_required
@require_GET
def society_credit(request, society_pk):
    society = credit_society_for(request.user, society_pk)
    today = timezone.localdate()
    context = society_page_context(
        request, society, "credit", record=selectors.record_of(society, today), today=today,
        manages=may_manage_credit(request.user, society),
    )  # fmt: skip
    return render(request, "credit/society.html", context)


# Commendations and sanctions share their pages; the URL names the model (urls.py).


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def entry_create(request, society_pk, model):
    society = credit_society_for(request.user, society_pk, manage=True)
    form = FORMS[model](request.POST or None, instance=model(society=society))
    if request.method == "POST" and run_service(
        form, lambda: services.credit_entry_save(entry=form.instance, actor=request.user)
    ):
        messages.success(request, f"已登记{TITLES[model]}：{form.instance}")
        return _back(society)
    return _form_page(request, society, form, title=f"登记{TITLES[model]}")


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk, model):
    entry = credit_entry_for(request.user, model, pk)
    form = FORMS[model](request.POST or None, instance=entry)
    if request.method == "POST" and run_service(
        form, lambda: services.credit_entry_save(entry=form.instance, actor=request.user)
    ):
        messages.success(request, "已保存")
        return _back(entry.society)
    return _form_page(request, entry.society, form, title=f"修改{TITLES[model]}")


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, pk, model):
    entry = credit_entry_for(request.user, model, pk)
    if request.method == "POST":
        services.credit_entry_delete(entry=entry, actor=request.user)
        messages.success(request, f"已删除{TITLES[model]}：{entry}")
        return _back(entry.society)
    context = society_page_context(request, entry.society, "credit", entry=entry)
    return render(request, "credit/confirm_delete.html", {**context, "name": TITLES[model]})


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def listing_new(request, society_pk):
    society = credit_society_for(request.user, society_pk, manage=True)
    form = ListingForm(request.POST or None, initial={"listed_on": timezone.localdate()})
    if request.method == "POST" and run_service(
        form, lambda: services.listing_open(society=society, actor=request.user, **form.cleaned_data)
    ):  # fmt: skip
        messages.success(request, f"已将 {society} 列入活动异常名录")
        return _back(society)
    return _form_page(request, society, form, title="列入活动异常名录")


@login_required
@require_http_methods(["GET", "POST"])
def listing_close(request, pk):
    listing = credit_entry_for(request.user, Listing, pk)
    form = ListingCloseForm(request.POST or None, initial={"removed_on": timezone.localdate()})
    if request.method == "POST" and run_service(
        form, lambda: services.listing_close(listing=listing, actor=request.user, **form.cleaned_data)
    ):  # fmt: skip
        messages.success(request, f"已将 {listing.society} 移出活动异常名录")
        return _back(listing.society)
    intro = f"{listing}：{listing.reason}"
    return _form_page(request, listing.society, form, title="移出活动异常名录", intro=intro)


@login_required
@require_GET
def listings(request):
    """The 科协's 活动异常名录: societies listed today, or every listing with `?all=1`."""
    federations = federations_visible(request.user)
    if not federations.exists():
        raise PermissionDenied("活动异常名录由科协工作人员查看；学会请在本会的“信用档案”中查看")
    show_all = request.GET.get("all") == "1"
    rows = selectors.listings_of(
        federations.values("pk"), on=timezone.localdate(), current=not show_all
    )
    context = {
        "rows": rows,
        "show_all": show_all,
        "administers": federations_administered(request.user).exists(),
        "back": reverse("credit:listings"),
    }
    return render(request, "credit/listings.html", context)
