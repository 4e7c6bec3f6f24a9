"""学会考评 pages: the 科协's indicator systems by year (new from the library, YAML or a
workbook; edit, export, copy), the year's evaluation (open, compute, results, 公示, confirm),
one society's result (breakdown, override, objections, certificates), the experts' scoring,
the star register and a society's history. Objects come through the access layer."""

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuehui.access import (
    administers,
    evaluation_for,
    evaluations_visible,
    federations_administered,
    result_for,
    results_visible,
    scheme_for,
    schemes_visible,
    sees_all_results,
    societies_filled_in,
    society_for,
)
from xuehui.audit.services import audit_record
from xuehui.core.pages import society_page_context
from xuehui.files.services import file_store
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import submit_once

from . import documents, selectors, services, texts, workbook
from .choices import TIER_BADGES, TIER_LABELS, Stage, Tier
from .exports import ResultExporter
from .forms import (
    AnswerForm,
    CopyForm,
    ObjectionForm,
    OpenForm,
    OverrideForm,
    PublicityForm,
    SchemeEditForm,
    SchemeNewForm,
    ScoreForm,
    StarApplyForm,
    XlsxUploadForm,
)
from .models import EvaluationResult, EvaluationScheme, ExpertScore, ResultObjection, StarRating
from .scheme import SchemeError

LIBRARY = Path(__file__).resolve().parent / "library"
OBJECTION_PURPOSE = "evaluation_objection"
PUBLISHED = (Stage.PUBLICITY, Stage.CONFIRMED)


def _run(form, call) -> bool:
    """Call the service when the form is valid; its refusal goes on the form."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _message_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def _act(request, call, done: str) -> None:
    """A one-button action: the service's refusal becomes a message."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)


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

    if request.method == "POST" and _run(form, create):
        messages.success(request, f"已新建{holder['row']}")
        return redirect("evaluation:scheme", holder["row"].pk)
    return render(request, "evaluation/scheme_new.html", {"form": form})


def _tree_rows(scheme) -> list[dict]:
    return [{"node": node, "indent": node.level - 1} for node in scheme.walk()]


def _scheme_context(request, row, **extra) -> dict:
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
    return render(request, "evaluation/scheme.html", _scheme_context(request, row))


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

    if request.method == "POST" and _run(form, save):
        messages.success(request, "已保存指标体系")
        return redirect("evaluation:scheme", row.pk)
    return render(request, "evaluation/scheme_edit.html", {"row": row, "form": form})


@login_required
@require_GET
def scheme_yaml(request, pk):
    row = scheme_for(request.user, pk)
    text = yaml.safe_dump(row.definition, allow_unicode=True, sort_keys=False, width=100)
    return download_response(
        text.encode("utf-8"), f"{row.key}-{row.year}.yaml", "application/yaml; charset=utf-8"
    )


@login_required
@require_GET
def scheme_xlsx(request, pk):
    row = scheme_for(request.user, pk)
    return download_response(workbook.scheme_to_xlsx(row), f"{row.name}.xlsx")


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

    if _run(form, save):
        messages.success(request, "已从工作簿导入指标体系")
        return redirect("evaluation:scheme", row.pk)
    context = _scheme_context(request, row, import_form=form, import_open=True)
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

    if _run(form, copy):
        messages.success(request, f"已复制为{holder['row']}")
        return redirect("evaluation:scheme", holder["row"].pk)
    _message_errors(request, form)
    return redirect("evaluation:scheme", row.pk)


# ---- the year's evaluation ----------------------------------------------------------------------


@transaction.atomic
def _experts_set(evaluation, experts, actor) -> None:
    """The year's experts (kept here until `services.evaluation_open` takes them)."""
    before = set(evaluation.experts.values_list("pk", flat=True))
    after = {u.pk for u in experts}
    if before == after:
        return
    evaluation.experts.set(experts)
    audit_record(
        actor=actor,
        action="evaluation_experts",
        target=evaluation,
        summary=f"设定评分专家：{evaluation}，"
        + ("、".join(u.display_name for u in experts) or "无"),
        detail={"before": sorted(before), "after": sorted(after)},
    )


@login_required
@require_POST
@submit_once
def evaluation_open(request, pk):
    row = scheme_for(request.user, pk, manage=True)
    form = OpenForm(request.POST, federation=row.federation)
    holder = {}

    def open_():
        data = form.cleaned_data
        holder["evaluation"] = services.evaluation_open(
            scheme=row, facts_on=data["facts_on"], campaign=data["campaign"], actor=request.user
        )
        _experts_set(holder["evaluation"], list(data["experts"]), request.user)

    if _run(form, open_):
        messages.success(request, f"已保存{row.year}年度考评的设置")
        return redirect("evaluation:detail", holder["evaluation"].pk)
    context = _scheme_context(request, row, open_form=form, open_open=True)
    return render(request, "evaluation/scheme.html", context)


def _histogram(scores: list[Decimal]) -> dict:
    """Societies per ten points, for the chart."""
    if not scores:
        return {"labels": [], "counts": []}
    top = int(max(scores) // 10) + 1
    counts = Counter(min(int(s // 10), top - 1) for s in scores)
    return {
        "labels": [f"{n * 10}–{n * 10 + 9}" for n in range(top)],
        "counts": [counts.get(n, 0) for n in range(top)],
    }


def _tier_counts(results, scheme) -> list[dict]:
    counts = Counter(r.tier for r in results)
    targets = scheme.classification.targets if scheme else {}
    return [
        {"label": label, "tier": tier, "count": counts.get(tier, 0), "target": targets.get(tier)}
        for tier, label in Tier.choices
    ]


@login_required
@require_GET
def evaluation_detail(request, pk):
    evaluation = evaluation_for(request.user, pk)
    row = evaluation.scheme
    results = list(
        results_visible(request.user, evaluation)
        .select_related("society")
        .order_by("rank", "society__uscc")
    )
    scheme = selectors.scheme_of(row)
    if request.GET.get("format") == "xlsx":
        exporter = ResultExporter(results, leaves=scheme.leaves(), title=f"{row}考评结果")
        return download_response(exporter.write_xlsx(), f"{row}考评结果.xlsx")
    manages = administers(request.user, row.federation_id)
    own = list(societies_filled_in(request.user).filter(federation_id=row.federation_id))
    applied = set(
        evaluation.star_applications.filter(society__in=own).values_list("society_id", flat=True)
    )
    context = {
        "evaluation": evaluation,
        "row": row,
        "scheme": scheme,
        "results": results,
        "sees_all": sees_all_results(request.user, evaluation),
        "manages": manages,
        "is_expert": evaluation.experts.filter(pk=request.user.pk).exists(),
        "tiers": _tier_counts(results, scheme),
        "target_period": scheme.classification.target_period,
        "histogram": _histogram([r.score for r in results]),
        "badges": TIER_BADGES,
        "own": [(s, s.pk in applied) for s in own],
        "star_form": StarApplyForm(),
        "open_objections": ResultObjection.objects.filter(
            result__evaluation=evaluation, outcome=""
        ).count()
        if manages
        else 0,
    }
    if manages:
        context["publicity_form"] = PublicityForm(initial={"starts_on": timezone.localdate()})
        context["experts"] = list(evaluation.experts.order_by("full_name", "username"))
    return render(request, "evaluation/detail.html", context)


@login_required
@require_POST
def evaluation_compute(request, pk):
    evaluation = evaluation_for(request.user, pk, manage=True)
    holder = {}

    def compute():
        holder["count"] = services.evaluation_compute(evaluation=evaluation, actor=request.user)

    try:
        compute()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已计算{holder['count']}个学会的考评结果")
    return redirect("evaluation:detail", evaluation.pk)


@login_required
@require_POST
def publicity_start(request, pk):
    evaluation = evaluation_for(request.user, pk, manage=True)
    form = PublicityForm(request.POST)
    if _run(
        form,
        lambda: services.publicity_start(
            evaluation=evaluation, starts_on=form.cleaned_data["starts_on"], actor=request.user
        ),
    ):
        messages.success(request, "已开始公示，学会可查看本学会的考评结果")
    else:
        _message_errors(request, form)
    return redirect("evaluation:detail", evaluation.pk)


@login_required
@require_POST
def evaluation_confirm(request, pk):
    evaluation = evaluation_for(request.user, pk, manage=True)
    _act(
        request,
        lambda: services.evaluation_confirm(evaluation=evaluation, actor=request.user),
        "已确认发布考评结果，星级学会已登记",
    )
    return redirect("evaluation:detail", evaluation.pk)


@login_required
@require_POST
@submit_once
def star_apply(request, pk):
    evaluation = evaluation_for(request.user, pk)
    society = (
        societies_filled_in(request.user)
        .filter(federation_id=evaluation.scheme.federation_id, pk=request.POST.get("society") or 0)
        .first()
    ) or societies_filled_in(request.user).filter(
        federation_id=evaluation.scheme.federation_id
    ).first()
    if society is None:
        raise PermissionDenied("只有本科协所属学会可以申请星级评估")
    form = StarApplyForm(request.POST)
    if _run(
        form,
        lambda: services.star_apply(
            evaluation=evaluation, society=society, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, f"{society.name}已申请{evaluation.scheme.year}年度星级评估")
    else:
        _message_errors(request, form)
    return redirect("evaluation:detail", evaluation.pk)


# ---- one society's result -----------------------------------------------------------------------


def _groups(result, scheme) -> list[dict]:
    """The breakdown under its level-1 indicators, each with its subtotal."""
    lines = {line["code"]: line for line in result.breakdown}
    groups = []
    for top in scheme.indicators:
        codes = [n.code for n in _walk(top) if n.is_leaf]
        rows = [lines[c] for c in codes if c in lines]
        groups.append(
            {
                "node": top,
                "rows": rows,
                "score": sum((Decimal(str(r["score"])) for r in rows), Decimal(0)),
            }
        )
    return groups


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


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
        "groups": _groups(result, scheme),
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
    if _run(
        form,
        lambda: services.result_override(result=result, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, "已调整分类")
        return redirect("evaluation:result", result.pk)
    context = _result_context(request, result, override_form=form)
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

    if _run(form, raise_):
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
    if _run(
        form,
        lambda: services.objection_answer(
            objection=objection, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已答复异议")
    else:
        _message_errors(request, form)
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
    return download_response(documents.certificate_pdf(result), name, "application/pdf")


@login_required
@require_GET
def notice(request, pk):
    result = _confirmed_result(request, pk)
    name = f"{result.society.name}{result.evaluation.scheme.year}年度分类结果通知书.pdf"
    return download_response(documents.notice_pdf(result), name, "application/pdf")


# ---- the experts' scoring -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    evaluation = evaluation_for(request.user, pk)
    if not evaluation.experts.filter(pk=request.user.pk).exists():
        raise Http404("未找到该年度考评")
    societies = selectors.societies_evaluated(evaluation.scheme.federation).order_by("uscc")
    wanted = request.POST.get("society") or request.GET.get("society")
    society = societies.filter(pk=wanted).first() if str(wanted or "").isdigit() else None
    context = {"evaluation": evaluation, "row": evaluation.scheme, "societies": societies}
    if society is None:
        return render(request, "evaluation/score.html", context)
    scheme = selectors.scheme_of(evaluation.scheme)
    existing = {
        s.indicator: s
        for s in ExpertScore.objects.filter(
            evaluation=evaluation, society=society, expert=request.user
        )
    }
    form = ScoreForm(request.POST or None, leaves=scheme.leaves(), existing=existing)

    def save():
        with transaction.atomic():
            for code, percent, flagged, comment in form.marks():
                services.expert_score_save(
                    evaluation=evaluation, society=society, indicator=code, percent=percent,
                    false_answer=flagged, comment=comment, actor=request.user,
                )  # fmt: skip

    if request.method == "POST" and _run(form, save):
        messages.success(request, f"已保存对{society.name}的评分")
        return redirect(f"{request.path}?society={society.pk}")
    result = evaluation.results.filter(society=society).first()
    lines = {line["code"]: line for line in (result.breakdown if result else [])}
    context |= {
        "society": society,
        "form": form,
        "rows": [
            {
                "leaf": leaf,
                "line": lines.get(leaf.code),
                "percent": form.field_of(leaf, "percent"),
                "false": form.field_of(leaf, "false"),
                "comment": form.field_of(leaf, "comment"),
            }
            for leaf in scheme.leaves()
        ],
        "computed_at": result.computed_at if result else None,
    }
    return render(request, "evaluation/score.html", context)


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
