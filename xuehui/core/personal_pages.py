"""The two pages of personal data on a society's records of people (core.personal): 「显示完整
号码」 after a reason, and anonymisation by an administrator. Each app's view finds the record
through the access layer (404 outside the user's societies) and hands over its service."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from xuehui.access import administers
from xuehui.audit.forms import ReasonForm

from .pages import society_page_context

UNMASK_TEMPLATE = "core/record_unmask.html"
ANONYMISE_TEMPLATE = "core/record_anonymise.html"


def unmask_page(
    request,
    record,
    *,
    society,
    tab: str,
    unmask: Callable[[str], dict],
    labels: dict[str, str],
    back_url: str,
    back_label: str,
):
    """Ask for the reason; on a valid POST show the full values `unmask(reason)` returns
    (labelled by `labels`), once, never cached."""
    form = ReasonForm(request.POST or None)
    numbers = None
    if request.method == "POST" and form.is_valid():
        try:
            values = unmask(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            numbers = [(label, values[name]) for name, label in labels.items()]
    context = society_page_context(
        request,
        society,
        tab,
        form=form,
        record=record,
        numbers=numbers,
        labels=list(labels.values()),
        back_url=back_url,
        back_label=back_label,
    )
    response = render(request, UNMASK_TEMPLATE, context)
    response["Cache-Control"] = "no-store"
    return response


def anonymise_page(
    request,
    record,
    *,
    society,
    tab: str,
    anonymise: Callable[[str], object],
    anonymised: bool,
    explanation: str,
    back_url: str,
    done_url: str,
):
    """Explain what anonymising `record` clears and keeps (or that it is `anonymised`
    already); on a valid POST call
    `anonymise(reason)` and go to `done_url`. Only an administrator of the society's 科协
    (403 for anyone else who may see the record)."""
    if not administers(request.user, society.federation_id):
        raise PermissionDenied("只有科协管理员可以对个人信息做匿名化处理")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request, f"已对{record._meta.verbose_name}{record.pk}的个人信息做匿名化处理"
            )
            return redirect(done_url)
    context = society_page_context(
        request,
        society,
        tab,
        form=form,
        record=record,
        anonymised=anonymised,
        explanation=explanation,
        back_url=back_url,
    )
    return render(request, ANONYMISE_TEMPLATE, context)
