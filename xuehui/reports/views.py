"""学会年报 pages: the 科协's list for a year with statuses, the 未按时报送 list, a society's tab
(its years), the report itself (figures with the records they come from, the narrative, the
cover, submission and the 科协's review), the Word and PDF documents and the 科协's deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    federations_administered,
    may_review_report,
    may_write_report,
    report_federation_for,
    report_societies_visible,
    report_society_for,
    scope_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.pages import society_page_context
from xuehui.jobs.exports import export_start
from xuehui.lib.record_forms import errors_to_messages, run_service
from xuehui.submissions.once import submit_once

from . import documents, exports, selectors, services
from .choices import Lateness, ReportStatus
from .forms import CoverForm, NarrativeForm, ReturnForm, SettingForm
from .models import AnnualReport

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value, default: int) -> int:
    try:
        year = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("年度无效")
    return year


def _list_context(request) -> dict:
    scope = scope_for(request.user)
    if not (scope.sees_federations or scope.edits_societies):
        raise PermissionDenied("没有可查看的学会年报")
    today = timezone.localdate()
    year = _year(request.GET.get("year"), selectors.current_report_year(today))
    rows = selectors.report_rows(report_societies_visible(request.user), year, today)
    years = range(
        selectors.current_report_year(today), selectors.current_report_year(today) - 6, -1
    )
    return {"year": year, "years": years, "rows": rows, "today": today}


@login_required
@require_GET
def report_list(request):
    context = _list_context(request)
    rows, status = context["rows"], request.GET.get("status", "")
    counts = {s.value: 0 for s in ReportStatus} | {"": 0}
    for row in rows:
        counts[row.status] += 1
    if status in counts and "status" in request.GET:
        context["rows"] = [r for r in rows if r.status == status]
    context |= {
        "status": status if "status" in request.GET else None,
        "statuses": [("", "未填报", counts[""])]
        + [(s.value, s.label, counts[s.value]) for s in ReportStatus],
        "late_count": sum(r.lateness is not None for r in rows),
        "settings_federations": federations_administered(request.user).order_by("name"),
    }
    return render(request, "reports/list.html", context)


@login_required
@require_POST
def federation_export(request, pk):
    """The accepted reports of the 科协's societies for a year, in one zip built by a job."""
    federation = exports.bundle_federation_for(request.user, pk)
    year = _year(request.POST.get("year"), selectors.current_report_year(timezone.localdate()))
    fmt = request.POST.get("fmt", "")
    if fmt not in exports.FORMAT_LABELS:
        messages.error(request, "请选择导出为 Word 或 PDF")
        return redirect(reverse("reports:list") + f"?year={year}")
    job = export_start(
        user=request.user,
        name=exports.BUNDLE,
        title=f"导出：{exports.bundle_filename(federation, year, fmt).removesuffix('.zip')}",
        params={"federation": federation.pk, "year": year, "fmt": fmt},
    )
    return redirect("jobs:detail", job.pk)


@login_required
@require_GET
def outstanding(request):
    """The 工作台's cards (loaded by htmx after the page, so the home page costs nothing more):
    this year's reports missing and late in the societies the user sees as 科协 staff."""
    if not scope_for(request.user).sees_federations:
        return HttpResponse("")
    today = timezone.localdate()
    counts = selectors.outstanding(report_societies_visible(request.user), today)
    return render(request, "reports/_outstanding.html", {"counts": counts})


@login_required
@require_GET
def report_late(request):
    """未按时报送: reports missing after their due date, late, or not corrected in time."""
    context = _list_context(request)
    context["groups"] = [
        (kind, [r for r in context["rows"] if r.lateness == kind]) for kind in Lateness
    ]
    return render(request, "reports/late.html", context)


@login_required
@require_GET
def society_reports(request, society_pk):
    society = report_society_for(request.user, society_pk)
    today = timezone.localdate()
    years = selectors.report_years(society, today)
    reports = {r.year: r for r in AnnualReport.objects.filter(society=society)}
    setting = selectors.setting_for(society.federation)
    lines = []
    for year in years:
        due_on = setting.due_for(year)
        report = reports.get(year)
        lines.append((year, report, due_on, selectors.lateness(report, due_on, today)))
    context = society_page_context(request, society, "reports", lines=lines)
    return render(request, "reports/society.html", context)


@login_required
@require_GET
def report_detail(request, society_pk, year):
    society = report_society_for(request.user, society_pk)
    year = _checked_year(year)
    today = timezone.localdate()
    report = selectors.report_of(society, year)
    setting = selectors.setting_for(society.federation)
    due_on = setting.due_for(year)
    writes = may_write_report(request.user, society) and (report is None or report.editable)
    reviews = may_review_report(request.user, society)
    context = society_page_context(
        request, society, "reports",
        year=year, report=report, figures=selectors.report_figures(report, society, year),
        reviews=selectors.reviews_of(report), due_on=due_on,
        lateness=selectors.lateness(report, due_on, today),
        writes=writes, narrative_form=NarrativeForm(instance=report) if writes else None,
        cover_form=CoverForm() if writes else None,
        review=reviews and report is not None and report.status == ReportStatus.SUBMITTED,
        return_form=ReturnForm(initial={"working_days": setting.correction_days}),
        year_open=year >= today.year,
    )  # fmt: skip
    return render(request, "reports/report.html", context)


def _back(society, year):
    return redirect("reports:report", society.pk, year)


@login_required
@require_POST
@submit_once
def report_edit(request, society_pk, year):
    society = report_society_for(request.user, society_pk, edit=True)
    year = _checked_year(year)
    form = NarrativeForm(request.POST)
    if run_service(form, lambda: services.report_save(society=society, year=year, actor=request.user, **form.cleaned_data)):  # fmt: skip
        messages.success(request, "已保存")
    else:
        errors_to_messages(request, form)
    return _back(society, year)


@login_required
@require_POST
@submit_once
def report_cover_add(request, society_pk, year):
    society = report_society_for(request.user, society_pk, edit=True)
    year = _checked_year(year)
    form = CoverForm(request.POST, request.FILES)
    if run_service(form, lambda: services.report_cover_attach(society=society, year=year, upload=form.cleaned_data["file"], actor=request.user)):  # fmt: skip
        messages.success(request, "已上传签章封面")
    else:
        errors_to_messages(request, form)
    return _back(society, year)


def _act(request, call, done: str) -> None:
    try:
        call()
    except services.ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


@login_required
@require_POST
@submit_once
def report_submit(request, society_pk, year):
    society = report_society_for(request.user, society_pk, edit=True)
    year = _checked_year(year)
    _act(
        request,
        lambda: services.report_submit(society=society, year=year, actor=request.user),
        "已报送，等待科协审核",
    )
    return _back(society, year)


def _reviewed(request, society_pk, year) -> AnnualReport | None:
    society = report_society_for(request.user, society_pk, review=True)
    report = selectors.report_of(society, _checked_year(year))
    if report is None:
        messages.error(request, "该学会尚未填报这一年度的年报")
    return report


@login_required
@require_POST
def report_accept(request, society_pk, year):
    report = _reviewed(request, society_pk, year)
    if report is not None:
        _act(
            request,
            lambda: services.report_accept(report=report, actor=request.user),
            "已审核通过，年报数据已锁定",
        )
    return redirect("reports:report", society_pk, year)


@login_required
@require_POST
def report_return(request, society_pk, year):
    report = _reviewed(request, society_pk, year)
    form = ReturnForm(request.POST)
    done: list = []
    if report is not None:
        if run_service(form, lambda: done.append(services.report_return(report=report, actor=request.user, **form.cleaned_data))):  # fmt: skip
            messages.success(request, f"已退回修改，改正期限至{done[0].due_on:%Y-%m-%d}")
        else:
            errors_to_messages(request, form)
    return redirect("reports:report", society_pk, year)


@login_required
@require_GET
def report_document(request, society_pk, year, fmt):
    society = report_society_for(request.user, society_pk)
    year = _checked_year(year)
    if fmt not in documents.FORMATS:
        raise Http404("不支持的格式")
    content, content_type, filename = documents.render(society, year, fmt)
    audit_export(actor=request.user, what=filename, rows=None, society=society, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = documents.attachment(filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def setting_edit(request, pk):
    federation = report_federation_for(request.user, pk, manage=True)
    setting = selectors.setting_for(federation)
    if setting.federation_id != federation.pk:  # inherited from above: a copy of its own
        setting.pk, setting.federation = None, federation
    form = SettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and run_service(
        form, lambda: services.report_setting_save(federation=federation, actor=request.user, **form.cleaned_data)
    ):  # fmt: skip
        messages.success(request, "已保存年报报送要求")
        return redirect("reports:list")
    return render(request, "reports/setting.html", {"form": form, "federation": federation})
