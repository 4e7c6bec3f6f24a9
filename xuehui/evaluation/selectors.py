"""Reads for 学会考评: what the scoring needs to know of a federation's societies in a year (a
constant number of queries whatever their number), stored results, the star register."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import Campaign, CampaignItem
from xuehui.rules.engine import evaluate
from xuehui.rules.facts import gather
from xuehui.rules.selectors import framework_spec
from xuehui.rules.sources import LIBRARY_DIR, read_framework_file
from xuehui.rules.spec import FrameworkError, parse_framework
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Federation, Society

from .choices import Stage, Tier
from .models import (
    Evaluation,
    EvaluationResult,
    EvaluationScheme,
    ExpertScore,
    ScoreAdjustment,
    StarApplication,
    StarRating,
)
from .scheme import Scheme, SchemeError, parse
from .scoring import Known, Mark, Outcome, score_year

DEFAULT_YOUNG_AGE = 45


def scheme_of(row: EvaluationScheme) -> Scheme:
    """The stored definition, read and checked against the frameworks loaded today."""
    return parse(row.definition, frameworks=_specs_named(row.definition))


def _specs_named(definition) -> dict:
    keys: set[str] = set()

    def down(nodes):
        for node in nodes or ():
            if isinstance(node, dict):
                for method in ("rule", "verdict"):
                    if isinstance(node.get(method), str):
                        keys.add(node[method].partition(":")[0])
                down(node.get("children"))

    if isinstance(definition, dict):
        down(definition.get("indicators"))
    return {key: spec for key in keys if (spec := spec_named(key)) is not None}


def spec_named(key: str):
    """The framework's loaded current version; where it was never loaded, the library's file of
    that key (read, not stored), so a scheme can be scored on a platform that has the data but
    not the framework."""
    spec = framework_spec(key)
    path = LIBRARY_DIR / f"{key}.yaml"
    if spec is None and path.is_file() and "/" not in key:
        try:
            spec = parse_framework(read_framework_file(path))
        except (FrameworkError, ValueError):
            return None
    return spec


def parse_checked(data) -> Scheme:
    return parse(data, frameworks=_specs_named(data))


def default_facts_on(year: int, today: dt.date | None = None) -> dt.date:
    """The last day of the 考核年度, or today while the year runs."""
    today = today or timezone.localdate()
    if year > today.year:
        raise SchemeError([f"考核年度{year}年尚未开始"])
    return min(dt.date(year, 12, 31), today)


def societies_evaluated(federation: Federation) -> QuerySet[Society]:
    """A 科协's own societies, those that stopped activity included (they are what 重组淘汰 is
    about); deregistered ones are gone."""
    return Society.objects.filter(federation=federation).exclude(status=SocietyStatus.DEREGISTERED)


def year_campaign(federation: Federation, year: int) -> Campaign | None:
    """The campaign whose 考核年度 is the year: the latest launched one not withdrawn."""
    return (
        Campaign.objects.filter(federation=federation, assessment_year=year)
        .exclude(status__in=[CampaignStatus.DRAFT, CampaignStatus.WITHDRAWN])
        .order_by("-launched_at", "-pk")
        .first()
    )


def known_of(
    scheme: Scheme,
    federation: Federation,
    year: int,
    on: dt.date,
    *,
    evaluation: Evaluation | None = None,
) -> dict[int, Known]:
    """Everything the scoring reads for every society evaluated: facts of the year on the date,
    the engine's status of each requirement a leaf names, the campaign's verdicts, the experts'
    marks and the star applications."""
    rows = list(societies_evaluated(federation).order_by("uscc").values("pk", "uscc", "name"))
    ids = [row["pk"] for row in rows]
    specs = {key.partition(":")[0] for key in scheme.refs()}
    facts_by_age: dict[int, dict] = {}
    statuses: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for key in sorted(specs):
        spec = spec_named(key)
        if spec is None:
            continue
        if spec.young_age not in facts_by_age:
            facts_by_age[spec.young_age] = gather(ids, on, young_age=spec.young_age, year=year)
        wanted = {ref.partition(":")[2] for ref in scheme.refs() if ref.startswith(f"{key}:")}
        for society_id, results in evaluate(
            spec, facts_by_age[spec.young_age], on, year=year
        ).items():
            for result in results:
                if result.requirement.key in wanted:
                    statuses[society_id][result.ref] = (result.status, result.explanation)
    facts = facts_by_age.get(DEFAULT_YOUNG_AGE) or next(iter(facts_by_age.values()), None)
    if facts is None:
        facts = gather(ids, on, young_age=DEFAULT_YOUNG_AGE, year=year)
    verdicts = _verdicts(scheme, federation, year, ids, evaluation)
    marks: dict[int, dict[str, list[Mark]]] = defaultdict(lambda: defaultdict(list))
    applicants: set[int] = set()
    adjustments: dict[int, dict[str, tuple[Decimal, str]]] = defaultdict(dict)
    if evaluation is not None and evaluation.pk:
        scores = ExpertScore.objects.filter(evaluation=evaluation, society_id__in=ids)
        for row in scores.select_related("expert").order_by("indicator", "expert__username"):
            marks[row.society_id][row.indicator].append(
                Mark(_expert_name(row.expert), row.percent, row.false_answer, row.comment)
            )
        applicants = set(
            StarApplication.objects.filter(evaluation=evaluation).values_list(
                "society_id", flat=True
            )
        )
        for adjustment in ScoreAdjustment.objects.filter(evaluation=evaluation, society_id__in=ids):
            adjustments[adjustment.society_id][adjustment.indicator] = (
                adjustment.score,
                adjustment.reason,
            )
    return {
        row["pk"]: Known(
            code=row["uscc"],
            name=row["name"],
            facts=facts[row["pk"]],
            missing=facts[row["pk"]].missing,
            statuses=statuses[row["pk"]],
            verdicts=verdicts.get(row["pk"], {}),
            marks=marks[row["pk"]],
            applied_for_stars=row["pk"] in applicants,
            adjustments=adjustments[row["pk"]],
        )
        for row in rows
    }


def _expert_name(user) -> str:
    return getattr(user, "display_name", "") or user.get_full_name() or user.username


def _verdicts(scheme, federation, year, ids, evaluation) -> dict[int, dict[str, str]]:
    refs = scheme.verdict_refs()
    if not refs:
        return {}
    campaign = evaluation.campaign if evaluation is not None and evaluation.campaign_id else None
    campaign = campaign or year_campaign(federation, year)
    if campaign is None:
        return {}
    found: dict[int, dict[str, str]] = defaultdict(dict)
    items = CampaignItem.objects.filter(
        entry__campaign=campaign,
        entry__society_id__in=ids,
        requirement__key__in={ref.partition(":")[2] for ref in refs},
    ).values_list(
        "entry__society_id", "requirement__version__framework__key", "requirement__key", "state"
    )
    for society_id, framework, key, state in items:
        ref = f"{framework}:{key}"
        if ref in refs:
            found[society_id][ref] = state
    return found


def score(
    row: EvaluationScheme,
    *,
    federation: Federation | None = None,
    on: dt.date | None = None,
) -> list[Outcome]:
    """The year's outcomes for the federation's societies (default: the scheme's 科协), computed
    now from the data, with the experts' marks and star applications of the year's evaluation."""
    scheme = scheme_of(row)
    federation = federation or row.federation
    on = on or default_facts_on(row.year)
    evaluation = Evaluation.objects.filter(scheme=row).first()
    return score_year(scheme, known_of(scheme, federation, row.year, on, evaluation=evaluation))


# ---------------------------------------------------------------- stored results


def breakdown_groups(result: EvaluationResult, scheme: Scheme) -> list[dict]:
    """A stored breakdown under its level-1 indicators ("node"), each with its rows and
    subtotal ("score")."""
    lines = {line["code"]: line for line in result.breakdown}
    groups = []
    for top in scheme.indicators:
        rows = [lines[leaf.code] for leaf in _leaves(top) if leaf.code in lines]
        total = sum((Decimal(str(row["score"])) for row in rows), Decimal(0))
        groups.append({"node": top, "rows": rows, "score": total})
    return groups


def _leaves(node) -> list:
    return [node] if node.is_leaf else [leaf for child in node.children for leaf in _leaves(child)]


def results_of(evaluation: Evaluation) -> QuerySet[EvaluationResult]:
    return evaluation.results.select_related("society").order_by("rank", "society__uscc")


@dataclass(frozen=True)
class Standing:
    """What the year's published evaluation says of a society (for subsidies and pages)."""

    score: Decimal | None
    rank: int | None
    tier: str
    stars: int  # current stars on the day (0 when none)


def standing(federation_id: int, year: int, on: dt.date | None = None) -> dict[int, Standing]:
    """Each society of the 科协 with its published result of `year` (if any) and its stars valid
    on `on` (default today). Two queries."""
    on = on or timezone.localdate()
    results = EvaluationResult.objects.filter(
        evaluation__scheme__federation_id=federation_id,
        evaluation__scheme__year=year,
        evaluation__stage__in=[Stage.PUBLICITY, Stage.CONFIRMED],
    ).values_list("society_id", "score", "rank", "tier")
    found: dict[int, Standing] = {}
    stars = current_stars(federation_id, on)
    for society_id, total, place, tier in results:
        found[society_id] = Standing(total, place, tier, stars.get(society_id, 0))
    for society_id, count in stars.items():
        found.setdefault(society_id, Standing(None, None, "", count))
    return found


def current_stars(federation_id: int, on: dt.date) -> dict[int, int]:
    """Stars valid on `on` of the 科协's societies (the latest rating when two overlap)."""
    rows = StarRating.objects.filter(
        society__federation_id=federation_id, valid_from__lte=on, valid_until__gte=on
    ).order_by("society_id", "valid_from")
    return dict(rows.values_list("society_id", "stars"))


def history_of(society: Society) -> tuple[list[EvaluationResult], list[StarRating]]:
    """A society's published results by year (newest first) and its star ratings."""
    results = list(
        EvaluationResult.objects.filter(
            society=society, evaluation__stage__in=[Stage.PUBLICITY, Stage.CONFIRMED]
        )
        .select_related("evaluation__scheme")
        .order_by("-evaluation__scheme__year")
    )
    ratings = list(
        StarRating.objects.filter(society=society)
        .select_related("evaluation__scheme")
        .order_by("-valid_from")
    )
    return results, ratings


@dataclass(frozen=True)
class TierStanding:
    """How many societies hold each class after a 科协's latest published evaluation, against
    the period's targets (001 三: 重点支持30个、培育扶持50个 during 十三五)."""

    evaluation: Evaluation
    rows: list[tuple[str, str, int, int | None]]  # tier, label, count, target
    period: str
    starred: int


def tier_standings(federation_ids, on: dt.date) -> list[TierStanding]:
    """For each of the 科协 with a published evaluation: its latest one's class counts. Three
    queries whatever the number of societies."""
    latest: dict[int, Evaluation] = {}
    published = (
        Evaluation.objects.filter(
            scheme__federation_id__in=federation_ids, stage__in=[Stage.PUBLICITY, Stage.CONFIRMED]
        )
        .select_related("scheme__federation")
        .order_by("scheme__federation_id", "-scheme__year", "-pk")
    )
    for evaluation in published:
        latest.setdefault(evaluation.scheme.federation_id, evaluation)
    if not latest:
        return []
    counts: dict[tuple[int, str], int] = defaultdict(int)
    rows = EvaluationResult.objects.filter(evaluation__in=list(latest.values()))
    for evaluation_id, tier in rows.values_list("evaluation_id", "tier"):
        counts[(evaluation_id, tier)] += 1
    starred: dict[int, int] = defaultdict(int)
    ratings = StarRating.objects.filter(
        society__federation_id__in=list(latest), valid_from__lte=on, valid_until__gte=on
    )
    for federation_id in ratings.values_list("society__federation_id", flat=True):
        starred[federation_id] += 1
    standings = []
    for federation_id, evaluation in latest.items():
        classification = scheme_of(evaluation.scheme).classification
        tiers = [
            (
                tier.value,
                tier.label,
                counts[(evaluation.pk, tier.value)],
                classification.targets.get(tier.value),
            )
            for tier in Tier
        ]
        standings.append(
            TierStanding(evaluation, tiers, classification.target_period, starred[federation_id])
        )
    return standings


def previous_results(evaluation: Evaluation) -> dict[int, EvaluationResult]:
    """Each society's result in the 科协's latest published evaluation of an earlier year (one
    query), for the year-on-year movement."""
    earlier = (
        Evaluation.objects.filter(
            scheme__federation_id=evaluation.scheme.federation_id,
            scheme__year__lt=evaluation.scheme.year,
            stage__in=[Stage.PUBLICITY, Stage.CONFIRMED],
        )
        .order_by("-scheme__year", "-pk")
        .values("pk")[:1]
    )
    rows = EvaluationResult.objects.filter(evaluation__in=earlier).select_related(
        "evaluation__scheme"
    )
    return {row.society_id: row for row in rows}


def tier_history(federation_id: int) -> dict:
    """Societies per class in each published year of the 科协 (one query), for the chart."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = EvaluationResult.objects.filter(
        evaluation__scheme__federation_id=federation_id,
        evaluation__stage__in=[Stage.PUBLICITY, Stage.CONFIRMED],
    ).values_list("evaluation__scheme__year", "tier")
    for year, tier in rows:
        counts[year][tier] += 1
    years = sorted(counts)
    return {
        "years": years,
        "series": [
            {"name": label, "tier": tier, "data": [counts[y][tier] for y in years]}
            for tier, label in [*Tier.choices, ("", "不分类")]
        ],
    }
