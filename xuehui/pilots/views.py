"""Pilot programmes: the list, one programme's members, and a society's memberships (joined
and ended by the 科协's administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import can_edit_society, scope_for, society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.lib.record_forms import add_service_errors

from . import selectors, services
from .forms import MembershipAddForm, MembershipEndForm
from .models import PilotMembership


def _manager_society(request, society_pk):
    """The society, if the user is 科协 staff who may edit it (a secretary may not decide pilots)."""
    society = society_for(request.user, society_pk, edit=True)
    if not scope_for(request.user).is_federation_staff:
        raise PermissionDenied("只有科协管理员可以调整试点学会")
    return society


@login_required
@require_GET
def programme_list(request):
    return render(
        request,
        "pilots/programme_list.html",
        {"programmes": selectors.programmes_visible(request.user)},
    )


@login_required
@require_GET
def programme_detail(request, key):
    programme = get_object_or_404(selectors.programmes_visible(request.user), key=key)
    memberships = selectors.memberships_visible(request.user, programme)
    return render(
        request,
        "pilots/programme_detail.html",
        {"programme": programme, "memberships": memberships},
    )


@login_required
@require_http_methods(["GET", "POST"])
def society_pilots(request, society_pk):
    society = society_for(request.user, society_pk)
    can_manage = scope_for(request.user).is_federation_staff and can_edit_society(
        request.user, society
    )
    form = MembershipAddForm(request.POST or None, programmes=selectors.programmes_open_to(society))
    if request.method == "POST":
        society = _manager_society(request, society_pk)
        if form.is_valid():
            try:
                services.pilot_membership_add(
                    society=society, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已加入{form.cleaned_data['programme'].name}")
                return redirect("pilots:society", society.pk)
    context = society_page_context(
        request, society, "compliance", memberships=selectors.memberships_of(society), form=form,
        end_form=MembershipEndForm(), can_manage=can_manage,
    )  # fmt: skip
    return render(request, "pilots/society_pilots.html", context)


@login_required
@require_POST
def membership_end(request, pk):
    membership = society_object_for(
        request.user, PilotMembership.objects.select_related("programme"), pk, edit=True
    )
    society = _manager_society(request, membership.society_id)
    form = MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_membership_end(
                membership=membership, until=form.cleaned_data["until"], actor=request.user
            )
            messages.success(request, f"{society.name}已退出{membership.programme.name}")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, "请填写有效的退出日期")
    return redirect("pilots:society", society.pk)
