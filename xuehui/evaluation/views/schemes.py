"""The 科协's indicator systems by year: new from the library, YAML or a workbook; edit, export, copy."""

from decimal import Decimal

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    administers,
    evaluations_visible,
    federations_administered,
    scheme_for,
    schemes_visible,
    societies_filled_in,
)
from xuehui.audit.services import audit_export
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import errors_to_messages, run_service
from xuehui.submissions.once import submit_once

from .. import selectors, services, texts, workbook
from ..choices import TIER_BADGES
from ..forms import (
    CopyForm,
    OpenForm,
    SchemeEditForm,
    SchemeNewForm,
    WeightsForm,
    XlsxUploadForm,
)
from ..models import EvaluationResult, EvaluationScheme
from ..scheme import SchemeError
from .common import LIBRARY, PUBLISHED

# ---- the index and schemes ----------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    user = request.user
    schemes = (
        schemes_visible(user)
        .select_related("federation", "evaluation")
        .order_by("federation__code", "-year", "key")
    )
    own = EvaluationResult.objects.filter(
        society__in=societies_filled_in(user),
        evaluation__in=evaluations_visible(user),
        evaluation__stage__in=PUBLISHED,
    ).select_related("society", "evaluation__scheme")
    context = {
        "schemes": schemes,
        "may_create": federations_administered(user).exists(),
        "own_results": own.order_by("-evaluation__scheme__year", "society__uscc"),
        "society_evaluations": evaluations_visible(user)
        .filter(scheme__federation_id__in=societies_filled_in(user).values("federation_id"))
        .select_related("scheme")
        .order_by("-scheme__year"),
        "scoring": evaluations_visible(user).filter(experts=user.pk).select_related("scheme"),
        "badges": TIER_BADGES,
    }
    return render(request, "evaluation/index.html", context)


def _library(key: str) -> dict:
    return yaml.safe_load((LIBRARY / f"{key}.yaml").read_text(encoding="utf-8"))


def _uploaded_definition(data) -> dict:
    """The definition the form names: the library's file, an uploaded YAML or workbook."""
    if data["source"] == "library":
        return _library(data["library"] or "hubei-evaluation")
    upload = data["upload"]
    content = upload.read()
    try:
        if data["source"] == "xlsx" or upload.name.lower().endswith(".xlsx"):
            return workbook.scheme_from_xlsx(content, upload.name)
        definition = yaml.safe_load(content.decode("utf-8-sig"))
    except SchemeError as error:
        raise ValidationError(error.problems) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValidationError(f"文件不是有效的 UTF-8 YAML：{error}") from error
    if not isinstance(definition, dict):
        raise ValidationError("指标体系定义应为键值表（YAML 映射）")
    return definition


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def scheme_new(request):
    federations = federations_administered(request.user).filter(is_active=True).order_by("code")
    if not federations.exists():
        raise PermissionDenied("只有科协管理员可以新建考评指标体系")
    form = SchemeNewForm(request.POST or None, request.FILES or None, federations=federations)
    holder = {}

    def create():
        data, year = _uploaded_definition(form.cleaned_data), form.cleaned_data["year"]
        federation = form.cleaned_data["federation"]
        if EvaluationScheme.objects.filter(
            federation=federation, key=data.get("key"), year=year or data.get("year")
        ).exists():
            raise ValidationError("该年度的这一指标体系已存在，请在其页面修改或导入。")
        holder["row"] = services.scheme_save(
            federation=federation, data=data, year=year, actor=request.user
        )

    if request.method == "POST" and run_service(form, create):
        messages.success(request, f"已新建{holder['row']}")
        return redirect("evaluation:scheme", holder["row"].pk)
    return render(request, "evaluation/scheme_new.html", {"form": form})


def _tree_rows(scheme) -> list[dict]:
    return [{"node": node, "indent": node.level - 1} for node in scheme.walk()]


def scheme_context(request, row, **extra) -> dict:
    manages = administers(request.user, row.federation_id)
    evaluation = getattr(row, "evaluation", None)
    context = {"row": row, "manages": manages, "evaluation": evaluation, "problems": []}
    try:
        scheme = selectors.scheme_of(row)
    except SchemeError as error:
        context["problems"] = error.problems
        scheme = None
    if scheme is not None:
        context |= {
            "scheme": scheme,
            "rows": _tree_rows(scheme),
            "classification": texts.classification_sentences(scheme),
            "vetoes": texts.veto_sentences(scheme),
            "targets": texts.target_sentences(scheme),
            "stars": texts.star_sentences(scheme),
            "publicity": texts.publicity_sentences(scheme),
        }
    published = evaluation is not None and evaluation.is_published
    if manages:
        initial = {"year": row.year + 1}
        open_initial = {}
        if evaluation is not None:
            open_initial = {
                "facts_on": evaluation.facts_on,
                "campaign": evaluation.campaign_id,
                "experts": list(evaluation.experts.values_list("pk", flat=True)),
            }
        context |= {
            "copy_form": CopyForm(initial=initial),
            "import_form": XlsxUploadForm(),
            "open_form": OpenForm(initial=open_initial, federation=row.federation),
            "published": published,
        }
    return context | extra


@login_required
@require_GET
def scheme_detail(request, pk):
    row = scheme_for(request.user, pk)
    return render(request, "evaluation/scheme.html", scheme_context(request, row))


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk):
    row = scheme_for(request.user, pk, manage=True)
    text = yaml.safe_dump(row.definition, allow_unicode=True, sort_keys=False, width=100)
    form = SchemeEditForm(request.POST or None, initial={"text": text})

    def save():
        try:
            data = yaml.safe_load(form.cleaned_data["text"])
        except yaml.YAMLError as error:
            raise ValidationError(f"不是有效的 YAML：{error}") from error
        if not isinstance(data, dict):
            raise ValidationError("指标体系定义应为键值表（YAML 映射）")
        services.scheme_save(
            federation=row.federation, data=data | {"key": row.key}, year=row.year,
            actor=request.user,
        )  # fmt: skip

    if request.method == "POST" and run_service(form, save):
        messages.success(request, "已保存指标体系")
        return redirect("evaluation:scheme", row.pk)
    return render(request, "evaluation/scheme_edit.html", {"row": row, "form": form})


def with_points(definition: dict, points: dict, note: str) -> dict:
    """The definition with each indicator's points (by code) and the weights note replaced."""

    def down(nodes):
        return [
            node
            | {"points": _plain(points.get(str(node.get("code")), node.get("points")))}
            | ({"children": down(node["children"])} if node.get("children") else {})
            for node in nodes
        ]

    return definition | {
        "indicators": down(definition.get("indicators") or []),
        "weights_note": note,
    }


def _plain(value):
    """A Decimal as the YAML keeps numbers: an int when whole, else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@login_required
@require_http_methods(["GET", "POST"])
def scheme_weights(request, pk):
    """分值调整: each indicator's points in one table (children must add up to their parent)."""
    row = scheme_for(request.user, pk, manage=True)
    form = WeightsForm(request.POST or None, scheme=selectors.scheme_of(row))

    def save():
        note = form.cleaned_data["weights_note"].strip()
        data = with_points(row.definition, form.points(), note)
        services.scheme_save(
            federation=row.federation, data=data, year=row.year, actor=request.user
        )

    if request.method == "POST" and run_service(form, save):
        messages.success(request, "已保存各项分值")
        return redirect("evaluation:scheme", row.pk)
    return render(request, "evaluation/scheme_weights.html", {"row": row, "form": form})


@login_required
@require_GET
def scheme_yaml(request, pk):
    row = scheme_for(request.user, pk)
    text = yaml.safe_dump(row.definition, allow_unicode=True, sort_keys=False, width=100)
    audit_export(actor=request.user, what=f"考评指标体系{row.name}", rows=None, fmt="yaml")
    return download_response(
        text.encode("utf-8"), f"{row.key}-{row.year}.yaml", "application/yaml; charset=utf-8"
    )


@login_required
@require_GET
def scheme_xlsx(request, pk):
    row = scheme_for(request.user, pk)
    data = workbook.scheme_to_xlsx(row)
    audit_export(actor=request.user, what=f"考评指标体系{row.name}", rows=None)
    return download_response(data, f"{row.name}.xlsx")


@login_required
@require_POST
def scheme_import(request, pk):
    row = scheme_for(request.user, pk, manage=True)
    form = XlsxUploadForm(request.POST, request.FILES)

    def save():
        upload = form.cleaned_data["upload"]
        try:
            data = workbook.scheme_from_xlsx(upload.read(), upload.name)
        except SchemeError as error:
            raise ValidationError(error.problems) from error
        services.scheme_save(
            federation=row.federation, data=data | {"key": row.key}, year=row.year,
            actor=request.user,
        )  # fmt: skip

    if run_service(form, save):
        messages.success(request, "已从工作簿导入指标体系")
        return redirect("evaluation:scheme", row.pk)
    context = scheme_context(request, row, import_form=form, import_open=True)
    return render(request, "evaluation/scheme.html", context)


@login_required
@require_POST
def scheme_copy(request, pk):
    row = scheme_for(request.user, pk, manage=True)
    form = CopyForm(request.POST)
    holder = {}

    def copy():
        holder["row"] = services.scheme_copy(
            scheme=row, year=form.cleaned_data["year"], actor=request.user
        )

    if run_service(form, copy):
        messages.success(request, f"已复制为{holder['row']}")
        return redirect("evaluation:scheme", holder["row"].pk)
    errors_to_messages(request, form)
    return redirect("evaluation:scheme", row.pk)
