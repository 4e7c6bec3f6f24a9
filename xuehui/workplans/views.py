"""Pages of reform work plans: the society's editor inside its campaign, progress, the 科协's
list and review, the Word export. Objects come through the access layer: the society side by
`society_for`, the 科协 side by the campaign's federation being visible / administered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_GET, require_POST

from xuehui.access import (
    administers,
    can_edit_society,
    plan_entry_for,
    plan_for,
    plan_for_review,
    plan_part_for,
    plans_campaign_for,
)
from xuehui.audit.services import audit_export
from xuehui.lib.constraints import constraint_errors
from xuehui.lib.htmx import render_page, wants_partial
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import mark_submitted, submit_once

from . import selectors, services
from .choices import PlanStatus
from .documents import DOCX_CONTENT_TYPE, plan_document
from .forms import ApproveForm, OutlineForm, ProblemForm, ProgressForm, ReturnForm, TaskForm
from .models import OUTLINE_FIELDS, PlanTask, Problem, WorkPlan
from .reminders import urgings_send

# ---- the society's plan ------------------------------------------------------------------


def _editor_context(request, plan: WorkPlan, **extra) -> dict:
    items = selectors.entry_items(plan.entry)
    editable = plan.is_editable and can_edit_society(request.user, plan.entry.society)
    context = {
        "plan": plan,
        "entry": plan.entry,
        "campaign": plan.entry.campaign,
        "society": plan.entry.society,
        "today": timezone.localdate(),
        "can_edit": editable,
        "can_report": plan.status == PlanStatus.APPROVED
        and can_edit_society(request.user, plan.entry.society),
        "problem_form": ProblemForm(items=items, prefix="new"),
        "outline_form": OutlineForm(initial={name: getattr(plan, name) for name in OUTLINE_FIELDS}),
        "outline": [
            (WorkPlan._meta.get_field(name).verbose_name, getattr(plan, name))
            for name in OUTLINE_FIELDS
        ],
    }
    return context | extra


@login_required
@require_GET
def plan_page(request, entry_pk):
    entry = plan_entry_for(request.user, entry_pk)
    plan_id = WorkPlan.objects.filter(entry=entry).values_list("pk", flat=True).first()
    if plan_id is None:
        context = {
            "entry": entry,
            "campaign": entry.campaign,
            "society": entry.society,
            "can_edit": can_edit_society(request.user, entry.society),
            "failing": selectors.failing_items(entry),
        }
        return render(request, "workplans/plan_start.html", context)
    plan = plan_for(request.user, selectors.plans_detailed(with_updates=True), plan_id)
    return render(request, "workplans/plan_page.html", _editor_context(request, plan))


@login_required
@require_POST
def plan_outline(request, plan_pk):
    plan = plan_for(request.user, selectors.plans_detailed(), plan_pk, edit=True)
    form = OutlineForm(request.POST)
    if form.is_valid():
        try:
            services.plan_outline_save(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存")
    return redirect("workplans:plan", entry_pk=plan.entry_id)


@login_required
@require_POST
def plan_create_view(request, entry_pk):
    entry = plan_entry_for(request.user, entry_pk, edit=True)
    try:
        with constraint_errors():  # two clicks at once: the second is told, not a 500
            services.plan_create(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已创建改革工作方案，存在问题已按自动核验结果预填，请修改补充。")
    return redirect("workplans:plan", entry_pk=entry.pk)


def _section(request, plan: WorkPlan, partial: str, *, done: bool = False, **extra):
    """The section for htmx; else the whole page, or back to it once a change is `done`."""
    if done and not wants_partial(request):
        return redirect("workplans:plan", entry_pk=plan.entry_id)
    if done:
        mark_submitted(request, reverse("workplans:plan", args=[plan.entry_id]))
    plan = selectors.plan_detail(plan.pk, with_updates=True)
    context = _editor_context(request, plan, **extra)
    return render_page(request, "workplans/plan_page.html", partial, context)


def _save_problem(request, plan: WorkPlan, form, problem=None):
    if form.is_valid():
        try:
            services.problem_save(
                plan=plan, actor=request.user, problem=problem, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _section(request, plan, "workplans/_problems.html", done=True)
    key = "problem_form" if problem is None else "edit_form"
    return _section(request, plan, "workplans/_problems.html", **{key: form}, editing=problem)


@login_required
@require_POST
@submit_once
def problem_add(request, plan_pk):
    plan = plan_for(request.user, selectors.plans_detailed(), plan_pk, edit=True)
    form = ProblemForm(request.POST, items=selectors.entry_items(plan.entry), prefix="new")
    return _save_problem(request, plan, form)


@login_required
def problem_edit(request, pk):
    problem = plan_part_for(request.user, Problem, pk)
    plan, items = problem.plan, selectors.entry_items(problem.plan.entry)
    if request.method == "POST":
        form = ProblemForm(request.POST, items=items, prefix=f"p{problem.pk}")
        return _save_problem(request, plan, form, problem)
    form = ProblemForm(
        initial={"text": problem.text, "item": problem.item_id}, items=items, prefix=f"p{pk}"
    )
    return _section(request, plan, "workplans/_problems.html", edit_form=form, editing=problem)


@login_required
@require_POST
def problem_delete_view(request, pk):
    problem = plan_part_for(request.user, Problem, pk)
    try:
        services.problem_delete(problem=problem, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return _section(request, problem.plan, "workplans/_problems.html", done=True)


def _task_initial(task: PlanTask) -> dict:
    return {
        "title": task.title,
        "target_outcome": task.target_outcome,
        "deadline": task.deadline,
        "responsible": task.responsible,
        "items": [item.pk for item in task.items.all()],
    }


def _task_form_response(request, plan: WorkPlan, task: PlanTask | None):
    items = selectors.entry_items(plan.entry)
    if request.method == "POST":
        form = TaskForm(request.POST, items=items)
        if form.is_valid():
            try:
                services.task_save(
                    plan=plan, actor=request.user, task=task, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _section(request, plan, "workplans/_tasks.html", done=True)
        steps = form.steps
    else:
        form = TaskForm(initial=_task_initial(task) if task else None, items=items)
        steps = [step.text for step in task.steps.all()] if task else []
    return _section(
        request, plan, "workplans/_tasks.html", task_form=form, editing_task=task, steps=steps
    )


@login_required
@submit_once
def task_new(request, plan_pk):
    plan = plan_for(request.user, selectors.plans_detailed(), plan_pk, edit=True)
    return _task_form_response(request, plan, None)


@login_required
def task_edit(request, pk):
    task = plan_part_for(request.user, PlanTask, pk)
    return _task_form_response(request, task.plan, task)


@login_required
@require_POST
def task_delete_view(request, pk):
    task = plan_part_for(request.user, PlanTask, pk)
    try:
        services.task_delete(task=task, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return _section(request, task.plan, "workplans/_tasks.html", done=True)


@login_required
@require_GET
def step_row(request, plan_pk):
    """One empty step input, appended to a task form by htmx."""
    plan_for(request.user, selectors.plans_detailed(), plan_pk, edit=True)
    return render(request, "workplans/_step_row.html", {"step": ""})


@login_required
@require_POST
def plan_submit_view(request, plan_pk):
    plan = plan_for(request.user, selectors.plans_detailed(), plan_pk, edit=True)
    try:
        services.plan_submit(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "工作方案已提交科协审核。")
    return redirect("workplans:plan", entry_pk=plan.entry_id)


@login_required
def progress_view(request, task_pk):
    task = plan_part_for(request.user, PlanTask, task_pk, edit=request.method == "POST")
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={"percent": task.percent, "status": task.status},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_record(task=task, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已填报进度：{task.title}")
            return redirect("workplans:plan", entry_pk=task.plan.entry_id)
    updates = task.updates.select_related("recorded_by").prefetch_related("evidence")
    context = {
        "task": task,
        "plan": task.plan,
        "campaign": task.plan.entry.campaign,
        "society": task.plan.entry.society,
        "form": form,
        "updates": updates,
        "can_edit": can_edit_society(request.user, task.plan.entry.society),
    }
    return render(request, "workplans/progress.html", context)


@login_required
@require_GET
def plan_export(request, plan_pk):
    plan = plan_for(request.user, selectors.plans_detailed(), plan_pk)
    content = plan_document(plan)
    audit_export(
        actor=request.user, what=plan.display_title, rows=None, society=plan.society, fmt="docx"
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    filename = escape_uri_path(f"{plan.display_title}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


# ---- the 科协's side ---------------------------------------------------------------------


@login_required
@require_GET
def campaign_plans(request, campaign_pk):
    campaign = plans_campaign_for(request.user, campaign_pk)
    rows = list(selectors.campaign_plan_rows(campaign, today=timezone.localdate()))
    context = {
        "campaign": campaign,
        "rows": rows,
        "counts": selectors.plan_status_counts(rows),
        "overdue_total": sum(row.overdue_count for row in rows),
        "today": timezone.localdate(),
        "can_manage": administers(request.user, campaign.federation_id),
    }
    return render(request, "workplans/campaign_plans.html", context)


def _review_page(request, plan: WorkPlan, **forms):
    campaign = plan.entry.campaign
    context = {
        "plan": plan,
        "campaign": campaign,
        "society": plan.entry.society,
        "today": timezone.localdate(),
        "can_manage": administers(request.user, campaign.federation_id),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
    }
    return render(request, "workplans/plan_review.html", context)


@login_required
@require_GET
def plan_review(request, plan_pk):
    return _review_page(
        request, plan_for_review(request.user, selectors.plans_detailed(with_updates=True), plan_pk)
    )


def _decide(request, plan_pk, form_class, decide, done: str, form_name: str):
    """Approve or return a plan: bind the form, call the service, back to the campaign."""
    plan = plan_for_review(
        request.user, selectors.plans_detailed(with_updates=True), plan_pk, manage=True
    )
    form = form_class(request.POST)
    if form.is_valid():
        try:
            decide(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{done}：{plan.display_title}")
            return redirect("workplans:campaign", campaign_pk=plan.entry.campaign_id)
    return _review_page(request, plan, **{form_name: form})


@login_required
@require_POST
def plan_approve_view(request, plan_pk):
    return _decide(request, plan_pk, ApproveForm, services.plan_approve, "已批准", "approve_form")


@login_required
@require_POST
def plan_return_view(request, plan_pk):
    return _decide(request, plan_pk, ReturnForm, services.plan_return, "已退回", "return_form")


@login_required
@require_POST
def campaign_urge(request, campaign_pk):
    """催办: the 科协 reminds everyone who still owes work in the campaign (once a day each)."""
    campaign = plans_campaign_for(request.user, campaign_pk, manage=True)
    try:
        sent = urgings_send(campaign=campaign, day=timezone.localdate(), actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        if sent:
            parts = "，".join(
                f"{label.removeprefix('催办：')}{count}条" for label, count in sent.items()
            )
            messages.success(request, f"已发送催办：{parts}")
        else:
            messages.info(request, "没有需要催办的事项，或今天已催办过")
    return redirect("campaigns:detail", campaign.pk)
