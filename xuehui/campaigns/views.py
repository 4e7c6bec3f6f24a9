"""Pages of campaigns: the 科协's list, launch and progress; the society's self-assessment;
the expert's queue and review; evidence served within the campaign's scope."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from xuehui.access import (
    administers,
    campaign_for,
    campaigns_visible,
    entry_for,
    entry_for_expert,
    evidence_for,
    item_for,
    item_for_expert,
    require_administers,
    scope_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.page_cache import cached
from xuehui.files.views import _file_response
from xuehui.jobs.choices import JobStatus
from xuehui.jobs.exports import export_start
from xuehui.lib.export import XLSX_CONTENT_TYPE
from xuehui.lib.htmx import vary_on_htmx, wants_partial
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import submit_once

from . import background, documents, exports, selectors, services
from .choices import SOCIETY_EDITS, UNDER_REVIEW, Outcome, State
from .forms import (
    AssignmentForm,
    CampaignLaunchForm,
    ConcludeForm,
    EvidenceForm,
    ProgressFilterForm,
    RectificationAnswerForm,
    RefreshForm,
    ResolveForm,
    RevertForm,
    SelfAssessmentForm,
    VerdictForm,
)
from .models import ExpertAssignment, Transition


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _attempt(request, action, success=None) -> bool:
    """Call one service: a refusal becomes error messages, a result the success message.

    `success` is the message, or a function of the service's result that returns it.
    """
    try:
        result = action()
    except ValidationError as error:
        _errors(request, error)
        return False
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True


def _refusal(message: str):
    """A stand-in for a service call that refuses before calling anything."""

    def refuse():
        raise ValidationError(message)

    return refuse


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = documents.content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


# ---- the list and the launch ----------------------------------------------------------------


@login_required
@require_safe
def campaign_list(request):
    scope = scope_for(request.user)
    campaigns = campaigns_visible(request.user).annotate(society_count=Count("entries"))
    context = {
        "campaigns": campaigns if scope.sees_federations else [],
        "entries": selectors.entries_of_user(request.user),
        "queue": selectors.expert_queue(request.user),
        "can_launch": scope.is_federation_staff,
    }
    return render(request, "campaigns/campaign_list.html", context)


@login_required
@submit_once
def campaign_launch(request):
    if not scope_for(request.user).is_federation_staff:
        raise PermissionDenied("只有科协管理员可以启动评估检查工作")
    form = CampaignLaunchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["confirmed"]:
        # Nothing is written yet: say to whom it goes and what looks wrong, then ask.
        context = {"form": form, "confirm": form.selected, "warnings": form.warnings()}
        return render(request, "campaigns/campaign_launch.html", context)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if background.in_background(fields):
            job = background.launch_start(user=request.user, fields=fields)
            if job.status != JobStatus.FAILED:
                return _launched_by_job(request, job)
            form.add_error(None, job.message)  # in-process: the form again, with why
        else:
            try:
                campaign = services.campaign_launch(actor=request.user, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _launched(request, campaign.pk, campaign.name, campaign.entries.count())
    return render(request, "campaigns/campaign_launch.html", {"form": form})


def _launched(request, pk: int, name: str, societies: int):
    messages.success(request, f"已启动「{name}」：{societies}个学会。")
    return redirect("campaigns:detail", pk=pk)


def _launched_by_job(request, job):
    """A large launch: its job's page, then the campaign (at once when it ran in-process)."""
    if job.status == JobStatus.SUCCEEDED:
        return _launched(
            request, job.result["campaign"], job.params["name"], job.result["societies"]
        )
    return redirect("jobs:detail", job.pk)


# ---- the 科协's progress page ----------------------------------------------------------------


@login_required
@require_safe
def campaign_detail(request, pk):
    """The 科协's progress page. The table and the figures are kept for the user's scope and
    the filters until the next write (core.page_cache); an htmx swap gets the table alone."""
    campaign = campaign_for(request.user, pk)
    filters = ProgressFilterForm(request.GET or None, campaign=campaign)
    partial = wants_partial(request)
    parts = (campaign.pk, partial, tuple(sorted(request.GET.lists())))
    shown = cached(
        "campaigns:detail",
        request.user,
        parts,
        lambda: _progress_shown(request, campaign, filters, partial=partial),
    )
    if partial:
        return vary_on_htmx(HttpResponse(shown["table"]))
    context = {
        "campaign": campaign,
        "filters": filters,
        **shown,
        # The header names each version; its content (the whole framework) is not read here.
        "frameworks": campaign.frameworks.select_related("framework").only(
            "version", "framework__title"
        ),
        "refresh_form": RefreshForm(),
    }
    return vary_on_htmx(render(request, "campaigns/campaign_detail.html", context))


def _progress_shown(request, campaign, filters, *, partial: bool) -> dict:
    """The progress table's HTML and, for the whole page, the figures above it."""
    page = selectors.campaign_progress_page(
        campaign,
        page=request.GET.get("page"),
        state=filters.value("state") or "",
        federation_id=getattr(filters.value("federation"), "pk", None),
        q=filters.value("q") or "",
        sort=filters.value("sort") or "name",
    )
    table = render_to_string("campaigns/_progress_table.html", {"page": page}, request)
    shown = {"table": mark_safe(table)}  # noqa: S308 -- rendered by the template engine
    if partial:
        return shown
    can_administer = administers(request.user, campaign.federation_id)
    return shown | {
        "totals": selectors.campaign_totals(campaign),
        "charts": selectors.campaign_charts(campaign),
        "can_administer": can_administer,
        "disputes": selectors.disputed_count(campaign),
        # Only the administrator's withdraw form reads it.
        "acted": (
            selectors.campaign_acted_on(campaign) if can_administer and campaign.is_open else []
        ),
    }


@login_required
@require_safe
def campaign_export(request, pk):
    campaign = campaign_for(request.user, pk)
    size = selectors.export_size(campaign)
    if size > settings.XUEHUI_EXPORT_INLINE_ROWS:
        job = export_start(
            user=request.user, name=exports.CAMPAIGN, title=f"导出：{campaign.name}",
            params={"campaign": campaign.pk},
        )  # fmt: skip
        return redirect("jobs:detail", job.pk)
    content, filename = exports.campaign_export_file(campaign)
    audit_export(actor=request.user, what=f"{campaign.name}工作进展", rows=size)
    return _attachment(content, XLSX_CONTENT_TYPE, filename)


@login_required
@require_POST
def campaign_refresh(request, pk):
    campaign = campaign_for(request.user, pk, edit=True)
    form = RefreshForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    _attempt(
        request,
        lambda: services.campaign_refresh(campaign=campaign, actor=request.user, on=on),
        lambda changed: f"已重新核验，{changed}项结果有变化（原结果已保存在核验历史中）。",
    )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = campaign_for(request.user, pk, edit=True)
    _attempt(
        request,
        lambda: services.campaign_close(campaign=campaign, actor=request.user),
        lambda _: f"「{campaign.name}」已结束。",
    )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_withdraw(request, pk):
    campaign = campaign_for(request.user, pk, edit=True)
    _attempt(
        request,
        lambda: services.campaign_withdraw(
            campaign=campaign, reason=request.POST.get("reason", ""), actor=request.user
        ),
        lambda _: f"「{campaign.name}」已撤回，已通知各学会。",
    )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
def campaign_assignments(request, pk):
    campaign = campaign_for(request.user, pk, edit=request.method == "POST")
    form = AssignmentForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_assign(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已分配评审专家。")
            return redirect("campaigns:assignments", pk=campaign.pk)
    assignments = campaign.assignments.select_related("expert", "society").order_by(
        "expert__username", "id"
    )
    context = {
        "campaign": campaign,
        "form": form,
        "assignments": assignments,
        "can_administer": administers(request.user, campaign.federation_id),
    }
    return render(request, "campaigns/campaign_assignments.html", context)


@login_required
@require_POST
def assignment_delete(request, pk):
    assignment = get_object_or_404(ExpertAssignment.objects.select_related("campaign"), pk=pk)
    campaign = campaign_for(request.user, assignment.campaign_id, edit=True)
    services.expert_unassign(assignment=assignment, actor=request.user)
    messages.success(request, "已取消该分配。")
    return redirect("campaigns:assignments", pk=campaign.pk)


@login_required
@require_safe
def campaign_disputes(request, pk):
    campaign = campaign_for(request.user, pk)
    context = {
        "campaign": campaign,
        "rows": selectors.disputed_items(campaign),
        "can_administer": administers(request.user, campaign.federation_id),
        "form": ResolveForm(),
    }
    return render(request, "campaigns/campaign_disputes.html", context)


@login_required
@require_POST
def item_resolve(request, pk):
    item = item_for(request.user, pk)
    require_administers(
        request.user, item.entry.campaign.federation_id, "只有科协管理员可以进行此操作"
    )
    form = ResolveForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.disagreement_resolve(
                item=item, actor=request.user, **form.cleaned_data
            ),
            lambda _: (
                f"已裁定{item.entry.society.name}{item.requirement.number}“{item.requirement.title}”。"
            ),
        )
    else:
        messages.error(request, "请选择裁定结论并写明理由。")
    return redirect("campaigns:disputes", pk=item.entry.campaign_id)


# ---- a society's page -----------------------------------------------------------------------


def _entry_context(request, entry) -> dict:
    can_edit = selectors.can_edit_entry(request.user, entry)
    return {
        "entry": entry,
        "campaign": entry.campaign,
        "society": entry.society,
        "can_edit": can_edit and entry.campaign.is_open,
        "can_administer": administers(request.user, entry.campaign.federation_id),
        "today": timezone.localdate(),
    }


@login_required
@require_safe
def entry_detail(request, pk):
    entry = entry_for(request.user, pk)
    context = _entry_context(request, entry) | {
        "rows": selectors.item_rows(entry),
        "summary": selectors.entry_summary(entry),
        "transitions": selectors.transitions_of(entry)[:50],
        "missing": selectors.missing_before_submission(entry)
        if entry.state == State.PENDING
        else [],
        "revert_form": RevertForm(),
        "society_edits": SOCIETY_EDITS,
    }
    return render(request, "campaigns/entry_detail.html", context)


def _item_response(request, item, *, form=None, evidence_form=None, answer_form=None):
    """The item's card again (htmx), or back to the page."""
    if not request.htmx:
        return redirect(reverse("campaigns:entry", args=[item.entry_id]) + f"#item-{item.pk}")
    context = _entry_context(request, item.entry) | {
        "row": selectors.item_row(item),
        "assess_form": form,
        "evidence_form": evidence_form,
        "answer_form": answer_form,
        "society_edits": SOCIETY_EDITS,
    }
    return render(request, "campaigns/_item.html", context)


@login_required
@require_POST
def item_assess(request, pk):
    item = item_for(request.user, pk, edit=True)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.self_assessment_save(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = None
    return _item_response(request, item, form=form)


@login_required
def item_evidence(request, pk):
    """GET: the form (htmx loads it into the card); POST: add the file or the link."""
    item = item_for(request.user, pk, edit=True)
    form = EvidenceForm(request.POST or None, request.FILES or None, society=item.entry.society)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _item_response(request, item)
    if request.method == "POST" and not request.htmx:
        for error in form.errors.values():
            messages.error(request, "；".join(error))
    return _item_response(request, item, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = evidence_for(request.user, pk)
    item = item_for(request.user, evidence.item_id, edit=True)
    _attempt(request, lambda: services.evidence_remove(evidence=evidence, actor=request.user))
    return _item_response(request, item)


@login_required
@require_POST
def item_answer(request, pk):
    item = item_for(request.user, pk, edit=True)
    form = RectificationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_answer(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = reverse("campaigns:entry", args=[item.entry_id]) + f"#item-{item.pk}"
            if not request.htmx:
                return redirect(url)
            item.entry.refresh_from_db(fields=["state"])
            if item.entry.state == State.RECTIFIED:  # the last answer: the whole page changes
                # (without the #fragment, which would only scroll the page it is already on)
                return HttpResponseClientRedirect(reverse("campaigns:entry", args=[item.entry_id]))
            form = None
    return _item_response(request, item, answer_form=form)


@login_required
@require_POST
def entry_accept_automatic(request, pk):
    entry = entry_for(request.user, pk, edit=True)
    _attempt(
        request,
        lambda: services.self_assessment_accept_automatic(entry=entry, actor=request.user),
        lambda count: f"已将{count}项自动核验结果（达标、不适用）作为自评结论。",
    )
    return redirect("campaigns:entry", pk=entry.pk)


@login_required
@require_POST
def entry_submit(request, pk):
    entry = entry_for(request.user, pk, edit=True)
    _attempt(
        request,
        lambda: services.entry_submit(entry=entry, actor=request.user),
        "自评已提交，等待专家评审。",
    )
    return redirect("campaigns:entry", pk=entry.pk)


@login_required
@require_safe
def entry_docx(request, pk):
    entry = entry_for(request.user, pk)
    content = documents.entry_docx(entry, selectors.item_rows(entry))
    return _attachment(
        content, documents.DOCX_CONTENT_TYPE, f"{entry.society.name}_{entry.campaign.name}.docx"
    )


@login_required
@require_safe
def entry_pdf(request, pk):
    entry = entry_for(request.user, pk)
    content = documents.entry_pdf(entry, selectors.item_rows(entry))
    return _attachment(
        content, "application/pdf", f"{entry.society.name}_{entry.campaign.name}.pdf"
    )


@login_required
@require_POST
def transition_revert(request, pk):
    transition = get_object_or_404(Transition.objects.select_related("entry__campaign"), pk=pk)
    entry_for(request.user, transition.entry_id)
    require_administers(
        request.user, transition.entry.campaign.federation_id, "只有科协管理员可以进行此操作"
    )
    form = RevertForm(request.POST)
    revert = (
        (
            lambda: services.transition_revert(
                transition=transition, actor=request.user, **form.cleaned_data
            )
        )
        if form.is_valid()
        else _refusal("撤销状态变更须写明原因。")
    )
    _attempt(request, revert, lambda _: f"已撤销：{transition}。")
    return redirect("campaigns:entry", pk=transition.entry_id)


# ---- evidence within the campaign's scope ---------------------------------------------------


def _evidence_file(request, pk):
    evidence = evidence_for(request.user, pk)
    if evidence.file is None:
        raise Http404("该佐证材料不是文件")
    return evidence.file


@login_required
@require_safe
def evidence_download(request, pk) -> FileResponse:
    return _file_response(_evidence_file(request, pk), inline=False)


@login_required
@require_safe
def evidence_preview(request, pk) -> FileResponse:
    stored = _evidence_file(request, pk)
    response = _file_response(stored, inline=stored.is_inline)
    response["X-Frame-Options"] = "SAMEORIGIN"  # shown in an <iframe> of the review page
    return response


# ---- the expert's side ----------------------------------------------------------------------


@login_required
@require_safe
def expert_queue(request):
    return render(
        request, "campaigns/expert_queue.html", {"queue": selectors.expert_queue(request.user)}
    )


@login_required
@require_safe
def review(request, pk):
    entry, prefixes = entry_for_expert(request.user, pk)
    if entry.state == State.PENDING:
        # Nothing to review before the society submits; its drafts stay its own.
        context = {"entry": entry, "campaign": entry.campaign, "unsubmitted": True}
        return render(request, "campaigns/review.html", context)
    rows = selectors.item_rows(entry, expert=request.user, prefixes=prefixes)
    outcome, problems = (
        selectors.review_outcome(entry) if entry.state in UNDER_REVIEW else (None, [])
    )
    context = {
        "entry": entry,
        "campaign": entry.campaign,
        "rows": rows,
        "outcome": outcome,
        "problems": problems,
        "conclude_form": ConcludeForm(initial={"deadline": entry.campaign.rectification_deadline}),
        "under_review": UNDER_REVIEW,
        "Outcome": Outcome,
    }
    return render(request, "campaigns/review.html", context)


@login_required
@require_POST
def review_start(request, pk):
    entry, _ = entry_for_expert(request.user, pk)
    _attempt(request, lambda: services.review_start(entry=entry, actor=request.user))
    return redirect("campaigns:review", pk=entry.pk)


@login_required
@require_POST
def item_verdict(request, pk):
    item = item_for_expert(request.user, pk)
    form = VerdictForm(request.POST)
    error_text = ""
    if form.is_valid():
        try:
            services.verdict_record(item=item, expert=request.user, **form.cleaned_data)
        except ValidationError as error:
            error_text = "；".join(error.messages)
    else:
        error_text = "请选择评审意见。"
    if not request.htmx:
        if error_text:
            messages.error(request, error_text)
        return redirect(reverse("campaigns:review", args=[item.entry_id]) + f"#item-{item.pk}")
    context = {
        "row": selectors.item_row(item, expert=request.user),
        "entry": item.entry,
        "under_review": UNDER_REVIEW,
        "error": error_text,
    }
    response = render(request, "campaigns/_review_item.html", context)
    response["HX-Trigger"] = "verdict-saved"
    return response


@login_required
@require_POST
def review_conclude(request, pk):
    entry, _ = entry_for_expert(request.user, pk)
    form = ConcludeForm(request.POST)
    form.is_valid()
    action = {
        Outcome.RECTIFY: lambda: services.rectification_request(
            entry=entry, actor=request.user, deadline=form.cleaned_data.get("deadline")
        ),
        Outcome.PASS: lambda: services.entry_approve(entry=entry, actor=request.user),
        Outcome.FAIL: lambda: services.entry_fail(
            entry=entry, actor=request.user, reason=form.cleaned_data.get("reason", "")
        ),
    }.get(request.POST.get("outcome"), _refusal("请选择评审结论。"))
    if _attempt(
        request,
        action,
        lambda _: f"已完成{entry.society.name}的评审：{Outcome(request.POST['outcome']).label}。",
    ):
        return redirect("campaigns:queue")
    return redirect("campaigns:review", pk=entry.pk)
