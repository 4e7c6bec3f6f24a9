"""Pages of the registry: the society list, its export, a society's page, its history."""

import copy
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from xuehui.access import (
    administers,
    federation_for,
    federation_subtrees,
    federations_administered,
    may_manage_federation,
    scope_for,
    society_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.page_cache import cached
from xuehui.core.pages import import_url, society_page_context
from xuehui.files.forms import upload_within_quota
from xuehui.governance.selectors import current_term
from xuehui.imports.pending import pending_store
from xuehui.lib.constraints import constraint_errors
from xuehui.lib.export import XLSX_CONTENT_TYPE
from xuehui.lib.htmx import render_page, vary_on_htmx, wants_partial
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import submit_once

from . import selectors
from .exporters import SocietyListExporter
from .forms import FederationForm, SocietyFilterForm, SocietyForm, SocietyImportForm
from .importers import SOCIETIES, require_federation_admin
from .services import (
    federation_create,
    federation_deactivate,
    federation_reactivate,
    federation_update,
    society_register,
    society_update,
)

HISTORY_PER_PAGE = 30
LIST_ROW_FIELDS = (
    "name", "uscc", "category", "host_institution", "status", "is_synthetic", "federation__name",
)  # fmt: skip


def _filter_form(request) -> SocietyFilterForm:
    return SocietyFilterForm(
        request.GET,
        federations=selectors.filter_federations(request.user),
        hosts=functools.partial(selectors.host_institutions, request.user),
    )


@login_required
@require_GET
def society_list(request):
    """学会名录: the filters and a page of societies, kept for the user's scope and the filters
    until the next audited write (core.page_cache); an htmx swap gets the results alone."""
    partial = wants_partial(request)
    parts = (partial, tuple(sorted(request.GET.lists())))
    body = cached("societies:list", request.user, parts, lambda: _list_body(request, partial))
    if partial:
        return vary_on_htmx(HttpResponse(body))
    return vary_on_htmx(render(request, "societies/society_list.html", {"body": body}))


def _list_body(request, partial: bool) -> str:
    """The filters and the results (or the results alone), rendered."""
    form = _filter_form(request)
    filters = form.filters()
    # A row (_society_results.html) reads these columns and the current term's annotations.
    societies = selectors.society_list(request.user, filters).only(*LIST_ROW_FIELDS)
    page = Paginator(societies, form.page_size).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "sort": filters.sort,
        "can_create": federations_administered(request.user).exists(),
        "shows_synthetic": any(s.is_synthetic for s in page.object_list),
    }
    if context["can_create"]:
        context["import_url"] = reverse("societies:import")
        context["template_url"] = import_url("imports:template", "societies")
    template = "societies/_society_results.html" if partial else "societies/_society_list_body.html"
    return mark_safe(render_to_string(template, context, request))  # noqa: S308 -- rendered by the template engine


@login_required
@require_GET
def society_export(request):
    societies = selectors.society_list(request.user, _filter_form(request).filters())
    exporter = SocietyListExporter(societies, user=request.user)
    content = exporter.write_xlsx()
    audit_export(actor=request.user, what="学会名录（筛选结果）", rows=exporter.written)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"society-list-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response


@login_required
@require_GET
def society_detail(request, pk):
    society = society_for(request.user, pk)
    today = timezone.localdate()
    term = current_term(society, today)
    context = society_page_context(
        request,
        society,
        "basic",
        current_term=term,
        overdue=term is not None and term.is_overdue_on(today),
        contact_phone=selectors.contact_phone(request.user, society),
    )
    return render(request, "societies/society_detail.html", context)


@login_required
@submit_once
def society_create(request):
    federations = federations_administered(request.user)
    if not federations.exists():
        raise PermissionDenied("只有科协管理员可以新增学会")
    form = SocietyForm(request.POST or None, federations=federations.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            with constraint_errors():
                society = society_register(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新增学会：{society.name}")
            return redirect("societies:detail", pk=society.pk)
    return render(request, "societies/society_form.html", {"form": form, "society": None})


@login_required
def society_edit(request, pk):
    society = society_for(request.user, pk, edit=True)
    may_administer = administers(request.user, society.federation_id)
    federations = (
        federations_administered(request.user).filter(
            Q(is_active=True) | Q(pk=society.federation_id)
        )
        if may_administer
        else None
    )
    # The form works on a copy: the service compares the saved society with the new values.
    form = SocietyForm(request.POST or None, instance=copy.copy(society), federations=federations)
    if request.method == "POST" and form.is_valid():
        try:
            changed = society_update(society=society, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存修改" if changed else "没有需要保存的修改")
            return redirect("societies:detail", pk=society.pk)
    context = society_page_context(request, society, "basic", form=form)
    return render(request, "societies/society_form.html", context)


@login_required
@require_GET
def society_history(request, pk):
    society = society_for(request.user, pk)
    stamps = selectors.society_history_stamps(society)
    page = Paginator(stamps, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    entries = selectors.society_history_entries(society, page.object_list)
    context = society_page_context(request, society, "history", page=page, entries=entries)
    return render_page(
        request, "societies/society_history.html", "societies/_history_table.html", context
    )


@login_required
def society_import(request):
    require_federation_admin(request.user)
    form = SocietyImportForm(
        request.POST or None,
        request.FILES or None,
        federations=federations_administered(request.user).filter(is_active=True),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and upload_within_quota(form, user=request.user)
    ):
        params = {"federation": form.cleaned_data["federation"].pk}
        pending = pending_store(
            request, kind=SOCIETIES, upload=form.cleaned_data["file"], params=params
        )
        return redirect("imports:preview", pending.token)
    return render(request, "societies/society_import.html", {"form": form, "kind": SOCIETIES})


# ---- 科协管理: the federation tree ---------------------------------------------------------


def _require_staff(user) -> None:
    if not scope_for(user).is_federation_staff:
        raise PermissionDenied("只有科协管理员可以管理科协")


@login_required
@require_GET
def federation_list(request):
    """The 科协 the user administers, as a tree, with what each may change."""
    _require_staff(request.user)
    rows = selectors.federation_tree(federations_administered(request.user))
    for row in rows:
        row["manageable"] = may_manage_federation(request.user, row["federation"])
    return render(request, "societies/federation_list.html", {"rows": rows})


def _federation_form(request, federation=None) -> FederationForm:
    parents = federations_administered(request.user).filter(is_active=True)
    if federation is not None:
        parents = parents.exclude(pk__in=federation_subtrees([federation.pk]))
    initial = (
        {"name": federation.name, "level": federation.level, "parent": federation.parent_id}
        if federation
        else {}
    )
    return FederationForm(
        request.POST or None,
        parents=parents.order_by("name"),
        top_allowed=scope_for(request.user).is_system_admin,
        federation=federation,
        initial=initial,
    )


@login_required
@submit_once
def federation_create_view(request):
    _require_staff(request.user)
    form = _federation_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            with constraint_errors():
                created = federation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新建科协：{created.name}")
            return redirect("societies:federations")
    return render(request, "societies/federation_form.html", {"form": form, "federation": None})


@login_required
def federation_edit(request, pk):
    federation = federation_for(request.user, pk, edit=True)
    form = _federation_form(request, federation)
    if request.method == "POST" and form.is_valid():
        try:
            with constraint_errors():
                changed = federation_update(
                    federation=federation, actor=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存修改" if changed else "没有需要保存的修改")
            return redirect("societies:federations")
    context = {"form": form, "federation": federation}
    return render(request, "societies/federation_form.html", context)


@login_required
@require_POST
def federation_deactivate_view(request, pk):
    federation = federation_for(request.user, pk, edit=True)
    try:
        federation_deactivate(
            federation=federation, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("societies:federation_edit", federation.pk)
    messages.success(request, f"已停用科协：{federation.name}")
    return redirect("societies:federations")


@login_required
@require_POST
def federation_reactivate_view(request, pk):
    federation = federation_for(request.user, pk, edit=True)
    try:
        federation_reactivate(federation=federation, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已重新启用科协：{federation.name}")
    return redirect("societies:federations")
