"""Who sees and changes 学会考评: a 科协's staff and leaders see its schemes, evaluations and
every result; its administrators change them; the year's experts see the evaluation they
score and its societies; a society's secretary sees nothing of a year's evaluation before it is
published for 公示, then its own result (and the others' where the scheme lets peers object)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from xuehui.evaluation.choices import Stage
from xuehui.evaluation.models import Evaluation, EvaluationResult, EvaluationScheme

from .scope import administers, scope_for
from .societies import federations_visible, societies_filled_in

PUBLISHED = (Stage.PUBLICITY, Stage.CONFIRMED)


def peers_may_object(definition) -> bool:
    publicity = definition.get("publicity") if isinstance(definition, dict) else None
    return bool(isinstance(publicity, dict) and publicity.get("peer_objections") is True)


def schemes_visible(user) -> QuerySet[EvaluationScheme]:
    """Schemes of the 科协 the user works for or leads (a secretary reads a published year's)."""
    own = societies_filled_in(user).values("federation_id")
    return EvaluationScheme.objects.filter(
        Q(federation__in=federations_visible(user))
        | Q(federation_id__in=own, evaluation__stage__in=PUBLISHED)
    ).distinct()


def evaluations_visible(user) -> QuerySet[Evaluation]:
    """Staff and leaders: their 科协's; experts: those they score; a secretary: its 科协's (to
    apply for stars, and to read its result once published)."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    own = societies_filled_in(user).values("federation_id")
    return Evaluation.objects.filter(
        Q(scheme__federation__in=federations_visible(user))
        | Q(experts=user.pk)
        | Q(scheme__federation_id__in=own)
    ).distinct()


def sees_scheme(user, scheme: EvaluationScheme) -> bool:
    """Whether the user reads the scheme's page (a year's experts score it on their own page)."""
    return schemes_visible(user).filter(pk=scheme.pk).exists()


def scheme_for(user, pk, *, manage: bool = False) -> EvaluationScheme:
    try:
        scheme = EvaluationScheme.objects.select_related("federation").get(
            pk=pk, pk__in=schemes_visible(user).values("pk")
        )
    except (EvaluationScheme.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该考评指标体系") from None
    if manage and not administers(user, scheme.federation_id):
        raise PermissionDenied("只有本科协管理员可以修改考评指标体系")
    return scheme


def evaluation_for(user, pk, *, manage: bool = False) -> Evaluation:
    """A year's evaluation the user may see (404); `manage`: its 科协's administrators (403)."""
    try:
        evaluation = Evaluation.objects.select_related("scheme__federation", "campaign").get(
            pk=pk, pk__in=evaluations_visible(user).values("pk")
        )
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该年度考评") from None
    if manage and not administers(user, evaluation.scheme.federation_id):
        raise PermissionDenied("只有本科协管理员可以进行此操作")
    return evaluation


def sees_all_results(user, evaluation: Evaluation) -> bool:
    """Staff and leaders of the 科协, and the year's experts, see every society's result at
    any stage; a secretary sees them all only once published and where peers may object."""
    if scope_for(user).sees_federation(evaluation.scheme.federation_id):
        return True
    if evaluation.experts.filter(pk=user.pk).exists():
        return True
    return evaluation.is_published and peers_may_object(evaluation.scheme.definition)


def results_visible(user, evaluation: Evaluation) -> QuerySet[EvaluationResult]:
    results = evaluation.results.all()
    if sees_all_results(user, evaluation):
        return results
    if not evaluation.is_published:
        return results.none()
    return results.filter(society__in=societies_filled_in(user))


def result_for(user, pk) -> EvaluationResult:
    """One society's result: 404 unless `results_visible` holds it."""
    try:
        result = EvaluationResult.objects.select_related(
            "society", "evaluation__scheme__federation"
        ).get(pk=pk)
    except (EvaluationResult.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该考评结果") from None
    evaluation = result.evaluation
    if not evaluations_visible(user).filter(pk=evaluation.pk).exists():
        raise Http404("未找到该考评结果")
    if not results_visible(user, evaluation).filter(pk=result.pk).exists():
        raise Http404("未找到该考评结果")
    return result
