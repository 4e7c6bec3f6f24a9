"""Pages of a society's rule documents (制度)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for, society_object_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import (
    delete_page,
    form_page,
    service_save,
)
from xuehui.lib.htmx import render_page, wants_partial
from xuehui.submissions.once import submit_once

from . import selectors
from .forms import RuleDocumentFilterForm, RuleDocumentForm
from .models import RuleDocument
from .services import rule_document_create, rule_document_delete, rule_document_update

TAB = "regulations"


@login_required
@require_GET
def document_list(request, society_pk):
    society = society_for(request.user, society_pk)
    filters = RuleDocumentFilterForm(request.GET)
    today = timezone.localdate()
    documents = selectors.rule_documents_of(
        society, kind=filters.value("kind"), state=filters.value("state"), on=today
    )
    context = society_page_context(
        request, society, TAB, filters=filters, documents=documents, today=today
    )
    if not wants_partial(request):
        context["coverage"] = selectors.coverage(society, today)
    return render_page(
        request, "regulations/document_list.html", "regulations/_document_table.html", context
    )


def _form_page(request, society, form, title: str):
    back_url = reverse("regulations:list", args=[society.pk])
    return form_page(request, society, TAB, form, title, back_url)


@login_required
@submit_once
def document_create(request, society_pk):
    society = society_for(request.user, society_pk, edit=True)
    form = RuleDocumentForm(request.POST or None, request.FILES or None, society=society)
    if request.method == "POST" and form.is_valid():
        save = partial(
            rule_document_create,
            society=society,
            actor=request.user,
            upload=form.cleaned_data["upload"],
            **form.service_fields(),
        )
        if service_save(request, form, save, lambda document: f"已新增制度：{document.name}"):
            return redirect("regulations:list", society_pk=society.pk)
    return _form_page(request, society, form, "新增制度")


@login_required
def document_edit(request, pk):
    document = society_object_for(request.user, RuleDocument.objects.all(), pk, edit=True)
    society = document.society
    form = RuleDocumentForm(
        request.POST or None, request.FILES or None, instance=document, society=society
    )
    if request.method == "POST" and form.is_valid():
        save = partial(
            rule_document_update,
            document=document,
            actor=request.user,
            upload=form.cleaned_data["upload"],
            **form.service_fields(),
        )
        if service_save(request, form, save, lambda _: f"已保存制度：{document.name}"):
            return redirect("regulations:list", society_pk=society.pk)
    return _form_page(request, society, form, f"修改制度：{document.name}")


@login_required
def document_delete(request, pk):
    document = society_object_for(request.user, RuleDocument.objects.all(), pk, edit=True)
    society = document.society
    list_url = reverse("regulations:list", args=[society.pk])
    return delete_page(
        request,
        document,
        society=society,
        tab=TAB,
        delete=partial(rule_document_delete, document=document, actor=request.user),
        done=lambda: f"已删除制度：{document.name}",
        success_url=list_url,
        noun="制度",
        back_url=list_url,
        consequence="制度文件将一并删除。" if document.file_id else "",
    )
