"""The year's evaluation (open, compute, results, 公示, confirm, star applications) and the experts' scoring."""

from collections import Counter
from decimal import Decimal

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
    results_visible,
    scheme_for,
    sees_all_results,
    sees_scheme,
    societies_filled_in,
)
from xuehui.audit.services import audit_export
from xuehui.jobs.choices import JobStatus
from xuehui.lib.export import download_response
from xuehui.lib.record_forms import errors_to_messages, run_service
from xuehui.submissions.once import submit_once

from .. import background, selectors, services
from ..choices import TIER_BADGES, Tier
from ..exports import ResultExporter
from ..forms import (
    OpenForm,
    PublicityForm,
    ScoreForm,
    StarApplyForm,
)
from ..models import ExpertScore, ResultObjection
from .schemes import scheme_context

# ---- the year's evaluation ----------------------------------------------------------------------


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
            scheme=row,
            facts_on=data["facts_on"],
            campaign=data["campaign"],
            experts=list(data["experts"]),
            actor=request.user,
        )

    if run_service(form, open_):
        messages.success(request, f"已保存{row.year}年度考评的设置")
        return redirect("evaluation:detail", holder["evaluation"].pk)
    context = scheme_context(request, row, open_form=form, open_open=True)
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
        data = exporter.write_xlsx()
        audit_export(actor=request.user, what=f"{row}考评结果", rows=exporter.written)
        return download_response(data, f"{row}考评结果.xlsx")
    manages = administers(request.user, row.federation_id)
    earlier = selectors.previous_results(evaluation)
    for result in results:
        result.previous = earlier.get(result.society_id)
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
        "sees_scheme": sees_scheme(request.user, row),
        "manages": manages,
        "is_expert": evaluation.experts.filter(pk=request.user.pk).exists(),
        "tiers": _tier_counts(results, scheme),
        "target_period": scheme.classification.target_period,
        "histogram": _histogram([r.score for r in results]),
        "previous_year": next(iter(earlier.values())).evaluation.scheme.year if earlier else None,
        "tier_history": selectors.tier_history(row.federation_id),
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
    """Scoring the year reads every society's records: a job, whose page shows its progress
    and leads back here (at once when it ran in-process)."""
    evaluation = evaluation_for(request.user, pk, manage=True)
    job = background.compute_start(user=request.user, evaluation=evaluation)
    if job.status == JobStatus.SUCCEEDED:
        messages.success(request, f"已计算{job.result['societies']}个学会的考评结果")
    elif job.status == JobStatus.FAILED:
        messages.error(request, job.message)
    else:
        return redirect("jobs:detail", job.pk)
    return redirect("evaluation:detail", evaluation.pk)


@login_required
@require_POST
def publicity_start(request, pk):
    evaluation = evaluation_for(request.user, pk, manage=True)
    form = PublicityForm(request.POST)
    if run_service(
        form,
        lambda: services.publicity_start(
            evaluation=evaluation, starts_on=form.cleaned_data["starts_on"], actor=request.user
        ),
    ):
        messages.success(request, "已开始公示，学会可查看本学会的考评结果")
    else:
        errors_to_messages(request, form)
    return redirect("evaluation:detail", evaluation.pk)


@login_required
@require_POST
def evaluation_confirm(request, pk):
    evaluation = evaluation_for(request.user, pk, manage=True)
    try:
        services.evaluation_confirm(evaluation=evaluation, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        starred = evaluation.star_ratings.count()
        stars = (
            f"{starred}个学会获得星级，已登记入星级学会名录"
            if starred
            else "本年度没有学会获得星级"
        )
        messages.success(request, f"已确认发布考评结果；{stars}")
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
    if run_service(
        form,
        lambda: services.star_apply(
            evaluation=evaluation, society=society, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, f"{society.name}已申请{evaluation.scheme.year}年度星级评估")
    else:
        errors_to_messages(request, form)
    return redirect("evaluation:detail", evaluation.pk)


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
    scheme = selectors.scheme_of(evaluation.scheme)
    mine = Counter(
        ExpertScore.objects.filter(
            evaluation=evaluation, expert=request.user, percent__isnull=False
        ).values_list("society_id", flat=True)
    )
    context = {
        "evaluation": evaluation,
        "row": evaluation.scheme,
        "progress": [(s, mine.get(s.pk, 0)) for s in societies],
        "expert_leaves": sum(1 for leaf in scheme.leaves() if leaf.method == "expert"),
    }
    if society is None:
        return render(request, "evaluation/score.html", context)
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

    if request.method == "POST" and run_service(form, save):
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
