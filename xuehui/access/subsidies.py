"""Who sees and changes 经费补贴: a 科协's staff and leaders see its programmes and every
application; its administrators change them (categories, nominations, allocation, decisions,
payments); a society's secretary sees the programmes of its 科协 (to apply) but only its own
society's applications and results. Experts see nothing of it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from xuehui.societies.models import Society
from xuehui.subsidies.models import SubsidyApplication, SubsidyCategory, SubsidyProgramme

from .scope import administers, scope_for
from .societies import federations_visible, own_society_for, societies_filled_in


def subsidies_society_for(user, pk) -> Society:
    """A society whose applications the user reads on its tab: its secretary or its 科协's staff
    and leaders (404; an expert reviewing the society sees nothing of its subsidies)."""
    return own_society_for(user, pk)


def subsidy_programmes_visible(user) -> QuerySet[SubsidyProgramme]:
    own = societies_filled_in(user).values("federation_id")
    return SubsidyProgramme.objects.filter(
        Q(federation__in=federations_visible(user)) | Q(federation_id__in=own)
    )


def subsidy_programme_for(user, pk, *, manage: bool = False) -> SubsidyProgramme:
    """A programme the user sees (404); `manage`: its 科协's administrators (403)."""
    try:
        programme = SubsidyProgramme.objects.select_related("federation").get(
            pk=pk, pk__in=subsidy_programmes_visible(user).values("pk")
        )
    except (SubsidyProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该补贴项目") from None
    if manage and not administers(user, programme.federation_id):
        raise PermissionDenied("只有本科协管理员可以进行此操作")
    return programme


def subsidy_category_for(user, pk) -> SubsidyCategory:
    """A category, to change: 404 unless its programme is seen, 403 unless administered."""
    try:
        category = SubsidyCategory.objects.select_related("programme__federation").get(pk=pk)
    except (SubsidyCategory.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该补贴类别") from None
    subsidy_programme_for(user, category.programme_id, manage=True)
    return category


def sees_all_applications(user, programme: SubsidyProgramme) -> bool:
    return scope_for(user).sees_federation(programme.federation_id)


def subsidy_applications_visible(user, programme: SubsidyProgramme | None = None):
    """The applications the user sees (of one programme, or of all): staff and leaders see
    their 科协's, a secretary only its own society's."""
    applications = SubsidyApplication.objects.all()
    if programme is not None:
        applications = applications.filter(category__programme=programme)
        if sees_all_applications(user, programme):
            return applications
        return applications.filter(society__in=societies_filled_in(user))
    return applications.filter(
        Q(category__programme__federation__in=federations_visible(user))
        | Q(society__in=societies_filled_in(user))
    )


def subsidy_application_for(user, pk, *, manage: bool = False) -> SubsidyApplication:
    """An application the user sees (404, another society's too); `manage`: 403 unless the
    user administers its 科协."""
    try:
        application = SubsidyApplication.objects.select_related(
            "society", "category__programme__federation"
        ).get(pk=pk, pk__in=subsidy_applications_visible(user).values("pk"))
    except (SubsidyApplication.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该补贴申请") from None
    if manage and not administers(user, application.category.programme.federation_id):
        raise PermissionDenied("只有本科协管理员可以进行此操作")
    return application
