"""Campaigns (评估检查工作), the societies taking part in them (参评学会, `CampaignEntry`),
their items (评估事项) and evidence (佐证材料).

A campaign belongs to the 科协 that runs it: its administrators manage it, its leaders read it.
A taking-part society and its items are seen by the society's own people and by 科协 staff; an
expert sees an item or its evidence only through an assignment covering that requirement, and
only once the society has submitted.
"""

from django.db.models import QuerySet
from django.http import Http404

from xuehui.campaigns.choices import State
from xuehui.campaigns.models import Campaign, CampaignEntry, CampaignItem, Evidence

from .experts import expert_covers, expert_prefixes
from .scope import require_administers, scope_for
from .societies import sees_as_own_or_federation, society_for


def _first(queryset: QuerySet, pk):
    """The row with that primary key, or None, also for a key that is not a number."""
    return queryset.filter(pk=pk).first() if str(pk).isdigit() else None


def campaigns_visible(user) -> QuerySet[Campaign]:
    """Campaigns of the federations the user administers or leads (and those below)."""
    scope = scope_for(user)
    campaigns = Campaign.objects.select_related("federation", "created_by")
    if scope.is_system_admin:
        return campaigns
    return campaigns.filter(federation_id__in=scope.visible_federation_ids)


def campaign_for(
    user, pk, *, edit: bool = False, message: str = "您没有管理该评估检查工作的权限"
) -> Campaign:
    """A campaign the user's federation runs (404 otherwise); with `edit`, 403 for leaders."""
    campaign = _first(campaigns_visible(user), pk)
    if campaign is None:
        raise Http404("未找到该评估检查工作")
    if edit:
        require_administers(user, campaign.federation_id, message)
    return campaign


def entry_queryset() -> QuerySet[CampaignEntry]:
    return CampaignEntry.objects.select_related(
        "campaign", "campaign__federation", "society", "society__federation"
    )


def entry_for(user, pk, *, edit: bool = False) -> CampaignEntry:
    """A society's place in a campaign, scoped like the society itself (404 / 403); experts
    reach it through `entry_for_expert`."""
    entry = _first(entry_queryset(), pk)
    if entry is None or not sees_as_own_or_federation(user, entry.society):
        raise Http404("未找到该学会的评估检查")
    society_for(user, entry.society_id, edit=edit)
    return entry


def entry_for_expert(user, pk) -> tuple[CampaignEntry, list[str]]:
    """A society the expert is assigned to in an open campaign, and the prefixes; 404 otherwise."""
    entry = _first(entry_queryset(), pk)
    prefixes = expert_prefixes(user, entry) if entry else None
    if prefixes is None:
        raise Http404("未找到该学会的评审任务")
    return entry, prefixes


def item_for(user, pk, *, edit: bool = False) -> CampaignItem:
    """An item of a society's campaign, scoped by the society (secretaries and 科协 staff)."""
    item = _first(
        CampaignItem.objects.select_related(
            "entry", "entry__campaign", "entry__society", "requirement", "requirement__version"
        ),
        pk,
    )
    if item is None or not sees_as_own_or_federation(user, item.entry.society):
        raise Http404("未找到该评估事项")
    society_for(user, item.entry.society_id, edit=edit)
    return item


def item_for_expert(user, pk) -> CampaignItem:
    item = _first(
        CampaignItem.objects.select_related(
            "entry", "entry__campaign", "entry__society", "requirement"
        ),
        pk,
    )
    if item is None or not expert_covers(expert_prefixes(user, item.entry), item.requirement.key):
        raise Http404("未找到该评审事项")
    return item


def evidence_visible_to_expert(user, evidence: Evidence) -> bool:
    """Experts see what a society has submitted, never its drafts, and only for a requirement
    assigned to them (an expert's society-wide scope is not enough)."""
    entry = evidence.item.entry
    return entry.state != State.PENDING and expert_covers(
        expert_prefixes(user, entry), evidence.item.requirement.key
    )


def evidence_for(user, pk) -> Evidence:
    """Evidence the user may see: as the society's secretary or 科协 staff, or as an expert
    assigned to that requirement of that society while the campaign is under way; 404 for
    everyone else."""
    evidence = _first(
        Evidence.objects.select_related(
            "file", "item", "item__requirement", "item__entry", "item__entry__society"
        ),
        pk,
    )
    if evidence is None:
        raise Http404("未找到该佐证材料")
    if sees_as_own_or_federation(user, evidence.item.entry.society):
        return evidence
    if evidence_visible_to_expert(user, evidence):
        return evidence
    raise Http404("未找到该佐证材料")
