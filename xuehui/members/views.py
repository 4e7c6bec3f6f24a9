"""Pages of a society's members: the congress settings, yearly counts, the two registers
(lists, forms, Excel import with preview, export)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.accounts.access import society_for, society_object_for
from xuehui.files.models import StoredFile
from xuehui.files.services import file_delete, file_store
from xuehui.imports.claims import (
    ImportClaimed,
    answers_claimed,
    claim_message,
    claimed_for_token,
    import_claim,
)
from xuehui.imports.pending import Pending
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.export import XLSX_CONTENT_TYPE
from xuehui.lib.identifiers import mask_id_number, mask_phone
from xuehui.lib.importing import ImportRefused
from xuehui.societies.record_pages import RecordPages, profile_page
from xuehui.societies.views import society_page_context

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
from .importers import importer_for
from .models import IndividualMember, InstitutionalMember, MemberYearStat

TAB = "members"
IMPORT_PURPOSE = "会员名册导入"
PREVIEW_ERRORS = 200
PREVIEW_SAMPLE = 20


@login_required
@require_GET
def member_overview(request, society_pk):
    society = society_for(request.user, society_pk)
    today = timezone.localdate()
    profile = services.membership_profile_get(society)
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
        get=services.membership_profile_get,
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
        request, society, TAB, filters=filters, page=page, kind=kind, today=timezone.localdate()
    )
    name = "individual" if individual else "institutional"
    template = f"members/_{name}_table.html" if request.htmx else f"members/{name}_list.html"
    return render(request, template, context)


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
    """The register as xlsx; ID numbers and phones are masked unless the user may edit."""
    society = society_for(request.user, society_pk)
    if kind not in MemberKind.values:
        return HttpResponse(status=404)
    context = society_page_context(request, society, TAB)
    exporter = exporter_for(kind, society, masked=not context["can_edit"])
    response = HttpResponse(exporter.write_xlsx(), content_type=XLSX_CONTENT_TYPE)
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
    """Step one: upload a register; the file is kept and the preview reads it."""
    society = society_for(request.user, society_pk, edit=True)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stored = file_store(
            upload=form.cleaned_data["file"],
            society=society,
            actor=request.user,
            purpose=IMPORT_PURPOSE,
            allowed=form.fields["file"].allowed,
        )
        url = reverse("members:import_preview", args=[stored.pk])
        return redirect(f"{url}?kind={form.cleaned_data['kind']}")
    context = society_page_context(request, society, TAB, form=form)
    return render(request, "members/import_upload.html", context)


def _claim_token(pk) -> str:
    return f"members-file-{pk}"


def _import_file(request, pk) -> StoredFile:
    """The uploaded register; once imported (the file is deleted) its link says when."""
    files = StoredFile.objects.filter(purpose=IMPORT_PURPOSE)
    try:
        return society_object_for(request.user, files, pk, edit=True)
    except Http404:
        claim = claimed_for_token(token=_claim_token(pk), user=request.user)
        if claim is not None:
            raise ImportClaimed(claim_message(claim)) from None
        raise


@login_required
@require_http_methods(["GET", "POST"])
@answers_claimed
def import_preview(request, pk):
    """Step two: every error first, then a sample of rows; confirming writes all or nothing."""
    stored = _import_file(request, pk)
    society = stored.society
    kind = request.POST.get("kind") or request.GET.get("kind") or MemberKind.INDIVIDUAL
    if kind not in MemberKind.values:
        kind = MemberKind.INDIVIDUAL
    importer = importer_for(kind, society=society, actor=request.user)
    try:
        with stored.file.open("rb") as handle:
            data = handle.read()
        result = importer.parse_file(io.BytesIO(data), filename=stored.original_name)
    except (SpreadsheetError, OSError) as error:
        messages.error(
            request,
            str(error) if isinstance(error, SpreadsheetError) else "上传的文件已失效，请重新上传",
        )
        return redirect("members:import", society_pk=society.pk)
    if request.method == "POST" and result.ok:
        pending = Pending(
            token=_claim_token(stored.pk),
            kind=f"members-{kind}",
            key=stored.file.name,
            filename=stored.original_name,
            params={"society": society.pk},
            created=stored.uploaded_at.isoformat(),
        )
        # One of two simultaneous confirms writes; the other is told (see imports.claims).
        with import_claim(pending=pending, user=request.user, data=data) as hold:
            try:
                outcome = importer.commit(result)
            except ImportRefused as refused:
                result.file_errors.extend(refused.errors)
            else:
                hold.succeeded = True
        if hold.succeeded:
            file_delete(stored_file=stored, actor=request.user)
            messages.success(request, f"导入完成：{outcome.summary()}")
            list_name = "individuals" if kind == MemberKind.INDIVIDUAL else "institutions"
            return redirect(f"members:{list_name}", society_pk=society.pk)
    errors = result.errors
    context = society_page_context(
        request,
        society,
        TAB,
        stored=stored,
        kind=kind,
        kind_label=MemberKind(kind).label,
        result=result,
        errors=errors[:PREVIEW_ERRORS],
        error_count=len(errors),
        sample=_sample(result),
        created=sum(1 for r in result.rows if r.note == "新增"),
        updated=sum(1 for r in result.rows if r.note == "更新"),
    )
    return render(request, "members/import_preview.html", context)


def _sample(result) -> list[tuple]:
    """The first rows as the preview shows them: cells in file order, ID numbers masked."""
    keys = [column.key for column in result.found]
    masked = {"id_number": mask_id_number, "phone": mask_phone, "contact_phone": mask_phone}
    return [
        (row, [masked.get(k, str)(row.cells.get(k, "")) for k in keys])
        for row in result.rows[:PREVIEW_SAMPLE]
    ]


individual_pages = RecordPages(
    model=IndividualMember,
    form_class=IndividualMemberForm,
    noun="个人会员",
    create=services.individual_member_create,
    update=services.individual_member_update,
    delete=services.individual_member_delete,
    object_arg="member",
    list_url="members:individuals",
    tab=TAB,
)
institutional_pages = RecordPages(
    model=InstitutionalMember,
    form_class=InstitutionalMemberForm,
    noun="单位会员",
    create=services.institutional_member_create,
    update=services.institutional_member_update,
    delete=services.institutional_member_delete,
    object_arg="member",
    list_url="members:institutions",
    tab=TAB,
)
stat_pages = RecordPages(
    model=MemberYearStat,
    form_class=MemberYearStatForm,
    noun="年度会员统计",
    create=services.member_year_stat_create,
    update=services.member_year_stat_update,
    delete=services.member_year_stat_delete,
    object_arg="stat",
    list_url="members:overview",
    tab=TAB,
    anchor="year-counts",
)
