"""Writes for 学会考评: schemes (saved from YAML, the UI or a workbook; copied to the next year),
the year's computation, the experts' scores, overrides, 公示, objections and 复核, confirmation
(which writes the star register), star applications. Every write is audited."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xuehui.access import require_administers, require_edit
from xuehui.accounts.services import secretaries_notify
from xuehui.audit.services import acting_user, audit_record
from xuehui.lib.dates import add_years
from xuehui.rules.spec import json_safe

from . import selectors
from .choices import TIER_LABELS, ObjectionOutcome, Stage
from .models import (
    Evaluation,
    EvaluationResult,
    EvaluationScheme,
    ExpertScore,
    ResultObjection,
    ScoreAdjustment,
    StarApplication,
    StarRating,
)
from .scheme import SchemeError


@transaction.atomic
def scheme_save(*, federation, data: dict, actor, year: int | None = None) -> EvaluationScheme:
    """Create or replace the scheme `data["key"]` of the year (`year` overrides the file's).
    A scheme whose evaluation has been published cannot change."""
    require_administers(actor, federation.pk)
    data = json_safe(dict(data))  # a date written in the YAML is kept as its ISO text
    if year is not None:
        data["year"] = year
    try:
        scheme = selectors.parse_checked(data)
    except SchemeError as error:
        raise ValidationError(error.problems) from error
    if scheme.federation and scheme.federation != federation.code:
        raise ValidationError(
            f"指标体系属于科协“{scheme.federation}”，不能保存到{federation.name}（{federation.code}）。"
        )
    if scheme.year is None:
        raise ValidationError("缺少考核年度（year）。")
    data.pop("federation", None)
    row = EvaluationScheme.objects.filter(
        federation=federation, key=scheme.key, year=scheme.year
    ).first()
    created = row is None
    if row is not None and _published(row):
        raise ValidationError(
            f"{row}的考评结果已公示，指标体系不能再修改；请复制为下一年度的指标体系。"
        )
    row = row or EvaluationScheme(federation=federation, key=scheme.key, year=scheme.year)
    row.name, row.definition, row.updated_at = scheme.name, data, timezone.now()
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="evaluation_scheme_create" if created else "evaluation_scheme_update",
        target=row,
        summary=f"{'新建' if created else '修改'}考评指标体系：{row}",
        detail={"indicators": len(list(scheme.walk())), "points": str(scheme.total_points)},
    )
    return row


def _published(row: EvaluationScheme) -> bool:
    return Evaluation.objects.filter(
        scheme=row, stage__in=[Stage.PUBLICITY, Stage.CONFIRMED]
    ).exists()


def scheme_copy(*, scheme: EvaluationScheme, year: int, actor) -> EvaluationScheme:
    """Start `year` with a copy of the scheme (its definition, the year changed)."""
    if EvaluationScheme.objects.filter(
        federation=scheme.federation, key=scheme.key, year=year
    ).exists():
        raise ValidationError(f"{year}年度的“{scheme.name}”已存在。")
    data = dict(scheme.definition)
    data["name"] = data.get("name", scheme.name).replace(str(scheme.year), str(year))
    return scheme_save(federation=scheme.federation, data=data, year=year, actor=actor)


@transaction.atomic
def evaluation_open(
    *,
    scheme: EvaluationScheme,
    facts_on: dt.date | None = None,
    campaign=None,
    experts: list | None = None,
    actor,
) -> Evaluation:
    """The year's evaluation under the scheme (created once; the date, the campaign and the
    experts can change until it is published; `experts` None leaves them as they are)."""
    require_administers(actor, scheme.federation_id)
    evaluation = Evaluation.objects.filter(scheme=scheme).first()
    created = evaluation is None
    if evaluation is not None and evaluation.is_published:
        raise ValidationError("考评结果已公示，不能再修改数据截止日期或评估检查。")
    try:
        on = facts_on or selectors.default_facts_on(scheme.year)
    except SchemeError as error:
        raise ValidationError(error.problems) from error
    if on.year < scheme.year:
        raise ValidationError(f"数据截止日期应在{scheme.year}年或之后。")
    if on > timezone.localdate():
        raise ValidationError("数据截止日期不能晚于今天。")
    if campaign is not None and campaign.federation_id != scheme.federation_id:
        raise ValidationError("评估检查须为本科协发起的。")
    evaluation = evaluation or Evaluation(scheme=scheme)
    evaluation.facts_on = on
    evaluation.campaign = campaign or selectors.year_campaign(scheme.federation, scheme.year)
    evaluation.full_clean()
    evaluation.save()
    if experts is not None:
        _experts_set(evaluation, experts, actor)
    audit_record(
        actor=actor,
        action="evaluation_open" if created else "evaluation_update",
        target=evaluation,
        summary=f"{'建立' if created else '修改'}年度考评：{evaluation}，数据截止{on:%Y-%m-%d}",
    )
    return evaluation


def _experts_set(evaluation: Evaluation, experts: list, actor) -> None:
    before = set(evaluation.experts.values_list("pk", flat=True))
    after = {user.pk for user in experts}
    if before == after:
        return
    evaluation.experts.set(experts)
    audit_record(
        actor=actor,
        action="evaluation_experts",
        target=evaluation,
        summary=f"设定评分专家：{evaluation}，"
        + ("、".join(user.display_name for user in experts) or "无"),
        detail={"before": sorted(before), "after": sorted(after)},
    )


COMPUTED_FIELDS = [
    "score", "rank", "computed_tier", "tier", "restructure_candidate", "vetoes", "stars",
    "star_note", "breakdown", "computed_at",
]  # fmt: skip


@transaction.atomic
def evaluation_compute(*, evaluation: Evaluation, actor) -> int:
    """Score every society of the 科协 and store the results, each society's row updated in
    place (its objections and the links to it stay); the 科协's overrides (a class with its
    reason) are kept. Refused once the result is confirmed."""
    require_administers(actor, evaluation.scheme.federation_id)
    given, evaluation = evaluation, _locked(evaluation)
    if evaluation.stage == Stage.CONFIRMED:
        raise ValidationError("考评结果已确认发布，不能重新计算。")
    try:
        outcomes = selectors.score(evaluation.scheme, on=evaluation.facts_on)
    except SchemeError as error:
        raise ValidationError(error.problems) from error
    existing = {r.society_id: r for r in evaluation.results.all()}
    now = timezone.now()
    changed: list[EvaluationResult] = []
    added: list[EvaluationResult] = []
    for o in outcomes:
        row = existing.pop(o.society_id, None) or EvaluationResult(
            evaluation=evaluation, society_id=o.society_id
        )
        row.score, row.rank, row.computed_tier = o.score, o.rank, o.tier
        if not row.override_reason:  # the 科协's class, with its reason, stands
            row.tier = o.tier
        row.restructure_candidate, row.vetoes = o.restructure_candidate, [*o.vetoes, *o.notes]
        row.stars, row.star_note = o.stars, o.star_note
        row.breakdown, row.computed_at = [line.as_json() for line in o.lines], now
        (changed if row.pk else added).append(row)
    EvaluationResult.objects.bulk_update(changed, COMPUTED_FIELDS, batch_size=500)
    EvaluationResult.objects.bulk_create(added, batch_size=500)
    # A society no longer evaluated (deregistered since) leaves the year's results.
    EvaluationResult.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    rows = changed + added
    kept = [r for r in rows if r.override_reason]
    evaluation.computed_at = now
    if evaluation.stage == Stage.DRAFT:
        evaluation.stage = Stage.SCORED
    evaluation.save(update_fields=["computed_at", "stage"])
    given.computed_at, given.stage = evaluation.computed_at, evaluation.stage
    audit_record(
        actor=actor,
        action="evaluation_compute",
        target=evaluation,
        summary=f"计算年度考评：{evaluation}，{len(rows)}个学会",
        detail={"societies": len(rows), "overrides_kept": len(kept)},
    )
    return len(rows)


def _locked(evaluation: Evaluation) -> Evaluation:
    """The evaluation as stored, locked until the transaction ends: a stage moves once."""
    return (
        Evaluation.objects.select_for_update()
        .select_related("scheme__federation")
        .get(pk=evaluation.pk)
    )


def _may_score(actor, evaluation: Evaluation) -> None:
    user = acting_user(actor)
    if user is None or not evaluation.experts.filter(pk=user.pk).exists():
        raise PermissionDenied("您不是本年度考评的评分专家。")


@transaction.atomic
def expert_score_save(
    *,
    evaluation: Evaluation,
    society,
    indicator: str,
    percent: Decimal | None,
    false_answer: bool = False,
    comment: str = "",
    actor,
) -> ExpertScore:
    """An expert's percentage for an expert-scored indicator, or a 虚假 flag on any indicator."""
    _may_score(actor, evaluation)
    evaluation = _locked(evaluation)
    if evaluation.stage == Stage.CONFIRMED:
        raise ValidationError("考评结果已确认发布，不能再评分。")
    if society.federation_id != evaluation.scheme.federation_id:
        raise PermissionDenied("该学会不在本年度考评范围内。")
    scheme = selectors.scheme_of(evaluation.scheme)
    node = scheme.find(indicator)
    if node is None or not node.is_leaf:
        raise ValidationError(f"指标“{indicator}”不是本指标体系的末级指标。")
    if percent is not None and node.method != "expert":
        raise ValidationError(f"指标“{node.code} {node.name}”不是专家打分指标，只能认定虚假。")
    if percent is not None and not Decimal(0) <= percent <= Decimal(100):
        raise ValidationError("得分率应在0到100之间。")
    if false_answer and not comment.strip():
        raise ValidationError("认定虚假须写明理由。")
    row, created = ExpertScore.objects.get_or_create(
        evaluation=evaluation,
        society=society,
        indicator=indicator,
        expert=actor,
        defaults={"percent": percent, "false_answer": false_answer, "comment": comment},
    )
    before = (row.percent, row.false_answer)
    if not created:
        row.percent, row.false_answer, row.comment, row.at = (
            percent,
            false_answer,
            comment,
            timezone.now(),
        )
        row.full_clean()
        row.save()
    audit_record(
        actor=actor,
        action="evaluation_expert_score",
        target=row,
        society=society,
        summary=f"专家评分：{society.name} {node.code} {node.name}"
        + (f" {percent}%" if percent is not None else "")
        + ("，认定虚假" if false_answer else ""),
        detail={"before": [str(before[0]), before[1]] if not created else None},
    )
    return row


@transaction.atomic
def result_override(*, result: EvaluationResult, tier: str, reason: str, actor) -> EvaluationResult:
    """The 科协 sets a society's class against the computed one, with its reason."""
    evaluation = _locked(result.evaluation)
    require_administers(actor, evaluation.scheme.federation_id)
    if evaluation.stage == Stage.CONFIRMED:
        raise ValidationError("考评结果已确认发布，不能再调整分类。")
    if tier and tier not in TIER_LABELS:
        raise ValidationError("分类不正确。")
    if not reason.strip():
        raise ValidationError({"reason": "调整分类须写明理由。"})
    before = result.tier
    result.tier, result.override_reason = tier, reason.strip()
    if tier == result.computed_tier:
        result.override_reason = ""
    result.overridden_by, result.overridden_at = acting_user(actor), timezone.now()
    result.full_clean()
    result.save()
    audit_record(
        actor=actor,
        action="evaluation_override",
        target=result,
        society=result.society,
        summary=f"调整分类：{result.society.name} {TIER_LABELS.get(before, '无')} → "
        f"{TIER_LABELS.get(tier, '无')}，理由：{reason.strip()}",
        detail={"before": before, "after": tier, "reason": reason.strip()},
    )
    return result


@transaction.atomic
def publicity_start(
    *, evaluation: Evaluation, starts_on: dt.date, days: int | None = None, actor
) -> Evaluation:
    """Publish the results to the societies for 公示 (the scheme's days unless given)."""
    require_administers(actor, evaluation.scheme.federation_id)
    evaluation = _locked(evaluation)
    if evaluation.stage not in (Stage.SCORED, Stage.PUBLICITY):
        raise ValidationError("请先计算考评结果，再开始公示。")
    days = days or selectors.scheme_of(evaluation.scheme).publicity_days
    if days < 1:
        raise ValidationError("公示期至少1天。")
    evaluation.stage = Stage.PUBLICITY
    evaluation.publicity_starts_on = starts_on
    evaluation.publicity_ends_on = starts_on + dt.timedelta(days=days - 1)
    evaluation.save(update_fields=["stage", "publicity_starts_on", "publicity_ends_on"])
    results = dict(evaluation.results.values_list("society_id", "pk"))
    ends = evaluation.publicity_ends_on
    for society_id, result_pk in results.items():
        secretaries_notify(
            society_id=society_id, url=reverse("evaluation:result", args=[result_pk]),
            title=f"{evaluation.scheme}结果公示",
            body=f"本会的考评结果已公示，公示期至{ends.year}年{ends.month}月{ends.day}日；如有异议，请在公示期内提出。",
            dedupe_key=f"evaluation-publicity:{evaluation.pk}:{society_id}",
        )  # fmt: skip
    audit_record(
        actor=actor,
        action="evaluation_publicity",
        target=evaluation,
        summary=f"考评结果公示：{evaluation}，{starts_on:%Y-%m-%d}至{evaluation.publicity_ends_on:%Y-%m-%d}",
    )
    return evaluation


@transaction.atomic
def objection_raise(
    *,
    result: EvaluationResult,
    society,
    reasons: str,
    indicator: str = "",
    attachment=None,
    on: dt.date | None = None,
    actor,
) -> ResultObjection:
    """A society objects during 公示: to its own result, or to another's where the scheme lets
    peers object. The 科协 owes an answer within the scheme's days."""
    require_edit(actor, society)
    evaluation = Evaluation.objects.select_related("scheme").get(pk=result.evaluation_id)
    scheme = selectors.scheme_of(evaluation.scheme)
    on = on or timezone.localdate()
    if evaluation.stage != Stage.PUBLICITY or not (
        evaluation.publicity_starts_on <= on <= evaluation.publicity_ends_on  # type: ignore[operator]
    ):
        raise ValidationError("只能在公示期内提出异议。")
    if result.society_id != society.pk and not scheme.peer_objections:
        raise PermissionDenied("本指标体系不允许对其他学会的结果提出异议。")
    if indicator and scheme.find(indicator) is None:
        raise ValidationError({"indicator": f"指标“{indicator}”不在本指标体系中。"})
    if not reasons.strip():
        raise ValidationError({"reasons": "请写明异议理由。"})
    objection = ResultObjection(
        result=result,
        raised_by_society=society,
        raised_by=acting_user(actor),
        indicator=indicator,
        reasons=reasons.strip(),
        attachment=attachment,
        due_on=on + dt.timedelta(days=scheme.answer_days),
    )
    objection.full_clean()
    objection.save()
    audit_record(
        actor=actor,
        action="evaluation_objection",
        target=objection,
        society=result.society,
        summary=f"{society.name}对{result.society.name}的考评结果提出异议"
        + (f"（指标{indicator}）" if indicator else ""),
    )
    return objection


@transaction.atomic
def objection_answer(
    *, objection: ResultObjection, outcome: str, answer: str, actor
) -> ResultObjection:
    """复核: the 科协 answers; an upheld objection is followed by the correction (an expert's
    rescoring, a data fix and recomputation, or an override) before confirmation."""
    evaluation = objection.result.evaluation
    require_administers(actor, evaluation.scheme.federation_id)
    if not objection.is_open:
        raise ValidationError("该异议已答复。")
    if outcome not in ObjectionOutcome.values:
        raise ValidationError({"outcome": "请选择复核结论。"})
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复意见。"})
    objection.outcome, objection.answer = outcome, answer.strip()
    objection.answered_by = acting_user(actor)
    objection.answered_at = timezone.now()
    objection.save()
    url = reverse("evaluation:result", args=[objection.result_id])
    secretaries_notify(
        society_id=objection.raised_by_society_id, url=url,
        title=f"考评异议已答复：{ObjectionOutcome(outcome).label}", body=answer.strip()[:200],
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="evaluation_objection_answer",
        target=objection,
        society=objection.result.society,
        summary=f"答复考评异议：{ObjectionOutcome(outcome).label}",
    )
    return objection


@transaction.atomic
def score_adjust(
    *,
    result: EvaluationResult,
    indicator: str,
    score: Decimal,
    reason: str,
    objection: ResultObjection | None = None,
    actor,
) -> ScoreAdjustment:
    """复核: the 科协 corrects one indicator's score of one society (after an objection, or on
    the evidence), with its reason; the year is recomputed, so ranks, classes and stars follow."""
    evaluation = _locked(result.evaluation)
    require_administers(actor, evaluation.scheme.federation_id)
    if evaluation.stage == Stage.CONFIRMED:
        raise ValidationError("考评结果已确认发布，不能再调整。")
    node = selectors.scheme_of(evaluation.scheme).find(indicator)
    if node is None or not node.is_leaf:
        raise ValidationError({"indicator": f"指标“{indicator}”不是本指标体系的末级指标。"})
    if not Decimal(0) <= score <= node.points:
        raise ValidationError({"score": f"得分应在0到该指标分值{node.points.normalize():f}之间。"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明调整理由。"})
    if objection is not None and objection.result_id != result.pk:
        raise ValidationError("所涉异议不是对该学会结果提出的。")
    before = next((line["score"] for line in result.breakdown if line["code"] == indicator), None)
    adjustment, _ = ScoreAdjustment.objects.update_or_create(
        evaluation=evaluation,
        society_id=result.society_id,
        indicator=indicator,
        defaults={
            "score": score,
            "reason": reason.strip(),
            "objection": objection,
            "adjusted_by": acting_user(actor),
            "adjusted_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="evaluation_adjust",
        target=adjustment,
        society=result.society,
        summary=f"复核调整：{result.society.name} {node.code} {node.name} {before} → {score}，"
        f"理由：{reason.strip()}",
        detail={"indicator": indicator, "before": before, "after": str(score)},
    )
    evaluation_compute(evaluation=evaluation, actor=actor)
    return adjustment


@transaction.atomic
def evaluation_confirm(*, evaluation: Evaluation, on: dt.date | None = None, actor) -> Evaluation:
    """After 公示 and with every objection answered, the result is confirmed and published; the
    stars it gives enter the star register, valid for the scheme's years."""
    require_administers(actor, evaluation.scheme.federation_id)
    evaluation = _locked(evaluation)
    on = on or timezone.localdate()
    if evaluation.stage != Stage.PUBLICITY:
        raise ValidationError("考评结果须先经公示才能确认发布。")
    if on <= evaluation.publicity_ends_on:  # type: ignore[operator]
        raise ValidationError(
            f"公示期至{evaluation.publicity_ends_on:%Y-%m-%d}，公示期满后才能确认。"
        )
    if ResultObjection.objects.filter(result__evaluation=evaluation, outcome="").exists():
        raise ValidationError("还有未答复的异议，答复后才能确认发布。")
    scheme = selectors.scheme_of(evaluation.scheme)
    evaluation.stage = Stage.CONFIRMED
    evaluation.confirmed_at, evaluation.confirmed_by = timezone.now(), acting_user(actor)
    evaluation.save(update_fields=["stage", "confirmed_at", "confirmed_by"])
    granted = 0
    if scheme.stars is not None:
        until = add_years(on, scheme.stars.valid_years) - dt.timedelta(days=1)
        ratings = [
            StarRating(
                society_id=r.society_id,
                evaluation=evaluation,
                stars=r.stars or 0,
                valid_from=on,
                valid_until=until,
            )
            for r in evaluation.results.filter(stars__gte=1)
        ]
        StarRating.objects.bulk_create(ratings)
        granted = len(ratings)
    audit_record(
        actor=actor,
        action="evaluation_confirm",
        target=evaluation,
        summary=f"确认发布年度考评结果：{evaluation}，授予星级学会{granted}个",
    )
    return evaluation


@transaction.atomic
def star_apply(*, evaluation: Evaluation, society, statement: str = "", actor) -> StarApplication:
    """A society applies to be rated (003 4、（1）), before the results are published."""
    require_edit(actor, society)
    evaluation = _locked(evaluation)
    if society.federation_id != evaluation.scheme.federation_id:
        raise PermissionDenied("该学会不在本年度考评范围内。")
    if evaluation.is_published:
        raise ValidationError("考评结果已公示，不能再申请星级评估。")
    if StarApplication.objects.filter(evaluation=evaluation, society=society).exists():
        raise ValidationError("已申请本年度星级评估。")
    application = StarApplication.objects.create(
        evaluation=evaluation,
        society=society,
        statement=statement.strip(),
        applied_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="star_apply",
        target=application,
        society=society,
        summary=f"{society.name}申请{evaluation.scheme.year}年度星级学会评估",
    )
    return application
