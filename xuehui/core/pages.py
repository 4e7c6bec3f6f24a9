"""The context every tab of a society's page needs, and the page of its exports in full."""

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from xuehui.access import can_edit_society
from xuehui.audit.forms import ReasonForm


def society_page_context(request, society, tab: str, **extra) -> dict:
    """What every tab of a society's page needs: the society, the tab, whether it is editable."""
    return {
        "society": society,
        "tab": tab,
        "can_edit": can_edit_society(request.user, society),
        **extra,
    }


def import_url(name: str, *args) -> str | None:
    """The address of an import page if an installed app provides it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def full_export_page(
    request, society, tab: str, *, what: str, back: str, respond: Callable[[str], HttpResponse]
) -> HttpResponse:
    """「导出完整号码」: GET asks for the reason; a POST with one gets the file `respond(reason)`
    makes (it audits the export with that reason); without one, the form again with the error,
    no file and no audit entry. The caller has checked that the user may edit the society."""
    form = ReasonForm(request.POST or None, example="核对后修改并重新导入")
    if request.method == "POST" and form.is_valid():
        return respond(form.cleaned_data["reason"])
    context = society_page_context(request, society, tab, form=form, what=what, back=back)
    return render(request, "core/export_full.html", context)
