"""经费补贴 pages: programmes, their categories, the ranked list with eligibility, priority,
score, amount, decision and payments; applying and nominating; the allocation; decisions;
payments; the ledger as xlsx. Objects come through the access layer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    administers,
    federations_administered,
    societies_filled_in,
    subsidies_society_for,
    subsidy_application_for,
    subsidy_category_for,
    subsidy_programme_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.pages import society_page_context
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import run_service
from xuehui.submissions.once import submit_once

from . import selectors, services
from .choices import CategoryKind
from .exports import LedgerExporter
from .forms import (
    AllocateForm,
    ApplicationForm,
    CategoryForm,
    DecisionForm,
    PaymentForm,
    ProgrammeForm,
    category_initial,
)
from .models import SubsidyProgramme

FORM_PAGE = "subsidies/form.html"


def _form_page(request, form, *, title, back, programme=None, intro=""):
    context = {"form": form, "title": title, "back": back, "programme": programme, "intro": intro}
    return render(request, FORM_PAGE, context)


# ---- programmes -------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request):
    context = {
        "programmes": selectors.programmes_visible(request.user),
        "may_create": federations_administered(request.user).exists(),
    }
    return render(request, "subsidies/programme_list.html", context)


def _programme_form(request, programme=None):
    federations = federations_administered(request.user).filter(is_active=True).order_by("code")
    initial = {"year": timezone.localdate().year}
    if programme is not None:
        fields = ProgrammeForm.base_fields
        initial = {name: getattr(programme, name) for name in fields}
    return ProgrammeForm(
        request.POST or None,
        federations=federations,
        editing=programme is not None,
        initial=initial,
    )


def _programme_save(request, form, programme=None):
    data = dict(form.cleaned_data)
    if (
        programme is None
        and SubsidyProgramme.objects.filter(federation=data["federation"], key=data["key"]).exists()
    ):
        raise ValidationError({"key": f"项目代码“{data['key']}”已被使用"})
    return services.subsidy_programme_save(actor=request.user, **data)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def programme_new(request):
    if not federations_administered(request.user).exists():
        raise PermissionDenied("只有科协管理员可以新建补贴项目")
    form = _programme_form(request)
    holder = {}
    if request.method == "POST" and run_service(
        form, lambda: holder.update(programme=_programme_save(request, form))
    ):
        messages.success(request, f"已新建补贴项目：{holder['programme']}，请添加补贴类别")
        return redirect("subsidies:programme", holder["programme"].pk)
    return _form_page(request, form, title="新建补贴项目", back=reverse("subsidies:list"))


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = subsidy_programme_for(request.user, pk, manage=True)
    form = _programme_form(request, programme)
    if request.method == "POST" and run_service(
        form, lambda: _programme_save(request, form, programme)
    ):
        messages.success(request, "已保存")
        return redirect("subsidies:programme", programme.pk)
    back = reverse("subsidies:programme", args=[programme.pk])
    return _form_page(request, form, title="修改补贴项目", back=back, programme=programme)


@login_required
@require_GET
def programme_detail(request, pk):
    programme = subsidy_programme_for(request.user, pk)
    today = timezone.localdate()
    context = {
        "programme": programme,
        "tables": selectors.programme_tables(request.user, programme),
        "manages": administers(request.user, programme.federation_id),
        "sees_all": selectors.sees_everything(request.user, programme),
        "may_apply": programme.is_open_on(today)
        and societies_filled_in(request.user).filter(federation=programme.federation).exists(),
        "judged_on": programme.judged_on(today),
        "allocate_form": AllocateForm(),
    }
    return render(request, "subsidies/programme_detail.html", context)


@login_required
@require_GET
def ledger(request, pk):
    programme = subsidy_programme_for(request.user, pk)
    rows = selectors.ledger_rows(request.user, programme)
    exporter = LedgerExporter(rows, programme=programme)
    data, what = exporter.write_xlsx(), f"{programme.year}年度{programme.name}台账"
    audit_export(actor=request.user, what=what, rows=exporter.written)
    return download_response(data, f"{what}.xlsx")


# ---- categories -------------------------------------------------------------------------------


def _category_save(request, form, programme):
    return services.subsidy_category_save(
        programme=programme, actor=request.user, **form.cleaned_data
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def category_new(request, pk):
    programme = subsidy_programme_for(request.user, pk, manage=True)
    form = CategoryForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and programme.categories.filter(key=form.cleaned_data["key"]).exists()
    ):
        form.add_error("key", "本项目已有该类别代码")
    if request.method == "POST" and run_service(
        form, lambda: _category_save(request, form, programme)
    ):
        messages.success(request, f"已添加补贴类别：{form.cleaned_data['name']}")
        return redirect("subsidies:programme", programme.pk)
    back = reverse("subsidies:programme", args=[programme.pk])
    return _form_page(request, form, title="添加补贴类别", back=back, programme=programme)


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request, pk):
    category = subsidy_category_for(request.user, pk)
    programme = category.programme
    form = CategoryForm(request.POST or None, initial=category_initial(category), editing=True)
    if request.method == "POST" and run_service(
        form, lambda: _category_save(request, form, programme)
    ):
        messages.success(request, "已保存；规则改变后请重新测算")
        return redirect("subsidies:programme", programme.pk)
    back = reverse("subsidies:programme", args=[programme.pk])
    return _form_page(
        request, form, title=f"修改补贴类别：{category.name}", back=back, programme=programme
    )


# ---- applications -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def application_new(request, pk):
    """A secretary applies for its society; an administrator nominates any society of the 科协."""
    programme = subsidy_programme_for(request.user, pk)
    manages = administers(request.user, programme.federation_id)
    societies = (
        selectors.societies_to_nominate(programme)
        if manages
        else societies_filled_in(request.user).filter(federation=programme.federation)
    )
    if not manages and not societies.exists():
        raise PermissionDenied("只有本科协的学会或科协管理员可以申报")
    categories = programme.categories.order_by("position", "key")
    form = ApplicationForm(request.POST or None, categories=categories, societies=societies)
    if request.method == "POST" and run_service(form, lambda: _apply(request, form, manages)):
        messages.success(request, "已提名" if manages else "已提交申请")
        return redirect("subsidies:programme", programme.pk)
    back = reverse("subsidies:programme", args=[programme.pk])
    title = "提名学会" if manages else "申报补贴"
    return _form_page(request, form, title=title, back=back, programme=programme)


def _apply(request, form, manages: bool):
    service = (
        services.subsidy_application_nominate if manages else services.subsidy_application_submit
    )
    return service(actor=request.user, **form.cleaned_data)


@login_required
@require_POST
def allocation_refresh(request, pk):
    programme = subsidy_programme_for(request.user, pk, manage=True)
    form = AllocateForm(request.POST)
    form.is_valid()
    results = services.subsidy_allocate(
        programme=programme, nominate_all=form.cleaned_data.get("nominate_all", False),
        actor=request.user,
    )  # fmt: skip
    total = sum(r.outcome.allocated for r in results)
    messages.success(request, f"已测算：共安排{total:g}元，预算{programme.budget:g}元")
    return redirect("subsidies:programme", programme.pk)


@login_required
@require_GET
def application_detail(request, pk):
    application = subsidy_application_for(request.user, pk)
    programme = application.category.programme
    context = {
        "application": application,
        "programme": programme,
        "payments": application.payments.order_by("paid_on", "id"),
        "paid": sum(p.amount for p in application.payments.all()),
        "manages": administers(request.user, programme.federation_id),
        "is_project": application.category.kind == CategoryKind.PROJECT,
    }
    return render(request, "subsidies/application_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    application = subsidy_application_for(request.user, pk, manage=True)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.subsidy_application_decide(
            application=application,
            approve=form.cleaned_data["decision"] == "approve",
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),  # fmt: skip
    ):
        messages.success(request, "已记录决定")
        return redirect("subsidies:application", application.pk)
    back = reverse("subsidies:application", args=[application.pk])
    intro = f"测算结果：{application.allocation_note or '尚未测算'}"
    return _form_page(
        request, form, title=f"决定：{application}", back=back,
        programme=application.category.programme, intro=intro,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def payment_add(request, pk):
    application = subsidy_application_for(request.user, pk, manage=True)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.subsidy_payment_record(
            application=application, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已登记拨付")
        return redirect("subsidies:application", application.pk)
    back = reverse("subsidies:application", args=[application.pk])
    return _form_page(
        request, form, title=f"登记拨付：{application}", back=back,
        programme=application.category.programme,
    )  # fmt: skip


@login_required
@require_GET
def society_subsidies(request, society_pk):
    """A society's tab: its applications by year — allocated, decided, paid."""
    society = subsidies_society_for(request.user, society_pk)
    rows = selectors.society_applications(society)
    context = society_page_context(request, society, "subsidies", rows=rows)
    return render(request, "subsidies/society.html", context)
