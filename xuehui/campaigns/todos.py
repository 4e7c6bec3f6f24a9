"""The campaign loop's to-dos: self-assessments, evidence and rectification owed by a society,
reviews owed by an expert, disputes and lateness a 科协 has to act on."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, Min, Q
from django.urls import reverse

from xuehui.access import federations_administered, scope_for, societies_filled_in
from xuehui.rules.choices import Status
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .choices import OWED_UNTIL, CampaignStatus, SelfAssessment, State
from .models import Campaign, CampaignEntry, CampaignItem
from .selectors import disputed, expert_queue


def self_assess_key(entry_id: int) -> str:
    return f"self-assess:{entry_id}"


def rectify_key(entry_id: int) -> str:
    return f"rectify:{entry_id}"


def review_key(entry_id: int) -> str:
    return f"review:{entry_id}"


def review_campaign_key(campaign_id: int) -> str:
    return f"review-campaign:{campaign_id}"


def _secretary(user) -> Iterator[Todo]:
    entries = (
        CampaignEntry.objects.filter(
            society__in=societies_filled_in(user),
            campaign__status=CampaignStatus.OPEN,
            state__in=[State.PENDING, State.RECTIFYING],
        )
        .select_related("campaign", "society")
        .annotate(
            total=Count("items", distinct=True),
            assessed=Count("items", filter=~Q(items__self_assessment=""), distinct=True),
            unproven=Count(
                "items",
                filter=Q(
                    items__auto_status=Status.NEEDS_EVIDENCE,
                    items__evidence__isnull=True,
                )
                & ~Q(
                    items__self_assessment__in=[
                        SelfAssessment.NOT_MET,
                        SelfAssessment.NOT_APPLICABLE,
                    ]
                ),
                distinct=True,
            ),
            rectifying=Count("items", filter=Q(items__state=State.RECTIFYING), distinct=True),
            rectify_by=Min(
                "items__rectification_deadline", filter=Q(items__state=State.RECTIFYING)
            ),
        )
        .order_by("campaign__self_assessment_deadline", "society__name")
    )
    for entry in entries:
        campaign, url = entry.campaign, reverse("campaigns:entry", args=[entry.pk])
        title = f"{entry.society.name} · {campaign.name}"
        if entry.state == State.PENDING:
            yield Todo(
                key=self_assess_key(entry.pk),
                kind=TodoKind.SELF_ASSESS,
                title=title,
                url=url,
                due=campaign.self_assessment_deadline,
                detail=f"已自评 {entry.assessed} / {entry.total} 项",
            )
            if entry.unproven:
                yield Todo(
                    key=f"evidence:{entry.pk}",
                    kind=TodoKind.EVIDENCE,
                    title=title,
                    url=url,
                    due=campaign.self_assessment_deadline,
                    count=entry.unproven,
                    detail=f"{entry.unproven} 项要求需上传佐证材料",
                )
        else:
            yield Todo(
                key=rectify_key(entry.pk),
                kind=TodoKind.RECTIFY,
                title=title,
                url=url,
                due=entry.rectify_by or campaign.rectification_deadline,
                count=entry.rectifying or 1,
                detail=f"{entry.rectifying} 项要求需整改并提交整改情况",
            )


def _expert(user) -> Iterator[Todo]:
    for row in expert_queue(user):
        entry, waiting = row["entry"], row["waiting"]
        if not waiting:
            continue
        yield Todo(
            key=review_key(entry.pk),
            kind=TodoKind.REVIEW,
            title=f"{entry.society.name} · {entry.campaign.name}",
            url=reverse("campaigns:review", args=[entry.pk]),
            due=entry.campaign.review_deadline,
            count=waiting,
            detail=f"{waiting} 项待评审（{entry.get_state_display()}）",
            covers=(review_campaign_key(entry.campaign_id),),
        )


# What is late in a campaign: an entry still owing the work after the deadline that ends it.
LATE = (
    ("self_assessment_deadline", "未自评"),
    ("review_deadline", "未完成评审"),
    ("rectification_deadline", "未整改"),
)


def _administrator(user, day: dt.date) -> Iterator[Todo]:
    campaigns = list(
        Campaign.objects.filter(
            federation__in=federations_administered(user), status=CampaignStatus.OPEN
        ).order_by("review_deadline", "pk")
    )
    if not campaigns:
        return
    in_dispute = Counter(
        disputed(CampaignItem.objects.filter(entry__campaign__in=campaigns)).values_list(
            "entry__campaign_id", flat=True
        )
    )
    late_filters = {
        label: Q(state__in=OWED_UNTIL[field], **{f"campaign__{field}__lt": day})
        for field, label in LATE
    }
    late = {
        row["campaign"]: row
        for row in CampaignEntry.objects.filter(campaign__in=campaigns)
        .values("campaign")
        .annotate(**{label: Count("pk", filter=q) for label, q in late_filters.items()})
    }
    for campaign in campaigns:
        if in_dispute[campaign.pk]:
            yield Todo(
                key=f"dispute:{campaign.pk}",
                kind=TodoKind.DISPUTE,
                title=campaign.name,
                url=reverse("campaigns:disputes", args=[campaign.pk]),
                due=campaign.review_deadline,
                count=in_dispute[campaign.pk],
                detail=f"{in_dispute[campaign.pk]} 项要求专家意见不一致，待裁定",
            )
        counts = late.get(campaign.pk, {})
        parts = [f"{label} {counts[label]} 个" for _, label in LATE if counts.get(label)]
        if parts:
            passed = [getattr(campaign, f) for f, label in LATE if counts.get(label)]
            yield Todo(
                key=f"overdue:{campaign.pk}",
                kind=TodoKind.OVERDUE,
                title=campaign.name,
                url=reverse("campaigns:detail", args=[campaign.pk]),
                due=min(passed),
                count=sum(counts[label] for _, label in LATE),
                detail="逾期学会：" + "、".join(parts),
            )


@register(from_records=True)
def campaign_todos(user, day: dt.date) -> Iterator[Todo]:
    scope = scope_for(user)
    if scope.edits_societies:
        yield from _secretary(user)
    if scope.is_expert:
        yield from _expert(user)
    if scope.is_federation_staff:
        yield from _administrator(user, day)
