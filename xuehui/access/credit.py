"""信用档案: a society's credit record is read by its secretary and by the staff and leaders of
its 科协 (and those above); experts and other societies get 404. Its entries — commendations,
sanctions, listings on the 活动异常名录 — are recorded by the 科协's administrators only (403 for
the rest who see them): a society does not grade itself."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from xuehui.credit.models import Commendation, Listing, Sanction
from xuehui.societies.models import Society

from .scope import administers
from .societies import own_society_for, sees_as_own_or_federation

_MANAGE = "只有该学会所属科协的管理员可以登记信用信息"


def may_manage_credit(user, society: Society) -> bool:
    return administers(user, society.federation_id)


def require_manage_credit(actor, society: Society) -> None:
    if not may_manage_credit(actor, society):
        raise PermissionDenied(_MANAGE)


def credit_society_for(user, pk, *, manage: bool = False) -> Society:
    """The society whose credit record the user reads (404), `manage`: records in it (403)."""
    society = own_society_for(user, pk)
    if manage:
        require_manage_credit(user, society)
    return society


def credit_entry_for(user, model: type[Commendation | Sanction | Listing], pk) -> Model:
    """A commendation, sanction or listing, to be changed by its society's 科协 (404 / 403)."""
    try:
        entry = model.objects.select_related("society__federation").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录") from None
    if not sees_as_own_or_federation(user, entry.society):
        raise Http404("未找到该记录")
    require_manage_credit(user, entry.society)
    return entry
