"""The branches tab: branches, their filing (备案) and their heads' yearly reports (述职)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import (
    RecordPages,
    delete_page,
    form_page,
    record_title,
    service_save,
)
from xuehui.lib.htmx import render_page
from xuehui.submissions.once import submit_once

from . import selectors, services
from .forms import BranchFilterForm, BranchForm, BranchReportForm
from .models import Branch, BranchReport

TAB = "branches"
PER_PAGE = 25


@login_required
@require_GET
def branch_page(request, society_pk):
    society = society_for(request.user, society_pk)
    filters = BranchFilterForm(request.GET)
    branches = selectors.branch_list(
        society, kind=filters.value("kind"), status=filters.value("status")
    )
    today = timezone.localdate()
    context = society_page_context(
        request,
        society,
        TAB,
        filters=filters,
        page=Paginator(branches, PER_PAGE).get_page(request.GET.get("page")),
        report_year=today.year - 1,
        summary=selectors.branch_summary_for([society.pk], today.year - 1).get(society.pk, {}),
    )
    return render_page(request, "branches/branches.html", "branches/_branch_table.html", context)


def _report_page(request, branch, form, report=None):
    title = record_title(f"{branch.name}负责人述职", report)
    back_url = reverse("branches:society", args=[branch.society_id])
    return form_page(request, branch.society, TAB, form, title, back_url)


def _report_for(request, pk) -> BranchReport:
    """A report, scoped by its branch's society (404 if unseen, 403 if read-only)."""
    try:
        report = BranchReport.objects.select_related("branch__society").get(pk=pk)
    except BranchReport.DoesNotExist:
        raise Http404("未找到该记录") from None
    society_for(request.user, report.branch.society_id, edit=True)
    return report


def _save_report(request, form, branch):
    write = lambda: services.branch_report_save(report=form.instance, actor=request.user)  # noqa: E731
    if service_save(request, form, write, lambda _: f"已保存{branch.name}的负责人述职"):
        return redirect("branches:society", society_pk=branch.society_id)
    return None


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def report_create(request, branch_pk):
    branch = society_object_for(request.user, Branch.objects.all(), branch_pk, edit=True)
    form = BranchReportForm(request.POST or None, branch=branch)
    if (
        request.method == "POST"
        and form.is_valid()
        and (saved := _save_report(request, form, branch))
    ):
        return saved
    return _report_page(request, branch, form)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = _report_for(request, pk)
    form = BranchReportForm(request.POST or None, instance=report, branch=report.branch)
    if (
        request.method == "POST"
        and form.is_valid()
        and (saved := _save_report(request, form, report.branch))
    ):
        return saved
    return _report_page(request, report.branch, form, report)


@login_required
@require_http_methods(["GET", "POST"])
def report_delete(request, pk):
    report = _report_for(request, pk)
    society = report.branch.society
    back_url = reverse("branches:society", args=[society.pk])
    return delete_page(
        request,
        report,
        society=society,
        tab=TAB,
        delete=lambda: services.branch_report_delete(report=report, actor=request.user),
        done=lambda: f"已删除{report}",
        success_url=back_url,
        noun="负责人述职",
        back_url=back_url,
    )


branch_pages = RecordPages(
    model=Branch,
    form_class=BranchForm,
    noun="分支机构",
    save=services.branch_save,
    delete=services.branch_delete,
    object_arg="branch",
    list_url="branches:society",
    tab=TAB,
    consequence="该分支机构的负责人述职记录将一并删除；已撤销的分支机构请将状态改为“已撤销”而不是删除。",
)
