"""学会联合体 pages: the 科协's consortia, a consortium's page (members, the rotating chair and
its schedule, secretariat, charter, joint activities), creating and editing, members joining and
leaving, recording joint activities, and a society's memberships tab."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import (
    consortia_visible,
    consortium_for,
    consortium_member_for,
    federations_administered,
    joint_activity_for,
    may_manage_consortium,
    may_record_joint_activities,
    society_for,
)
from xuehui.activities.models import Activity
from xuehui.core.pages import society_page_context
from xuehui.lib.record_forms import run_service
from xuehui.submissions.once import submit_once

from . import selectors, services
from .forms import ConsortiumForm, JointActivityForm, MemberAddForm, MemberLeaveForm
from .models import Consortium

FORM_PAGE = "consortia/form.html"


def _form_page(request, form, *, title, back, consortium=None, intro=""):
    context = {"form": form, "title": title, "back": back, "consortium": consortium}
    return render(request, FORM_PAGE, {**context, "intro": intro})


@login_required
@require_GET
def consortium_list(request):
    context = {
        "rows": selectors.consortium_rows(request.user, timezone.localdate()),
        "may_create": federations_administered(request.user).exists(),
    }
    return render(request, "consortia/list.html", context)


def _consortium_form(request, consortium):
    federations = federations_administered(request.user).filter(is_active=True).order_by("code")
    return ConsortiumForm(request.POST or None, instance=consortium, federations=federations)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def consortium_create(request):
    if not federations_administered(request.user).exists():
        raise PermissionDenied("只有科协管理员可以新建学会联合体")
    form = _consortium_form(request, Consortium())
    if request.method == "POST" and run_service(
        form, lambda: services.consortium_save(consortium=form.instance, actor=request.user)
    ):
        messages.success(request, f"已新建学会联合体：{form.instance}，请添加成员学会")
        return redirect("consortia:detail", form.instance.pk)
    return _form_page(request, form, title="新建学会联合体", back=reverse("consortia:list"))


@login_required
@require_http_methods(["GET", "POST"])
def consortium_edit(request, pk):
    consortium = consortium_for(request.user, pk, manage=True)
    form = _consortium_form(request, consortium)
    if request.method == "POST" and run_service(
        form, lambda: services.consortium_save(consortium=form.instance, actor=request.user)
    ):
        messages.success(request, "已保存")
        return redirect("consortia:detail", consortium.pk)
    back = reverse("consortia:detail", args=[consortium.pk])
    return _form_page(request, form, title="修改学会联合体", back=back, consortium=consortium)


@login_required
@require_GET
def consortium_detail(request, pk):
    consortium = consortium_for(request.user, pk)
    context = {
        "consortium": consortium,
        "today": timezone.localdate(),
        "manages": may_manage_consortium(request.user, consortium),
        "records": may_record_joint_activities(request.user, consortium),
        **selectors.consortium_page(consortium, timezone.localdate()),
    }
    return render(request, "consortia/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def member_add(request, pk):
    consortium = consortium_for(request.user, pk, manage=True)
    form = MemberAddForm(request.POST or None, consortium=consortium)
    if request.method == "POST" and run_service(
        form, lambda: services.consortium_member_add(consortium=consortium, actor=request.user, **form.cleaned_data)
    ):  # fmt: skip
        messages.success(request, f"{form.cleaned_data['society']} 已加入联合体")
        return redirect("consortia:detail", consortium.pk)
    back = reverse("consortia:detail", args=[consortium.pk])
    return _form_page(request, form, title="添加成员学会", back=back, consortium=consortium)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    member = consortium_member_for(request.user, pk)
    consortium = member.consortium
    form = MemberLeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and run_service(
        form, lambda: services.consortium_member_leave(member=member, actor=request.user, **form.cleaned_data)
    ):  # fmt: skip
        messages.success(request, f"已登记 {member.society} 退出联合体")
        return redirect("consortia:detail", consortium.pk)
    back = reverse("consortia:detail", args=[consortium.pk])
    intro = f"登记 {member.society} 退出本联合体；其加入与退出日期保留，退出后不再轮值。"
    return _form_page(
        request, form, title="成员学会退出", back=back, consortium=consortium, intro=intro
    )


def _record(request, consortium, form):
    data = form.cleaned_data
    activity = Activity(
        society=data["lead"], title=data["title"], start_on=data["start_on"],
        end_on=data["end_on"], level=data["level"], participants=data["participants"],
        note=data["note"],
    )  # fmt: skip
    services.joint_activity_record(
        consortium=consortium, activity=activity, co_organisers=data["co_organisers"],
        actor=request.user,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def activity_add(request, pk):
    consortium = consortium_for(request.user, pk, record=True)
    form = JointActivityForm(request.POST or None, consortium=consortium)
    if request.method == "POST" and run_service(form, lambda: _record(request, consortium, form)):
        messages.success(request, "已登记联合体活动")
        return redirect("consortia:detail", consortium.pk)
    back = reverse("consortia:detail", args=[consortium.pk])
    intro = "活动记入主办学会的“活动”（类型：学会联合体活动），联合主办学会也各计一次。"
    return _form_page(
        request, form, title="登记联合体活动", back=back, consortium=consortium, intro=intro
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    joint = joint_activity_for(request.user, pk)
    consortium = joint.consortium
    if request.method == "POST":
        services.joint_activity_delete(joint=joint, actor=request.user)
        messages.success(request, f"已删除联合体活动：{joint.activity.title}")
        return redirect("consortia:detail", consortium.pk)
    return render(
        request, "consortia/confirm_delete.html", {"joint": joint, "consortium": consortium}
    )


@login_required
@require_GET
def society_consortia(request, society_pk):
    """A society's tab: the consortia it belongs or belonged to, and whether it chairs one."""
    society = society_for(request.user, society_pk)
    rows = selectors.memberships_of(society, timezone.localdate())
    visible = set(consortia_visible(request.user).values_list("pk", flat=True))
    context = society_page_context(request, society, "consortia", rows=rows, visible=visible)
    return render(request, "consortia/society.html", context)
