"""The staff's side of 信息公开: a 科协's disclosure policy, a society's preview of what will be
published (将公开的信息, the public profile's own template and context), and the 留言 inbox
(assign, reply privately or publicly, close)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    federation_for,
    federations_administered,
    feedback_for,
    feedback_visible,
    may_handle_feedback,
    sees_feedback,
    society_for,
)
from xuehui.core.pages import society_page_context
from xuehui.lib.record_forms import errors_to_messages, run_service

from . import selectors, services
from .choices import DisclosureItem, FeedbackStatus
from .forms import AssignForm, PolicyForm, ReplyForm
from .profile import profile_context


@login_required
@require_GET
def policies(request):
    federations = list(federations_administered(request.user).order_by("pk"))
    if not federations:
        raise PermissionDenied("只有科协管理员可以设置公开规则")
    rows = [(federation, selectors.policy_of(federation)) for federation in federations]
    return render(request, "portal/policies.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def policy(request, pk):
    federation = federation_for(request.user, pk)
    current = selectors.policy_of(federation)
    initial = {"is_open": current.is_open, "public_items": current.public_items}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        form,
        lambda: services.policy_save(
            federation=federation,
            is_open=form.cleaned_data["is_open"],
            public_items=form.cleaned_data["public_items"],
            actor=request.user,
        ),  # fmt: skip
    ):
        messages.success(request, "公开规则已保存")
        return redirect("portal:policy", pk=federation.pk)
    context = {"federation": federation, "form": form, "policy": current}
    return render(request, "portal/policy.html", context)


@login_required
@require_GET
def preview(request, society_pk):
    """将公开的信息: the society's public profile exactly as the public will see it."""
    society = society_for(request.user, society_pk)
    policy = selectors.policy_of(society.federation)
    context = society_page_context(request, society, "public")
    context.update(profile_context(society, policy, timezone.localdate()))
    context.update(policy=policy, preview=True)
    return render(request, "portal/preview.html", context)


@login_required
@require_GET
def inbox(request):
    if not sees_feedback(request.user):
        raise PermissionDenied("留言由科协处理")
    status = request.GET.get("status", "")
    status = status if status in FeedbackStatus.values else ""
    rows = selectors.inbox(feedback_visible(request.user), status)[:200]
    context = {"rows": rows, "status": status, "statuses": FeedbackStatus.choices}
    return render(request, "portal/inbox.html", context)


@login_required
@require_GET
def feedback_detail(request, pk):
    feedback = feedback_for(request.user, pk)
    handles = may_handle_feedback(request.user, feedback)
    staff = services.assignable_staff(feedback.society.federation)
    context = {
        "feedback": feedback,
        "replies": feedback.replies.select_related("written_by"),
        "handles": handles,
        # The contact is personal data: shown to who answers, not to leaders reading along.
        "contact": feedback.contact if handles else "",
        "assign_form": AssignForm(staff=staff, initial={"assignee": feedback.assignee_id}),
        "reply_form": ReplyForm(),
        "is_closed": feedback.status == FeedbackStatus.CLOSED,
        "publishes_replies": selectors.policy_of(feedback.society.federation).publishes(
            DisclosureItem.FEEDBACK_REPLIES
        ),
    }
    return render(request, "portal/feedback_detail.html", context)


def _act(request, feedback, form, call, done: str):
    if run_service(form, call):
        messages.success(request, done)
    else:
        errors_to_messages(request, form)
    return redirect("portal:feedback", pk=feedback.pk)


@login_required
@require_POST
def feedback_assign(request, pk):
    feedback = feedback_for(request.user, pk, handle=True)
    form = AssignForm(request.POST, staff=services.assignable_staff(feedback.society.federation))
    call = lambda: services.feedback_assign(  # noqa: E731
        feedback=feedback, assignee=form.cleaned_data["assignee"], actor=request.user
    )
    return _act(request, feedback, form, call, "已交办")


@login_required
@require_POST
def feedback_reply(request, pk):
    feedback = feedback_for(request.user, pk, handle=True)
    form = ReplyForm(request.POST)
    call = lambda: services.feedback_reply(  # noqa: E731
        feedback=feedback, text=form.cleaned_data["text"],
        is_public=form.cleaned_data["is_public"], actor=request.user,
    )  # fmt: skip
    return _act(request, feedback, form, call, "已答复")


@login_required
@require_POST
def feedback_close(request, pk):
    feedback = feedback_for(request.user, pk, handle=True)
    try:
        services.feedback_close(feedback=feedback, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已关闭")
    return redirect("portal:feedback", pk=feedback.pk)
