"""Expert reviewers (评审专家): what they review is what they are assigned, in campaigns that
are under way; a society-wide assignment covers every requirement, a prefix a group of them."""

from django.db.models import F, Q, QuerySet

from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import CampaignEntry, ExpertAssignment, key_in_prefix


def expert_assignments(user, *, campaign_id: int | None = None) -> QuerySet[ExpertAssignment]:
    """The user's assignments in campaigns under way (open), with campaign and society."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ExpertAssignment.objects.none()
    found = ExpertAssignment.objects.filter(
        expert=user, campaign__status=CampaignStatus.OPEN
    ).select_related("campaign", "society")
    if campaign_id is not None:
        found = found.filter(campaign_id=campaign_id)
    return found


def expert_society_ids(user) -> frozenset:
    """Societies an expert reviews now: those assigned by name, or every society of a running
    campaign where the assignment names none (one query)."""
    rows = CampaignEntry.objects.filter(
        Q(campaign__assignments__society__isnull=True)
        | Q(society_id=F("campaign__assignments__society_id")),
        campaign__status=CampaignStatus.OPEN,
        campaign__assignments__expert=user,
    ).values_list("society_id", flat=True)
    return frozenset(rows)


def expert_prefixes(user, entry: CampaignEntry) -> list[str] | None:
    """The requirement prefixes the expert reviews in that society ("" = all); None = not assigned."""
    prefixes = [
        a.requirement_prefix
        for a in expert_assignments(user, campaign_id=entry.campaign_id)
        if a.society_id in (None, entry.society_id)
    ]
    return prefixes or None


def expert_covers(prefixes: list[str] | None, key: str) -> bool:
    """Whether assignment prefixes (from `expert_prefixes`) cover the requirement `key`."""
    return prefixes is not None and any(key_in_prefix(key, p) for p in prefixes)
