"""Reform work plans (整改工作方案): a plan is the society's, inside its place in a campaign.
The society's people and everyone who sees the society read it and (editors) write it; the
administrators of the 科协 running the campaign review it; its leaders read the 科协's list."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from xuehui.campaigns.models import Campaign, CampaignEntry
from xuehui.workplans.models import PlanTask, Problem, WorkPlan

from .campaigns import campaign_for
from .societies import society_for


def plan_entry_for(user, pk, *, edit: bool = False) -> CampaignEntry:
    """A society's place in a campaign, for its plan: whoever may see (`edit`: change) the society."""
    try:
        entry = CampaignEntry.objects.select_related("campaign", "society").get(pk=pk)
    except (CampaignEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该学会的评估检查工作") from None
    society_for(user, entry.society_id, edit=edit)
    return entry


def plan_for(user, queryset: QuerySet[WorkPlan], pk, *, edit: bool = False) -> WorkPlan:
    """A plan of `queryset`, scoped by its society (404 / 403)."""
    try:
        plan = queryset.get(pk=pk)
    except (WorkPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该工作方案") from None
    society_for(user, plan.entry.society_id, edit=edit)
    return plan


def plan_part_for(user, model: type[Problem] | type[PlanTask], pk, *, edit: bool = True):
    """A problem or task of a plan, scoped by the plan's society."""
    try:
        obj = model.objects.select_related("plan__entry__campaign", "plan__entry__society").get(
            pk=pk
        )
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录") from None
    society_for(user, obj.plan.entry.society_id, edit=edit)
    return obj


def plans_campaign_for(user, pk, *, manage: bool = False) -> Campaign:
    """A campaign whose plans the user reads (its 科协's staff and leaders); `manage`: reviews them."""
    return campaign_for(user, pk, edit=manage, message="您没有审核本次工作方案的权限")


def plan_for_review(user, queryset: QuerySet[WorkPlan], pk, *, manage: bool = False) -> WorkPlan:
    """A plan seen from its campaign's 科协; those who see it only from the society side get 403."""
    try:
        plan = queryset.get(pk=pk)
    except (WorkPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该工作方案") from None
    try:
        plans_campaign_for(user, plan.entry.campaign_id, manage=manage)
    except Http404:
        # Those who see the plan from its society side may read it, but not review it.
        society_for(user, plan.entry.society_id)
        raise PermissionDenied("只有本级科协管理员可以审核工作方案") from None
    return plan
