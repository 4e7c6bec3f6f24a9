"""Reads of campaigns shared by pages, services and exports; each owns its joins and counts."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, Prefetch, Q, QuerySet, When
from django.utils import timezone

from xuehui.access import (
    can_edit_society,
    entry_queryset,
    expert_assignments,
    expert_covers,
    societies_filled_in,
)
from xuehui.rules.choices import Status

from .choices import (
    FINAL_STATES,
    TRANSITIONS,
    UNDER_REVIEW,
    CampaignStatus,
    DecisionSource,
    Outcome,
    SelfAssessment,
    State,
    VerdictKind,
)
from .models import (
    Campaign,
    CampaignEntry,
    CampaignItem,
    Evidence,
    ExpertAssignment,
    ItemResultHistory,
    Transition,
    Verdict,
    key_in_prefix,
)

DECIDED_AUTOMATICALLY = (
    Status.PASS,
    Status.FAIL,
    Status.NOT_APPLICABLE,
    Status.NOT_DONE,
    Status.NOT_CHOSEN,
)
# Not counted in a campaign's pass rate: out of scope, not chosen, or encouraged and not done.
NOT_IN_PASS_RATE = (Status.NOT_APPLICABLE, Status.NOT_CHOSEN, Status.NOT_DONE)


# ---- what a requirement's review has decided ------------------------------------------------


@dataclass(frozen=True)
class ItemDecision:
    """The verdict that counts for an item: the administrator's, the experts' unanimous one, or
    the automatic one where the data and the self-assessment agree; `disputed` when experts differ."""

    verdict: str = ""
    source: DecisionSource | None = None
    disputed: bool = False

    @property
    def label(self) -> str:
        if self.disputed:
            return "专家意见不一致"
        if self.source == DecisionSource.AUTOMATIC:
            return f"预判：{VerdictKind(self.verdict).label}（自动核验与自评一致）"
        return VerdictKind(self.verdict).label if self.verdict else "待评审"

    @property
    def badge(self) -> str:
        """What the badge says: a verdict someone gave (结论：…, by whom), or the derived 预判."""
        if self.source == DecisionSource.AUTOMATIC:
            return self.label
        who = SOURCE_LABELS.get(self.source, "") if self.source else ""
        return f"结论：{self.label}" + (f"（{who}）" if who else "")


SOURCE_LABELS = {DecisionSource.RESOLUTION: "科协裁定", DecisionSource.EXPERTS: "专家评审"}


# Keyed by the stored value: `auto_status` may be blank on an item not yet checked.
AUTOMATIC_AGREEMENT: dict[str, str] = {
    Status.PASS: SelfAssessment.MET,
    Status.NOT_APPLICABLE: SelfAssessment.NOT_APPLICABLE,
    Status.NOT_CHOSEN: SelfAssessment.NOT_APPLICABLE,
}


def item_decision(item: CampaignItem, verdicts: list[Verdict]) -> ItemDecision:
    if item.resolution:
        return ItemDecision(item.resolution, DecisionSource.RESOLUTION)
    kinds = {v.verdict for v in verdicts}
    if len(kinds) > 1:
        return ItemDecision(disputed=True)
    if kinds:
        return ItemDecision(kinds.pop(), DecisionSource.EXPERTS)
    if AUTOMATIC_AGREEMENT.get(item.auto_status) == item.self_assessment:
        return ItemDecision(VerdictKind.PASS, DecisionSource.AUTOMATIC)
    return ItemDecision()


# ---- a secretary's campaigns and an expert's queue ----------------------------------------


def entries_of_user(user) -> QuerySet[CampaignEntry]:
    """The campaigns of the societies the user fills in for (a secretary's list)."""
    return (
        entry_queryset()
        .filter(society__in=societies_filled_in(user))
        .exclude(campaign__status__in=[CampaignStatus.DRAFT, CampaignStatus.WITHDRAWN])
        .order_by("-campaign__created_at", "society__name")
    )


def expert_queue(user) -> list[dict]:
    """Per assigned society: its state and how many of the expert's requirements await a verdict
    (a submitted society's too, before 开始评审; not those the data and the society's own
    assessment already agree on), most urgent first: work waiting, then by the
    review deadline; societies that have not submitted yet come last."""
    assignments = list(expert_assignments(user))
    if not assignments:
        return []
    whole = {a.campaign_id for a in assignments if a.society_id is None}
    named = {(a.campaign_id, a.society_id) for a in assignments if a.society_id}
    entries = entry_queryset().filter(
        Q(campaign_id__in=whole) | Q(pk__in=[e.pk for e in _entries_for_pairs(named)])
    )
    prefixes: dict = defaultdict(list)
    for a in assignments:
        prefixes[(a.campaign_id, a.society_id)].append(a.requirement_prefix)
    mine = set(
        Verdict.objects.filter(expert=user, item__entry__in=entries).values_list(
            "item_id", flat=True
        )
    )
    items = (
        CampaignItem.objects.filter(entry__in=entries, state__in=[*UNDER_REVIEW, State.SUBMITTED])
        .values_list("pk", "entry_id", "requirement__key", "auto_status", "self_assessment")
        .order_by()
    )
    waiting: Counter = Counter()
    rows = list(entries.order_by("campaign__review_deadline", "society__name"))
    by_pk = {e.pk: e for e in rows}
    for pk, entry_id, key, auto_status, assessment in items:
        if AUTOMATIC_AGREEMENT.get(auto_status) == assessment:
            continue  # the data and the society agree: decided without a verdict
        entry = by_pk[entry_id]
        own = prefixes[(entry.campaign_id, None)] + prefixes[(entry.campaign_id, entry.society_id)]
        if pk not in mine and any(key_in_prefix(key, p) for p in own):
            waiting[entry_id] += 1
    rows.sort(
        key=lambda e: (
            e.state == State.PENDING,
            not waiting[e.pk],
            e.campaign.review_deadline,
            e.society.name,
        )
    )
    return [{"entry": e, "waiting": waiting[e.pk]} for e in rows]


def _entries_for_pairs(pairs: set) -> QuerySet[CampaignEntry]:
    query = Q(pk__in=[])
    for campaign_id, society_id in pairs:
        query |= Q(campaign_id=campaign_id, society_id=society_id)
    return CampaignEntry.objects.filter(query).only("pk")


# ---- a society's page -----------------------------------------------------------------------


def items_of_entry(entry: CampaignEntry) -> QuerySet[CampaignItem]:
    """Every item of a society in document order, with evidence, verdicts and requirement."""
    return (
        CampaignItem.objects.filter(entry=entry)
        .select_related("requirement", "requirement__version__framework")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related(
                    "file", "rule_document", "meeting", "activity", "added_by"
                ).order_by("added_at", "id"),
            ),
            Prefetch(
                "verdicts", queryset=Verdict.objects.select_related("expert").order_by("at", "id")
            ),
            Prefetch("history", queryset=ItemResultHistory.objects.order_by("-replaced_at", "-id")),
        )
        .order_by("position", "id")
    )


@dataclass
class ItemRow:
    """An item with what a page shows beside it."""

    item: CampaignItem
    decision: ItemDecision
    mine: Verdict | None = None
    others: list = field(default_factory=list)
    heading: list = field(default_factory=list)  # group titles that start before this item


def item_rows(entry: CampaignEntry, *, expert=None, prefixes=None) -> list[ItemRow]:
    """Rows for a society's items (only the expert's requirements when `prefixes` is given)."""
    items = list(items_of_entry(entry))
    if prefixes is not None:
        items = [i for i in items if expert_covers(prefixes, i.requirement.key)]
    groups = _group_titles(items)
    rows = []
    for item in items:
        verdicts = list(item.verdicts.all())
        mine = next((v for v in verdicts if expert and v.expert_id == expert.pk), None)
        rows.append(
            ItemRow(
                item=item,
                decision=item_decision(item, verdicts),
                mine=mine,
                others=[v for v in verdicts if v is not mine],
                heading=groups.get(item.pk, []),
            )
        )
    return rows


def item_row(item: CampaignItem, *, expert=None) -> ItemRow:
    """One row again after an htmx update (a fixed number of queries)."""
    fresh = items_of_entry(item.entry).get(pk=item.pk)
    verdicts = list(fresh.verdicts.all())
    mine = next((v for v in verdicts if expert and v.expert_id == expert.pk), None)
    return ItemRow(
        fresh, item_decision(fresh, verdicts), mine, [v for v in verdicts if v is not mine]
    )


def _group_titles(items: list[CampaignItem]) -> dict[int, list]:
    """For each item, the group requirements (no decision of their own) it is the first item of."""
    from xuehui.rules.models import Requirement

    version_ids = {i.requirement.version_id for i in items}
    groups = {
        (r.version_id, r.key): r
        for r in Requirement.objects.filter(version_id__in=version_ids, decision="").order_by()
    }
    shown: set[int] = set()
    result = {}
    for item in items:
        chain, key = [], item.requirement.parent_key
        while key and (item.requirement.version_id, key) in groups:
            chain.append(groups[(item.requirement.version_id, key)])
            key = chain[-1].parent_key
        fresh = [g for g in reversed(chain) if g.pk not in shown]
        shown.update(g.pk for g in fresh)
        if fresh:
            result[item.pk] = fresh
    return result


def entry_summary(entry: CampaignEntry) -> dict:
    return campaign_entry_stats(entry.campaign, entry_ids=[entry.pk]).get(entry.pk, _empty_stats())


def transitions_of(entry: CampaignEntry) -> QuerySet[Transition]:
    return (
        Transition.objects.filter(entry=entry)
        .select_related("actor", "item__requirement", "reverts", "reverted_by")
        .order_by("-at", "-id")
    )


def experts_of(entry: CampaignEntry) -> list:
    """The experts assigned to that society in its campaign."""
    assignments = ExpertAssignment.objects.filter(campaign_id=entry.campaign_id).filter(
        Q(society__isnull=True) | Q(society_id=entry.society_id)
    )
    users = {a.expert_id: a.expert for a in assignments.select_related("expert")}
    return [u for u in users.values() if u.is_active]


# ---- the 科协's progress page ---------------------------------------------------------------


def _empty_stats() -> dict:
    return {
        "total": 0,
        "decided": 0,
        "auto_pass": 0,
        "auto_applicable": 0,
        "outstanding": 0,
        "overdue": 0,
        "percent_decided": None,
        "pass_rate": None,
    }


def campaign_entry_stats(
    campaign: Campaign, *, entry_ids=None, today: dt.date | None = None
) -> dict:
    """Per society (one grouped query over the items, one over the evidence): items, decided,
    automatic pass rate, evidence outstanding (items the engine says need evidence and that
    have none) and overdue items."""
    today = today or timezone.localdate()
    items = CampaignItem.objects.filter(entry__campaign=campaign)
    if entry_ids is not None:
        items = items.filter(entry_id__in=entry_ids)
    late_self = (
        Q(entry__state=State.PENDING, self_assessment="")
        if (campaign.self_assessment_deadline < today)
        else Q(pk__in=[])
    )
    rows = (
        items.values("entry_id")
        .annotate(
            total=Count("id"),
            decided=Count(
                "id", filter=Q(state__in=FINAL_STATES) | Q(auto_status__in=DECIDED_AUTOMATICALLY)
            ),
            auto_pass=Count("id", filter=Q(auto_status=Status.PASS)),
            auto_applicable=Count("id", filter=~Q(auto_status__in=NOT_IN_PASS_RATE)),
            needs_evidence=Count("id", filter=Q(auto_status=Status.NEEDS_EVIDENCE)),
            overdue=Count(
                "id",
                filter=Q(state=State.RECTIFYING, rectification_deadline__lt=today) | late_self,
            ),
        )
        .order_by()
    )
    # Apart, not as NOT EXISTS in the aggregate: a subquery per item makes PostgreSQL's
    # estimate large enough to compile the query (JIT), which cost more than the whole count.
    proven = _proven(items)
    stats = {}
    for row in rows:
        stat: dict = {key: value for key, value in row.items() if key != "entry_id"}
        stat["outstanding"] = stat.pop("needs_evidence") - proven.get(row["entry_id"], 0)
        stat["percent_decided"] = (
            round(100 * row["decided"] / row["total"]) if row["total"] else None
        )
        stat["pass_rate"] = (
            round(100 * row["auto_pass"] / row["auto_applicable"])
            if row["auto_applicable"]
            else None
        )
        stats[row["entry_id"]] = stat
    return stats


def _proven(items: QuerySet[CampaignItem]) -> dict[int, int]:
    """Per entry, its items needing evidence that have some."""
    return dict(
        items.filter(auto_status=Status.NEEDS_EVIDENCE, evidence__isnull=False)
        .values("entry_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("entry_id", "n")
        .order_by()
    )


SORTS = {
    "name": lambda r: r["entry"].society.name,
    "state": lambda r: list(State.values).index(r["entry"].state),
    "decided": lambda r: r["stats"]["percent_decided"] or 0,
    "pass_rate": lambda r: -1 if r["stats"]["pass_rate"] is None else r["stats"]["pass_rate"],
    "outstanding": lambda r: r["stats"]["outstanding"],
    "overdue": lambda r: r["stats"]["overdue"],
    "federation": lambda r: r["entry"].society.federation.name,
}
# The sorts the database does itself: a page then needs the counts of its own societies only.
BY_NAME = ("society__name", "pk")
DB_SORTS: dict[str, F | Case] = {
    "name": F("society__name"),
    "federation": F("society__federation__name"),
    "state": Case(*(When(state=s, then=n) for n, s in enumerate(State.values))),
}
PROGRESS_PER_PAGE = 50


def _progress_entries(
    campaign: Campaign, *, state: str = "", federation_id=None, q: str = ""
) -> QuerySet[CampaignEntry]:
    entries = entry_queryset().filter(campaign=campaign)
    if state:
        entries = entries.filter(state=state)
    if federation_id:
        entries = entries.filter(society__federation_id=federation_id)
    if q:
        entries = entries.filter(society__name__icontains=q.strip())
    return entries


def _with_stats(entries, stats: dict) -> list[dict]:
    return [{"entry": e, "stats": stats.get(e.pk, _empty_stats())} for e in entries]


def campaign_progress(
    campaign: Campaign, *, state: str = "", federation_id=None, q: str = "", sort: str = "name"
) -> list[dict]:
    """The progress table: one row per society with its counts, filtered and sorted."""
    entries = _progress_entries(campaign, state=state, federation_id=federation_id, q=q)
    rows = _with_stats(entries.order_by(*BY_NAME), campaign_entry_stats(campaign))
    key = sort.lstrip("-")
    if key in SORTS:
        rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return rows


# What a row of the progress table reads (_progress_table.html, SORTS): the entry's state and
# its society's and 科协's names; the other columns of the four joined tables are not loaded.
PROGRESS_ROW_FIELDS = ("state", "society__name", "society__federation__name")


def campaign_progress_page(
    campaign: Campaign,
    *,
    page: str | int | None = None,
    state: str = "",
    federation_id=None,
    q: str = "",
    sort: str = "name",
) -> Page:
    """One page of the progress table. Sorted by name, 科协 or state, the database orders and
    counts the societies and the counts are taken for the page's societies only; sorted by a
    count, every filtered society's counts are needed first (one grouped query)."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    entries = (
        _progress_entries(campaign, state=state, federation_id=federation_id, q=q)
        .select_related(None)
        .select_related("society__federation")
        .only(*PROGRESS_ROW_FIELDS)
    )
    if key not in DB_SORTS:
        filtered = bool(state or federation_id or q)
        return _page_by_counts(campaign, entries, page, sort, filtered=filtered)
    first = DB_SORTS[key].desc() if descending else DB_SORTS[key].asc()
    found = Paginator(entries.order_by(first, *BY_NAME), PROGRESS_PER_PAGE).get_page(page)
    shown = list(found.object_list)
    stats = campaign_entry_stats(campaign, entry_ids=[e.pk for e in shown])
    return Page(_with_stats(shown, stats), found.number, found.paginator)


def _page_by_counts(campaign, entries, page, sort: str, *, filtered: bool) -> Page:
    """Sorted by a count: the counts of every society shown (one grouped query), sorted, and
    then only the page's societies loaded."""
    ids = list(entries.order_by(*BY_NAME).values_list("pk", flat=True))
    stats = campaign_entry_stats(campaign, entry_ids=ids if filtered else None)
    rows = [{"pk": pk, "stats": stats.get(pk, _empty_stats())} for pk in ids]
    if sort.lstrip("-") in SORTS:
        rows.sort(key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    found = Paginator(rows, PROGRESS_PER_PAGE).get_page(page)
    loaded = entries.in_bulk([row["pk"] for row in found.object_list])
    found.object_list = [
        {"entry": loaded[row["pk"]], "stats": row["stats"]} for row in found.object_list
    ]
    return found


def campaign_charts(campaign: Campaign) -> dict:
    """Data for the two charts: societies by state, and by federation and state."""
    counts = (
        CampaignEntry.objects.filter(campaign=campaign)
        .values("society__federation__name", "state")
        .annotate(n=Count("id"))
        .order_by("society__federation__name", "state")
    )
    by_state: Counter = Counter()
    by_federation: dict = defaultdict(Counter)
    for row in counts:
        by_state[row["state"]] += row["n"]
        by_federation[row["society__federation__name"]][row["state"]] += row["n"]
    federations = sorted(by_federation)
    return {
        "states": [{"value": s.value, "label": s.label, "count": by_state[s.value]} for s in State],
        "federations": federations,
        "series": [
            {"label": s.label, "data": [by_federation[f][s.value] for f in federations]}
            for s in State
        ],
    }


def campaign_totals(campaign: Campaign) -> dict:
    counts = dict(
        CampaignEntry.objects.filter(campaign=campaign)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(counts.values())
    final = sum(counts.get(s, 0) for s in FINAL_STATES)
    return {
        "societies": total,
        "final": final,
        "complete": bool(total) and final == total,
        "by_state": counts,
    }


def disputed(items: QuerySet[CampaignItem]) -> QuerySet[CampaignItem]:
    """Of `items`, those under review on which the experts disagree and nobody has resolved yet."""
    return (
        items.filter(state__in=UNDER_REVIEW, resolution="")
        .annotate(kinds=Count("verdicts__verdict", distinct=True))
        .filter(kinds__gt=1)
    )


def disputed_items(campaign: Campaign) -> list[ItemRow]:
    """The campaign's disputed items with their verdicts, for the administrator to resolve."""
    candidates = (
        disputed(CampaignItem.objects.filter(entry__campaign=campaign))
        .select_related("entry__society", "requirement")
        .prefetch_related(
            Prefetch(
                "verdicts", queryset=Verdict.objects.select_related("expert").order_by("at", "id")
            )
        )
        .order_by("entry__society__name", "position")
    )
    return [ItemRow(item, item_decision(item, list(item.verdicts.all()))) for item in candidates]


def disputed_count(campaign: Campaign) -> int:
    """How many items `disputed_items` would list (one count query, no rows loaded)."""
    return disputed(CampaignItem.objects.filter(entry__campaign=campaign)).count()


def export_size(campaign: Campaign) -> int:
    """The item rows the campaign's export would hold (one count query)."""
    return CampaignItem.objects.filter(entry__campaign=campaign).count()


def export_items(campaign: Campaign) -> QuerySet[CampaignItem]:
    """Every item of the campaign for the xlsx export, with what its columns read."""
    return (
        CampaignItem.objects.filter(entry__campaign=campaign)
        .select_related(
            "entry__society__federation", "requirement__version__framework", "resolved_by"
        )
        .prefetch_related(
            Prefetch(
                "verdicts", queryset=Verdict.objects.select_related("expert").order_by("at", "id")
            )
        )
        .annotate(evidence_count=Count("evidence"))
        .order_by("entry__society__name", "entry_id", "position", "id")
    )


def can_edit_entry(user, entry: CampaignEntry) -> bool:
    return can_edit_society(user, entry.society)


def campaign_acted_on(campaign: Campaign) -> list[str]:
    """What the societies have already done in the campaign (empty: nothing, so it may be
    withdrawn): a submission, a self-assessment, evidence, a work plan."""
    from xuehui.workplans.models import WorkPlan

    # One query, the four EXISTS side by side (asked on every view of the campaign's page);
    # each names the campaign itself, not the outer row, so each is planned as it was alone.
    asked = {
        "已提交自评": campaign.entries.exclude(state=State.PENDING),
        "已填写自评": CampaignItem.objects.filter(entry__campaign=campaign).exclude(
            self_assessment=""
        ),
        "已上传佐证材料": Evidence.objects.filter(item__entry__campaign=campaign),
        "已编制工作方案": WorkPlan.objects.filter(entry__campaign=campaign),
    }
    exists = [Exists(rows) for rows in asked.values()]
    found = Campaign.objects.filter(pk=campaign.pk).values_list(*exists).get()
    return [what for what, done in zip(asked, found, strict=True) if done]


def check_move(obj, to_state: str) -> None:
    """Refuse a move the table does not allow, naming both states in Chinese."""
    if to_state not in TRANSITIONS[obj.state]:
        what = (
            "该学会"
            if isinstance(obj, CampaignEntry)
            else f"{obj.requirement.number}“{obj.requirement.title}”"
        )
        raise ValidationError(
            f"{what}当前状态为“{State(obj.state).label}”，不能变更为“{State(to_state).label}”。"
        )


def missing_before_submission(entry: CampaignEntry) -> list[str]:
    """What stops the society from submitting, one Chinese sentence per problem."""
    problems = []
    items = list(
        entry.items.select_related("requirement")
        .annotate(evidence_count=Count("evidence"))
        .order_by("position")
    )
    unassessed = [i.requirement.number for i in items if not i.self_assessment]
    if unassessed:
        problems.append(
            f"尚未自评：{'、'.join(list(dict.fromkeys(unassessed))[:20])}"
            + ("等" if len(unassessed) > 20 else "")
            + f"（共{len(unassessed)}项）。"
        )
    unproven = [
        i.requirement.number
        for i in items
        if i.auto_status == Status.NEEDS_EVIDENCE
        and i.self_assessment in (SelfAssessment.MET, SelfAssessment.PARTLY_MET)
        and not i.evidence_count
    ]
    if unproven:
        problems.append(
            f"自评为达标或部分达标、但尚未提供佐证材料：{'、'.join(list(dict.fromkeys(unproven))[:20])}。"
        )
    return problems


def review_outcome(entry: CampaignEntry) -> tuple[str | None, list[str]]:
    """What the verdicts conclude for the society now, or None with the reasons it cannot yet."""
    rows = [r for r in item_rows(entry) if r.item.state in UNDER_REVIEW]
    if not rows:
        return None, ["没有待评审的事项。"]
    disputed = [r.item.requirement.number for r in rows if r.decision.disputed]
    undecided = [
        r.item.requirement.number
        for r in rows
        if not r.decision.disputed and not r.decision.verdict
    ]
    problems = []
    if undecided:
        problems.append(
            f"尚未评审：{'、'.join(list(dict.fromkeys(undecided))[:20])}（共{len(undecided)}项）。"
        )
    if disputed:
        problems.append(f"专家意见不一致、待管理员裁定：{'、'.join(dict.fromkeys(disputed))}。")
    if problems:
        return None, problems
    verdicts = {r.decision.verdict for r in rows}
    if VerdictKind.RECTIFY in verdicts:
        return Outcome.RECTIFY, []
    if VerdictKind.FAIL in verdicts or entry.items.filter(state=State.FAILED).exists():
        return Outcome.FAIL, []
    return Outcome.PASS, []
