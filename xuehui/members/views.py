"""Pages of a society's members: the congress settings, yearly counts, the two registers
(lists, forms, Excel import with preview, export)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import administers, society_for, society_object_for
from xuehui.core.pages import full_export_page, society_page_context
from xuehui.core.personal_pages import anonymise_page, unmask_page
from xuehui.core.record_pages import RecordPages, profile_page
from xuehui.files.forms import upload_within_quota
from xuehui.imports.background import background_response, import_job, in_background, run_report
from xuehui.imports.claims import answers_claimed
from xuehui.imports.pending import pending_discard, pending_get, pending_run, pending_store
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.export import XLSX_CONTENT_TYPE
from xuehui.lib.htmx import render_page

from . import selectors, services
from .choices import MemberKind
from .exporters import exporter_for, template_workbook
from .forms import (
    IndividualFilterForm,
    IndividualMemberForm,
    InstitutionalFilterForm,
    InstitutionalMemberForm,
    MemberImportForm,
    MembershipProfileForm,
    MemberYearStatForm,
)
from .importers import IMPORT_KINDS, import_kind, importer_for
from .models import IndividualMember, InstitutionalMember, MemberYearStat

TAB = "members"


@login_required
@require_GET
def member_overview(request, society_pk):
    society = society_for(request.user, society_pk)
    today = timezone.localdate()
    profile = selectors.membership_profile_get(society)
    context = society_page_context(
        request,
        society,
        TAB,
        profile=profile,
        history=selectors.member_count_history(society, until=today.year, profile=profile),
        summary=selectors.register_summary(society, today),
        today=today,
    )
    return render(request, "members/member_overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, society_pk):
    return profile_page(
        request,
        society_pk,
        get=selectors.membership_profile_get,
        save=services.membership_profile_save,
        form_class=MembershipProfileForm,
        noun="会员大会与名册设置",
        done="已保存会员大会与名册设置",
        list_url="members:overview",
        tab=TAB,
    )


def _register_list(request, society_pk, *, kind: str):
    society = society_for(request.user, society_pk)
    individual = kind == MemberKind.INDIVIDUAL
    filters = (IndividualFilterForm if individual else InstitutionalFilterForm)(request.GET)
    select = selectors.individual_member_list if individual else selectors.institutional_member_list
    page = Paginator(select(society, **filters.filters()), filters.page_size).get_page(
        request.GET.get("page")
    )
    context = society_page_context(
        request,
        society,
        TAB,
        filters=filters,
        page=page,
        kind=kind,
        today=timezone.localdate(),
        can_anonymise=administers(request.user, society.federation_id),
    )
    name = "individual" if individual else "institutional"
    return render_page(request, f"members/{name}_list.html", f"members/_{name}_table.html", context)


@login_required
@require_GET
def individual_list(request, society_pk):
    return _register_list(request, society_pk, kind=MemberKind.INDIVIDUAL)


@login_required
@require_GET
def institutional_list(request, society_pk):
    return _register_list(request, society_pk, kind=MemberKind.INSTITUTIONAL)


@login_required
@require_GET
def register_export(request, society_pk, kind):
    """The register as xlsx, ID numbers and phones masked for every role (it imports back: a
    masked number keeps the stored one); audited as an export."""
    society = society_for(request.user, society_pk)
    if kind not in MemberKind.values:
        return HttpResponse(status=404)
    return _register_file(request, society, kind, reason=None)


@login_required
@require_http_methods(["GET", "POST"])
def register_export_full(request, society_pk, kind):
    """「导出完整号码」: the register with full numbers, for who may edit, with a reason."""
    society = society_for(request.user, society_pk, edit=True)
    if kind not in MemberKind.values:
        return HttpResponse(status=404)
    list_name = "members:individuals" if kind == MemberKind.INDIVIDUAL else "members:institutions"
    return full_export_page(
        request,
        society,
        TAB,
        what=f"{MemberKind(kind).label}名册",
        back=reverse(list_name, args=[society.pk]),
        respond=lambda reason: _register_file(request, society, kind, reason=reason),
    )


def _register_file(request, society, kind: str, *, reason: str | None) -> HttpResponse:
    exporter = exporter_for(kind, society, masked=reason is None)
    data = exporter.write_xlsx()
    services.register_export_audit(actor=request.user, society=society, kind=kind, reason=reason)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=members-{kind}-{society.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return response


@login_required
@require_GET
def import_template(request, kind):
    if kind not in MemberKind.values:
        return HttpResponse(status=404)
    response = HttpResponse(template_workbook(kind), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=members-{kind}-template.xlsx"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, society_pk):
    """Step one: upload a register; the file waits (xuehui.imports.pending) for the preview."""
    society = society_for(request.user, society_pk, edit=True)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and upload_within_quota(form, user=request.user)
    ):
        kind = form.cleaned_data["kind"]
        pending = pending_store(
            request,
            kind=import_kind(kind),
            upload=form.cleaned_data["file"],
            params={"society": society.pk, "kind": kind},
        )
        return redirect("members:import_preview", pending.token)
    context = society_page_context(request, society, TAB, form=form)
    return render(request, "members/import_upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@answers_claimed
def import_preview(request, token):
    """Step two: every error first, then a sample of rows; confirming writes all or nothing.
    A large register is checked and written by a task (xuehui.imports.background)."""
    pending = pending_get(request, token)
    if pending.kind not in IMPORT_KINDS:
        raise Http404("未找到该导入")
    society = society_for(request.user, pending.params.get("society"), edit=True)
    kind = pending.params["kind"]
    write = request.method == "POST"
    start_url = reverse("members:import", args=[society.pk])

    def show_report(report, status=200):
        context = society_page_context(
            request,
            society,
            TAB,
            pending=pending,
            kind_label=MemberKind(kind).label,
            report=report,
        )
        return render(request, "members/import_preview.html", context, status=status)

    if in_background(pending):
        links = {
            "back_url": _list_url(society, kind),
            "back_label": "会员名册",
            "start_url": start_url,
        }
        job = import_job(pending, write=write, links=links, preview_url=request.path)
        return background_response(request, job, failure_url=start_url, show_report=show_report)
    importer = importer_for(kind, society=society, actor=request.user)
    try:
        run = pending_run(pending, importer, dry_run=not write)
    except SpreadsheetError as error:
        pending_discard(request, pending)
        messages.error(request, str(error))
        return redirect(start_url)
    if write and run.ok:
        pending_discard(request, pending)
        messages.success(request, f"导入完成：{run.outcome.summary()}")
        return redirect(_list_url(society, kind))
    return show_report(run_report(run), status=422 if write else 200)


MEMBER_KIND = {
    IndividualMember: MemberKind.INDIVIDUAL,
    InstitutionalMember: MemberKind.INSTITUTIONAL,
}
ANONYMISED = {
    IndividualMember: "姓名改为“匿名人员”，身份证号码、联系电话和备注清空，出生日期只保留年月；"
    "性别、工作单位、职务职称、学历、是否一线、入会日期和状态保留，"
    "会员人数、年龄段、性别比例等统计和合规检查结果不受影响。",
    InstitutionalMember: "清空联系人姓名和联系电话；单位名称、统一社会信用代码、入会日期和状态保留，"
    "会员人数等统计和合规检查结果不受影响。",
}
ANONYMISE = {
    IndividualMember: services.individual_member_anonymise,
    InstitutionalMember: services.institutional_member_anonymise,
}


def _member_unmask(request, model, pk):
    """「显示完整号码」 of a member, for those who may edit the society, after a reason."""
    member = society_object_for(request.user, model.objects.all(), pk, edit=True)
    fields = services.PERSONAL_FIELDS[model]
    return unmask_page(
        request,
        member,
        society=member.society,
        tab=TAB,
        unmask=lambda reason: services.member_unmask(
            member=member, actor=request.user, reason=reason
        ),
        labels={name: str(model._meta.get_field(name).verbose_name) for name in fields},
        back_url=_list_url(member.society, MEMBER_KIND[model]),
        back_label="会员名册",
    )


def _member_anonymise(request, model, pk):
    """An administrator anonymises a member's personal data on request, giving a reason."""
    member = society_object_for(request.user, model.objects.all(), pk, edit=True)
    back_url = _list_url(member.society, MEMBER_KIND[model])
    return anonymise_page(
        request,
        member,
        society=member.society,
        tab=TAB,
        anonymise=lambda reason: ANONYMISE[model](member=member, actor=request.user, reason=reason),
        anonymised=services.member_is_anonymised(member),
        explanation=ANONYMISED[model],
        back_url=back_url,
        done_url=back_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def individual_unmask(request, pk):
    return _member_unmask(request, IndividualMember, pk)


@login_required
@require_http_methods(["GET", "POST"])
def institutional_unmask(request, pk):
    return _member_unmask(request, InstitutionalMember, pk)


@login_required
@require_http_methods(["GET", "POST"])
def individual_anonymise(request, pk):
    return _member_anonymise(request, IndividualMember, pk)


@login_required
@require_http_methods(["GET", "POST"])
def institutional_anonymise(request, pk):
    return _member_anonymise(request, InstitutionalMember, pk)


def _list_url(society, kind) -> str:
    list_name = "individuals" if kind == MemberKind.INDIVIDUAL else "institutions"
    return reverse(f"members:{list_name}", args=[society.pk])


individual_pages = RecordPages(
    model=IndividualMember,
    form_class=IndividualMemberForm,
    noun="个人会员",
    save=services.individual_member_save,
    delete=services.individual_member_delete,
    object_arg="member",
    list_url="members:individuals",
    tab=TAB,
)
institutional_pages = RecordPages(
    model=InstitutionalMember,
    form_class=InstitutionalMemberForm,
    noun="单位会员",
    save=services.institutional_member_save,
    delete=services.institutional_member_delete,
    object_arg="member",
    list_url="members:institutions",
    tab=TAB,
)
stat_pages = RecordPages(
    model=MemberYearStat,
    form_class=MemberYearStatForm,
    noun="年度会员统计",
    save=services.member_year_stat_save,
    delete=services.member_year_stat_delete,
    object_arg="stat",
    list_url="members:overview",
    tab=TAB,
    anchor="year-counts",
)
