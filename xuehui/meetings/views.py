"""Pages of a society's meetings (会议) and their resolutions (决议)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages, delete_page, form_page
from xuehui.lib.htmx import render_page
from xuehui.submissions.once import submit_once

from . import selectors
from .forms import MeetingFilterForm, MeetingForm, ResolutionForm
from .models import Meeting, Resolution
from .services import meeting_delete, meeting_save, resolution_delete, resolution_save

TAB = "meetings"
PER_PAGE = 50


def _years(society) -> list[int]:
    return sorted({timezone.localdate().year, *selectors.meeting_years(society)}, reverse=True)


@login_required
@require_GET
def meeting_list(request, society_pk):
    society = society_for(request.user, society_pk)
    filters = MeetingFilterForm(request.GET, years=_years(society))
    meetings = selectors.meetings_of(
        society, year=filters.value("year"), kind=filters.value("kind") or ""
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    context = society_page_context(
        request,
        society,
        TAB,
        filters=filters,
        page=page,
        supervised_kinds=selectors.SUPERVISED_KINDS,
    )
    return render_page(
        request, "meetings/meeting_list.html", "meetings/_meeting_table.html", context
    )


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = society_object_for(request.user, Meeting.objects.select_related("minutes_file"), pk)
    context = society_page_context(
        request,
        meeting.society,
        TAB,
        meeting=meeting,
        resolutions=selectors.resolutions_of(meeting),
        supervised=meeting.kind in selectors.SUPERVISED_KINDS,
    )
    if context["can_edit"]:
        context["resolution_form"] = ResolutionForm(meeting=meeting)
    return render(request, "meetings/meeting_detail.html", context)


def _form_page(request, society, form, title: str, back_url: str):
    return form_page(request, society, TAB, form, title, back_url)


meeting_pages = RecordPages(
    model=Meeting,
    form_class=MeetingForm,
    noun="会议",
    save=meeting_save,
    delete=meeting_delete,
    object_arg="meeting",
    list_url="meetings:list",
    detail_url="meetings:detail",
    tab=TAB,
    consequence="会议的决议和会议纪要文件将一并删除。",
    extra=lambda form: {"upload": form.cleaned_data["upload"]},
)


@login_required
@submit_once
def resolution_create(request, meeting_pk):
    meeting = society_object_for(request.user, Meeting.objects.all(), meeting_pk, edit=True)
    form = ResolutionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        resolution_save(resolution=form.instance, actor=request.user)
        messages.success(request, "已新增决议")
        return redirect("meetings:detail", pk=meeting.pk)
    back_url = reverse("meetings:detail", args=[meeting.pk])
    return _form_page(request, meeting.society, form, f"新增决议：{meeting}", back_url)


def _resolution_for(request, pk) -> Resolution:
    """A resolution through its meeting's society (404 if not visible, 403 if read-only)."""
    resolution = get_object_or_404(Resolution.objects.select_related("meeting"), pk=pk)
    resolution.meeting.society = society_for(request.user, resolution.meeting.society_id, edit=True)
    return resolution


@login_required
def resolution_edit(request, pk):
    resolution = _resolution_for(request, pk)
    meeting = resolution.meeting
    form = ResolutionForm(request.POST or None, instance=resolution, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        resolution_save(resolution=form.instance, actor=request.user)
        messages.success(request, "已保存决议")
        return redirect("meetings:detail", pk=meeting.pk)
    back_url = reverse("meetings:detail", args=[meeting.pk])
    return _form_page(request, meeting.society, form, "修改决议", back_url)


@login_required
def resolution_delete_view(request, pk):
    resolution = _resolution_for(request, pk)
    meeting = resolution.meeting
    detail_url = reverse("meetings:detail", args=[meeting.pk])
    return delete_page(
        request,
        resolution,
        society=meeting.society,
        tab=TAB,
        delete=partial(resolution_delete, resolution=resolution, actor=request.user),
        done=lambda: "已删除决议",
        success_url=detail_url,
        noun="决议",
        back_url=detail_url,
    )
