"""学会考评's to-dos: an expert's societies still to score in a year not yet published; for the
科协, objections to answer (each within its days) and a year whose 公示 has ended, to confirm."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from django.urls import reverse

from xuehui.access import federations_administered, scope_for
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .choices import Stage
from .models import Evaluation, ExpertScore, ResultObjection
from .selectors import scheme_of


def scoring_key(evaluation) -> str:
    return f"evaluation-scoring:{evaluation.pk}"


def objection_key(objection) -> str:
    return f"evaluation-objection:{objection.pk}"


def _expert(user) -> Iterator[Todo]:
    years = list(
        Evaluation.objects.filter(experts=user, stage__in=[Stage.DRAFT, Stage.SCORED])
        .select_related("scheme__federation")
        .order_by("scheme__year")
    )
    if not years:  # one query for an expert with no evaluation to score
        return
    scored = Counter(
        ExpertScore.objects.filter(
            evaluation__in=years, expert=user, percent__isnull=False
        ).values_list("evaluation_id", flat=True)
    )
    for evaluation in years:
        leaves = sum(1 for leaf in scheme_of(evaluation.scheme).leaves() if leaf.method == "expert")
        societies = evaluation.results.count() or evaluation.scheme.federation.societies.count()
        missing = leaves * societies - scored[evaluation.pk]
        if leaves and missing > 0:
            yield Todo(
                key=scoring_key(evaluation),
                kind=TodoKind.EVALUATION_SCORING,
                title=str(evaluation.scheme),
                url=reverse("evaluation:score", args=[evaluation.pk]),
                count=missing,
                detail=f"还有{missing}项专家打分指标未评分",
            )


def _administrator(user, day: dt.date) -> Iterator[Todo]:
    federations = list(
        federations_administered(user)
        .filter(evaluation_schemes__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not federations:  # one query for a 科协 that evaluates no year
        return
    open_ = (
        ResultObjection.objects.filter(
            result__evaluation__scheme__federation__in=federations, outcome=""
        )
        .select_related("result__society", "raised_by_society", "result__evaluation__scheme")
        .order_by("due_on", "pk")
    )
    for objection in open_:
        result = objection.result
        yield Todo(
            key=objection_key(objection),
            kind=TodoKind.OBJECTION,
            title=f"{result.society.name} · {result.evaluation.scheme}",
            url=reverse("evaluation:result", args=[result.pk]),
            due=objection.due_on,
            detail=f"{objection.raised_by_society.name}提出异议：{objection.reasons[:40]}",
        )
    ended = Evaluation.objects.filter(
        scheme__federation__in=federations, stage=Stage.PUBLICITY, publicity_ends_on__lt=day
    ).select_related("scheme")
    for evaluation in ended:
        yield Todo(
            key=f"evaluation-confirm:{evaluation.pk}",
            kind=TodoKind.EVALUATION_CONFIRM,
            title=str(evaluation.scheme),
            url=reverse("evaluation:detail", args=[evaluation.pk]),
            due=evaluation.publicity_ends_on,
            detail="公示期已满，答复全部异议后可确认发布",
        )


@register(from_records=True)
def evaluation_todos(user, day: dt.date) -> Iterator[Todo]:
    if scope_for(user).is_expert:
        yield from _expert(user)
    yield from _administrator(user, day)
