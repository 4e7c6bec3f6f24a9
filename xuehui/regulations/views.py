"""Pages of a society's rule documents (制度)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages
from xuehui.lib.htmx import render_page, wants_partial

from . import selectors
from .forms import RuleDocumentFilterForm, RuleDocumentForm
from .models import RuleDocument
from .services import rule_document_delete, rule_document_save

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


document_pages = RecordPages(
    model=RuleDocument,
    form_class=RuleDocumentForm,
    noun="制度",
    save=rule_document_save,
    delete=rule_document_delete,
    object_arg="document",
    list_url="regulations:list",
    tab=TAB,
    consequence=lambda document: "制度文件将一并删除。" if document.file_id else "",
    extra=lambda form: {"upload": form.cleaned_data["upload"]},
)
