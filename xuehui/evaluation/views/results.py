"""One society's result (breakdown, override, objections, notice and certificate), the star register and a society's 学会考评 tab."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from xuehui.access import (
    administers,
    result_for,
    schemes_visible,
    societies_filled_in,
    society_for,
)
from xuehui.audit.services import audit_export
from xuehui.core.pages import society_page_context
from xuehui.files.services import file_store
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import errors_to_messages, run_service
from xuehui.submissions.once import submit_once

from .. import documents, selectors, services
from ..choices import TIER_BADGES, TIER_LABELS, Stage
from ..forms import (
    AdjustForm,
    AnswerForm,
    ObjectionForm,
    OverrideForm,
)
from ..models import ResultObjection, StarRating
from .common import OBJECTION_PURPOSE

# ---- one society's result -----------------------------------------------------------------------


def _raising_society(user, result):
    """The society on whose behalf the user objects: the result's own, or where the scheme
    lets peers object, one the user fills in under the same 科协."""
    own = societies_filled_in(user).filter(federation_id=result.evaluation.scheme.federation_id)
    if own.filter(pk=result.society_id).exists():
        return result.society
    scheme = selectors.scheme_of(result.evaluation.scheme)
    return own.first() if scheme.peer_objections else None


def _objections(result, scheme) -> list:
    names = {n.code: f"{n.code} {n.name}" for n in scheme.walk()}
    found = list(
        result.objections.select_related(
            "raised_by_society", "raised_by", "answered_by", "attachment"
        )
    )
    for objection in found:
        objection.indicator_label = names.get(objection.indicator, objection.indicator)
    return found


def _result_context(request, result, **forms_) -> dict:
    evaluation = result.evaluation
    scheme = selectors.scheme_of(evaluation.scheme)
    manages = administers(request.user, evaluation.scheme.federation_id)
    raising = _raising_society(request.user, result)
    context = {
        "result": result,
        "evaluation": evaluation,
        "row": evaluation.scheme,
        "groups": selectors.breakdown_groups(result, scheme),
        "manages": manages,
        "badges": TIER_BADGES,
        "tier_labels": TIER_LABELS,
        "objections": _objections(result, scheme),
        "confirmed": evaluation.stage == Stage.CONFIRMED,
        "today": timezone.localdate(),
    }
    if manages and evaluation.stage != Stage.CONFIRMED:
        context["override_form"] = forms_.get("override_form") or OverrideForm(
            initial={"tier": result.tier}
        )
    if manages and evaluation.stage != Stage.CONFIRMED:
        context["adjust_form"] = forms_.get("adjust_form") or AdjustForm(
            scheme=scheme, result=result
        )
        context["adjustments"] = list(
            evaluation.adjustments.filter(society_id=result.society_id).select_related(
                "adjusted_by"
            )
        )
    if manages:
        context["answer_form"] = AnswerForm()
    if raising is not None and evaluation.stage == Stage.PUBLICITY:
        context["raising"] = raising
        context["objection_form"] = forms_.get("objection_form") or ObjectionForm(scheme=scheme)
    return context


@login_required
@require_GET
def result_detail(request, pk):
    result = result_for(request.user, pk)
    return render(request, "evaluation/result.html", _result_context(request, result))


@login_required
@require_POST
def result_override(request, pk):
    result = result_for(request.user, pk)
    if not administers(request.user, result.evaluation.scheme.federation_id):
        raise PermissionDenied("只有本科协管理员可以调整分类")
    form = OverrideForm(request.POST)
    if run_service(
        form,
        lambda: services.result_override(result=result, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, "已调整分类")
        return redirect("evaluation:result", result.pk)
    context = _result_context(request, result, override_form=form)
    return render(request, "evaluation/result.html", context)


@login_required
@require_POST
def score_adjust(request, pk):
    result = result_for(request.user, pk)
    if not administers(request.user, result.evaluation.scheme.federation_id):
        raise PermissionDenied("只有本科协管理员可以复核调整")
    scheme = selectors.scheme_of(result.evaluation.scheme)
    form = AdjustForm(request.POST, scheme=scheme, result=result)
    if run_service(
        form,
        lambda: services.score_adjust(result=result, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, "已复核调整，并重新计算了本年度考评结果")
        return redirect("evaluation:result", result.pk)
    context = _result_context(request, result, adjust_form=form)
    return render(request, "evaluation/result.html", context)


@login_required
@require_POST
@submit_once
def objection_new(request, pk):
    result = result_for(request.user, pk)
    society = _raising_society(request.user, result)
    if society is None:
        raise PermissionDenied("只有学会可以对考评结果提出异议")
    scheme = selectors.scheme_of(result.evaluation.scheme)
    form = ObjectionForm(request.POST, request.FILES, scheme=scheme)

    def raise_():
        data, stored = form.cleaned_data, None
        try:
            with transaction.atomic():
                if data["attachment"] is not None:
                    stored = file_store(
                        upload=data["attachment"], society=society, actor=request.user,
                        purpose=OBJECTION_PURPOSE,
                    )  # fmt: skip
                services.objection_raise(
                    result=result, society=society, reasons=data["reasons"],
                    indicator=data["indicator"], attachment=stored, actor=request.user,
                )  # fmt: skip
        except ValidationError:
            if stored is not None:
                stored.file.storage.delete(stored.file.name)
            raise

    if run_service(form, raise_):
        messages.success(request, "已提出异议，科协将在答复期限内答复")
        return redirect("evaluation:result", result.pk)
    context = _result_context(request, result, objection_form=form)
    context.setdefault("objection_form", form)
    context.setdefault("raising", society)
    return render(request, "evaluation/result.html", context)


@login_required
@require_POST
def objection_answer(request, pk):
    try:
        objection = ResultObjection.objects.select_related("result").get(pk=pk)
    except ResultObjection.DoesNotExist:
        raise Http404("未找到该异议") from None
    result = result_for(request.user, objection.result_id)
    if not administers(request.user, result.evaluation.scheme.federation_id):
        raise PermissionDenied("只有本科协管理员可以答复异议")
    form = AnswerForm(request.POST)
    if run_service(
        form,
        lambda: services.objection_answer(
            objection=objection, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已答复异议")
    else:
        errors_to_messages(request, form)
    return redirect("evaluation:result", result.pk)


def _confirmed_result(request, pk):
    result = result_for(request.user, pk)
    if result.evaluation.stage != Stage.CONFIRMED:
        raise Http404("考评结果确认发布后才能下载")
    return result


@login_required
@require_GET
def certificate(request, pk):
    result = _confirmed_result(request, pk)
    if not StarRating.objects.filter(society=result.society, evaluation=result.evaluation).exists():
        raise Http404("该学会本年度未获评星级学会")
    name = f"{result.society.name}{result.evaluation.scheme.year}年度星级学会证书.pdf"
    return _pdf(request, result, documents.certificate_pdf(result), name)


@login_required
@require_GET
def notice(request, pk):
    result = _confirmed_result(request, pk)
    name = f"{result.society.name}{result.evaluation.scheme.year}年度分类结果通知书.pdf"
    return _pdf(request, result, documents.notice_pdf(result), name)


def _pdf(request, result, data: bytes, name: str):
    what = name.removesuffix(".pdf")
    audit_export(actor=request.user, what=what, rows=None, society=result.society, fmt="pdf")
    return download_response(data, name, "application/pdf")


# ---- stars and a society's history --------------------------------------------------------------


@login_required
@require_GET
def stars(request):
    today = timezone.localdate()
    ratings = list(
        StarRating.objects.filter(evaluation__scheme__in=schemes_visible(request.user))
        .select_related("society", "evaluation__scheme")
        .order_by("society__name_pinyin", "society_id", "-valid_from")
    )
    by_society = defaultdict(list)
    for rating in ratings:
        by_society[rating.society].append(rating)
    current = [
        (society, next((r for r in rows if r.is_valid_on(today)), None), rows)
        for society, rows in by_society.items()
    ]
    current.sort(key=lambda t: -(t[1].stars if t[1] else 0))
    return render(request, "evaluation/stars.html", {"societies": current, "today": today})


@login_required
@require_GET
def society_history(request, society_pk):
    society = society_for(request.user, society_pk)
    results, ratings = selectors.history_of(society)
    chart = {
        "years": [r.evaluation.scheme.year for r in reversed(results)],
        "scores": [float(r.score) for r in reversed(results)],
        "ranks": [r.rank for r in reversed(results)],
    }
    context = society_page_context(
        request, society, "evaluation", results=results, ratings=ratings, chart=chart,
        badges=TIER_BADGES,
    )  # fmt: skip
    return render(request, "evaluation/society_history.html", context)
