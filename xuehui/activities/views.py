"""Pages of a society's activities (活动)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import (
    delete_page,
    form_page,
    service_save,
)
from xuehui.lib.htmx import render_page
from xuehui.submissions.once import submit_once

from . import selectors
from .choices import ActivityKind
from .forms import ActivityFilterForm, ActivityForm
from .models import Activity
from .services import activity_create, activity_delete, activity_update

TAB = "activities"
PER_PAGE = 50


def _years(society) -> list[int]:
    return sorted({timezone.localdate().year, *selectors.activity_years(society)}, reverse=True)


@login_required
@require_GET
def activity_list(request, society_pk):
    society = society_for(request.user, society_pk)
    filters = ActivityFilterForm(request.GET, years=_years(society))
    year = filters.value("year")
    activities = selectors.activities_of(
        society, year=year, kind=filters.value("kind") or "", level=filters.value("level") or ""
    )
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    context = society_page_context(request, society, TAB, filters=filters, page=page, year=year)
    if year:
        counts = selectors.activity_counts_by_kind(society, year)
        context["year_counts"] = [
            (kind.label, counts[kind]) for kind in ActivityKind if kind in counts
        ]
    return render_page(
        request, "activities/activity_list.html", "activities/_activity_table.html", context
    )


def _form_page(request, society, form, title: str):
    return form_page(
        request, society, TAB, form, title, reverse("activities:list", args=[society.pk])
    )


@login_required
@submit_once
def activity_create_view(request, society_pk):
    society = society_for(request.user, society_pk, edit=True)
    form = ActivityForm(request.POST or None, request.FILES or None, society=society)
    if request.method == "POST" and form.is_valid():
        save = partial(
            activity_create,
            society=society,
            actor=request.user,
            uploads=form.cleaned_data["uploads"],
            **form.service_fields(),
        )
        if service_save(request, form, save, lambda activity: f"已新增活动：{activity.title}"):
            return redirect("activities:list", society_pk=society.pk)
    return _form_page(request, society, form, "新增活动")


@login_required
def activity_edit(request, pk):
    activity = society_object_for(request.user, Activity.objects.all(), pk, edit=True)
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=activity, society=activity.society
    )
    if request.method == "POST" and form.is_valid():
        save = partial(
            activity_update,
            activity=activity,
            actor=request.user,
            uploads=form.cleaned_data["uploads"],
            remove_files=form.cleaned_data.get("remove_files") or (),
            **form.service_fields(),
        )
        if service_save(request, form, save, lambda _: f"已保存活动：{activity.title}"):
            return redirect("activities:list", society_pk=activity.society_id)
    return _form_page(request, activity.society, form, f"修改活动：{activity.title}")


@login_required
def activity_delete_view(request, pk):
    activity = society_object_for(request.user, Activity.objects.all(), pk, edit=True)
    society = activity.society
    list_url = reverse("activities:list", args=[society.pk])
    return delete_page(
        request,
        activity,
        society=society,
        tab=TAB,
        delete=partial(activity_delete, activity=activity, actor=request.user),
        done=lambda: f"已删除活动：{activity.title}",
        success_url=list_url,
        noun="活动",
        back_url=list_url,
        consequence="活动的佐证材料将一并删除。",
    )
