"""Writes of campaigns: launch in bulk, refresh, self-assessment, evidence, review, rectification,
and every change of state through one table, logged and reversible by an administrator."""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from xuehui.access import federation_subtrees, require_administers
from xuehui.accounts.choices import Role
from xuehui.accounts.selectors import secretaries_of
from xuehui.audit.services import acting_user, audit_record
from xuehui.files.services import file_delete, file_store
from xuehui.lib.bulk import bulk_insert
from xuehui.lib.collector import paused_collector
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.models import Notification
from xuehui.notifications.services import notification_send
from xuehui.rules.choices import NOT_BINDING_NOTE, Addressee, Status
from xuehui.rules.engine import evaluate
from xuehui.rules.facts import gather
from xuehui.rules.models import FrameworkVersion, Requirement
from xuehui.rules.selectors import evaluate_frameworks, spec_of
from xuehui.societies.models import Society

from . import selectors
from .choices import (
    SOCIETY_EDITS,
    UNDER_REVIEW,
    CampaignStatus,
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
    default_assessment_year,
)
from .todos import rectify_key, review_key, self_assess_key

BATCH = 2000
EVIDENCE_PURPOSE = "campaign_evidence"


# ---- launch and refresh ---------------------------------------------------------------------


def campaign_launch(
    *,
    federation,
    name: str,
    versions: Iterable[FrameworkVersion],
    societies: Iterable[Society],
    facts_on: dt.date,
    assessment_year: int | None = None,
    plan_deadline: dt.date,
    self_assessment_deadline: dt.date,
    review_deadline: dt.date,
    rectification_deadline: dt.date,
    actor,
    notify: bool = True,
    job=None,
    progress: Callable[..., None] | None = None,
) -> Campaign:
    """Create the campaign and, in bulk, one row per society and per society × requirement,
    holding the engine's result on `facts_on` (facts gathered once for all societies). The 每年
    requirements judge `assessment_year` (考核年度; default_assessment_year of the facts date).
    `job`: the background job launching it (one campaign per job); `progress(done, total,
    stage=…)` is told the societies judged, while the items are being written, so it must not
    use this connection (jobs' `Progress.live()`)."""
    require_administers(actor, federation.pk)
    versions = list(versions)
    society_ids = sorted({s.pk if isinstance(s, Society) else int(s) for s in societies})
    _check_launch(federation, versions, society_ids)
    # The collector paused as for any evaluation (lib/collector), here while the rows stream.
    with paused_collector(), transaction.atomic():
        campaign = Campaign(
            federation=federation,
            name=name.strip(),
            facts_on=facts_on,
            assessment_year=assessment_year or default_assessment_year(facts_on),
            plan_deadline=plan_deadline,
            self_assessment_deadline=self_assessment_deadline,
            review_deadline=review_deadline,
            rectification_deadline=rectification_deadline,
            status=CampaignStatus.OPEN,
            created_by=acting_user(actor),
            launched_at=timezone.now(),
            launch_job=job,
        )
        campaign.full_clean()
        campaign.save()
        campaign.frameworks.set(versions)
        entries = CampaignEntry.objects.bulk_create(
            [
                CampaignEntry(campaign=campaign, society_id=sid, evaluated_at=campaign.launched_at)
                for sid in society_ids
            ],
            batch_size=BATCH,
        )
        # Plain tuples by COPY (executemany on SQLite), the societies judged a chunk at a time
        # while the database takes the rows of the chunks before.
        rows = _item_rows(entries, versions, facts_on, campaign.assessment_year, progress)
        bulk_insert(CampaignItem, ITEM_FIELDS, rows)
        if progress is not None:  # the commit checks every item's keys: seconds at 600,000
            progress(len(entries), len(entries), stage="正在保存")
        audit_record(
            actor=actor,
            action="campaign_launch",
            target=campaign,
            summary=f"启动评估检查工作「{campaign.name}」：{len(entries)}个学会，{len(versions)}个框架",
            detail={"societies": len(entries), "versions": [v.pk for v in versions]},
        )
        if notify:
            transaction.on_commit(lambda: _notify_launch(campaign, entries))
    return campaign


def _check_launch(federation, versions: list, society_ids: list[int]) -> None:
    if not federation.is_active:
        raise ValidationError(f"{federation.name}已停用，不能发起评估检查工作。")
    if not versions:
        raise ValidationError("请至少选择一个政策框架。")
    if len({v.framework_id for v in versions}) != len(versions):
        raise ValidationError("同一政策框架只能选择一个版本。")
    if not society_ids:
        raise ValidationError("请至少选择一个学会。")
    allowed = federation_subtrees([federation.pk])
    outside = Society.objects.filter(pk__in=society_ids).exclude(federation_id__in=allowed)
    if outside.exists() or Society.objects.filter(pk__in=society_ids).count() != len(society_ids):
        raise ValidationError("所选学会须属于本科协或其下级科协。")


def _evaluate(versions: list, society_ids: list[int], on: dt.date, year: int) -> dict:
    specs = [spec_of(v) for v in versions]
    by_key = evaluate_frameworks(specs, society_ids, on, year=min(year, on.year))
    return {v.pk: by_key[spec.key] for v, spec in zip(versions, specs, strict=True)}


def _requirement_index(versions: list) -> dict:
    """(version id, key) → (requirement id, position across the campaign's frameworks)."""
    order = {v.pk: n for n, v in enumerate(versions)}
    rows = Requirement.objects.filter(version__in=versions).values_list(
        "pk", "version_id", "key", "position"
    )
    return {(vid, key): (pk, order[vid] * 10000 + pos) for pk, vid, key, pos in rows}


def _counted(result) -> bool:
    """Items are the requirements with a decision of their own that ask something of the society."""
    return result.is_decided_here and result.requirement.addressee == Addressee.SOCIETY


ITEM_FIELDS = (
    "entry",
    "requirement",
    "position",
    "evaluated_on",
    "auto_status",
    "auto_explanation",
    "auto_actual",
    "auto_expected",
    "auto_people",
)


def _item_rows(entries, versions, on: dt.date, year: int, progress=None) -> Iterator[tuple]:
    """One tuple of ITEM_FIELDS per item (the other fields take their defaults). The queries
    (facts, requirements) are made here, before the rows are written; the engine, which reads
    no database, judges EVALUATE_CHUNK societies at a time as the rows are taken."""
    tell = progress or _silent
    tell(0, len(entries), stage="正在读取各学会的数据")
    specs = [spec_of(v) for v in versions]
    year = min(year, on.year)
    facts = {
        age: gather([e.society_id for e in entries], on, young_age=age, year=year)
        for age in {spec.young_age for spec in specs}
    }
    index = _requirement_index(versions)
    tell(0, len(entries), stage="正在核验并写入评估事项")
    framed = list(zip(versions, specs, strict=True))
    return _item_tuples(entries, framed, facts, on, year, index, tell)


def _silent(done: int, total: int | None = None, *, stage: str | None = None) -> None:
    pass


EVALUATE_CHUNK = 100  # societies judged at once: bounds the results held in memory


def _item_tuples(entries, framed, facts, on, year, index: dict, tell) -> Iterator[tuple]:
    """What is the same for every society (whether a requirement makes an item, its id and
    position) is worked out once per requirement, not once per item."""
    # Version id → (place in the results, requirement id, position) of each result that makes
    # an item: every society's results list every requirement in the same order.
    made: dict[int, list[tuple[int, int, int]]] = {}
    for start in range(0, len(entries), EVALUATE_CHUNK):
        chunk = entries[start : start + EVALUATE_CHUNK]
        results = _judged([e.society_id for e in chunk], framed, facts, on, year)
        for entry in chunk:
            for vid, by_society in results:
                judged = by_society[entry.society_id]
                places = made.get(vid)
                if places is None:
                    places = made[vid] = [
                        (n, *index[(vid, r.requirement.key)])
                        for n, r in enumerate(judged)
                        if _counted(r)
                    ]
                for n, requirement, position in places:
                    yield (entry.pk, requirement, position, on, *_result_values(judged[n]))
        tell(start + len(chunk), len(entries))


def _judged(society_ids: list[int], framed, facts, on, year) -> list[tuple[int, dict]]:
    """(version id, results by society) of every framework for these societies."""
    return [
        (
            version.pk,
            evaluate(spec, {sid: facts[spec.young_age][sid] for sid in society_ids}, on, year=year),
        )
        for version, spec in framed
    ]


def _result_values(result) -> tuple:
    """RESULT_FIELDS of one result as bulk_insert writes them (auto_people as JSON text)."""
    if result.binding:
        status, explanation = result.status, result.explanation
    else:
        status, explanation = _not_binding(result)
    people = json.dumps(list(result.people)) if result.people else "[]"
    return status, explanation, result.actual[:300], result.expected[:300], people


def _not_binding(result) -> tuple[str, str]:
    """A campaign counts binding results only: a pilot standard judged for a society outside the
    programme, or a framework its 科协 adopted for reference only, is kept for comparison (its
    status stated in the explanation) and not counted."""
    why = "" if result.binding_note == NOT_BINDING_NOTE else f"{result.binding_note}；"
    return Status.NOT_APPLICABLE, f"（{why}对照结果：{result.status_label}）{result.explanation}"


def _result_fields(result) -> dict:
    """RESULT_FIELDS of one result as the model holds them (the refresh compares them)."""
    values = dict(zip(RESULT_FIELDS, _result_values(result), strict=True))
    return values | {"auto_people": list(result.people)}


RESULT_FIELDS = ("auto_status", "auto_explanation", "auto_actual", "auto_expected", "auto_people")


def campaign_refresh(*, campaign: Campaign, actor, on: dt.date | None = None, entries=None) -> int:
    """Evaluate again (on the campaign's facts date unless told) the societies not yet decided;
    an item whose result changes keeps the old one in its history. Returns how many changed."""
    _require_admin(actor, campaign)
    _require_open(campaign)
    on = on or campaign.facts_on
    entries = list(
        (entries if entries is not None else campaign.entries.all()).exclude(
            state__in=[State.PASSED, State.FAILED]
        )
    )
    versions = _ordered_versions(campaign)
    results = _evaluate(versions, [e.society_id for e in entries], on, campaign.assessment_year)
    index = _requirement_index(versions)
    fresh = {
        (entry.pk, index[(v.pk, r.requirement.key)][0]): _result_fields(r)
        for entry in entries
        for v in versions
        for r in results[v.pk].get(entry.society_id, [])
        if _counted(r)
    }
    changed, history, now = [], [], timezone.now()
    for item in CampaignItem.objects.filter(entry__in=entries).order_by("pk"):
        new = fresh.get((item.entry_id, item.requirement_id))
        if new is None:
            continue
        if all(getattr(item, k) == v for k, v in new.items()) and item.evaluated_on == on:
            continue
        history.append(_history_of(item, now))
        for name, value in new.items():
            setattr(item, name, value)
        item.evaluated_on = on
        changed.append(item)
    with transaction.atomic():
        ItemResultHistory.objects.bulk_create(history, batch_size=BATCH)
        CampaignItem.objects.bulk_update(
            changed, [*RESULT_FIELDS, "evaluated_on"], batch_size=BATCH
        )
        CampaignEntry.objects.filter(pk__in=[e.pk for e in entries]).update(evaluated_at=now)
        audit_record(
            actor=actor,
            action="campaign_refresh",
            target=campaign,
            summary=f"重新核验「{campaign.name}」：{len(entries)}个学会，{len(changed)}项结果有变化",
            detail={"on": on.isoformat(), "changed": len(changed)},
        )
    return len(changed)


def _ordered_versions(campaign: Campaign) -> list:
    """The campaign's frameworks in the order their items were numbered at launch."""
    versions = list(campaign.frameworks.all())
    first = dict(
        CampaignItem.objects.filter(entry__campaign=campaign)
        .values_list("requirement__version_id")
        .annotate(first=Min("position"))
        .order_by()
    )
    return sorted(versions, key=lambda v: (first.get(v.pk, 10**9), v.pk))


def _history_of(item: CampaignItem, now) -> ItemResultHistory:
    return ItemResultHistory(
        item=item,
        status=item.auto_status,
        explanation=item.auto_explanation,
        actual=item.auto_actual,
        expected=item.auto_expected,
        people=item.auto_people,
        evaluated_on=item.evaluated_on,
        replaced_at=now,
    )


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    """End the campaign: nothing changes any more and experts lose access."""
    _require_admin(actor, campaign)
    _require_open(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="campaign_close",
        target=campaign,
        summary=f"结束评估检查工作「{campaign.name}」",
    )
    return campaign


@transaction.atomic
def campaign_withdraw(*, campaign: Campaign, reason: str, actor) -> Campaign:
    """Withdraw a campaign launched by mistake, before any society has acted on it: it leaves
    every list and to-do, the societies are told why, and the record stays (已撤回)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_admin(actor, campaign)
    _require_open(campaign)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回原因。"})
    acted = selectors.campaign_acted_on(campaign)
    if acted:
        raise ValidationError(
            f"已有学会开始填报（{'、'.join(acted)}），不能撤回；请改为“结束工作”。"
        )
    campaign.status = CampaignStatus.WITHDRAWN
    campaign.closed_at = timezone.now()
    campaign.withdrawal_reason = reason.strip()[:500]
    campaign.save(update_fields=["status", "closed_at", "withdrawal_reason"])
    audit_record(
        actor=actor,
        action="campaign_withdraw",
        target=campaign,
        summary=f"撤回评估检查工作「{campaign.name}」：{campaign.withdrawal_reason}",
    )
    entries = list(campaign.entries.only("pk", "society_id"))
    transaction.on_commit(lambda: _notify_withdrawal(campaign, entries))
    return campaign


# ---- the state table ------------------------------------------------------------------------


def _move(
    obj, to_state: str, *, actor, reason: str = "", cause: Transition | None = None, now=None
) -> Transition:
    selectors.check_move(obj, to_state)
    return _record(obj, to_state, actor=actor, reason=reason, cause=cause, now=now)


def _record(obj, to_state, *, actor, reason="", cause=None, reverts=None, now=None) -> Transition:
    now = now or timezone.now()
    is_entry = isinstance(obj, CampaignEntry)
    transition = Transition(
        entry=obj if is_entry else obj.entry,
        item=None if is_entry else obj,
        from_state=obj.state,
        to_state=to_state,
        actor=acting_user(actor),
        at=now,
        reason=reason,
        cause=cause,
        reverts=reverts,
    )
    transition.full_clean(exclude=["entry", "item", "cause", "reverts"])
    transition.save()
    obj.state = to_state
    if is_entry:
        obj.state_changed_at = now
        obj.save(update_fields=["state", "state_changed_at"])
    else:
        obj.save(update_fields=["state"])
    return transition


def _move_entry(entry, to_state, *, actor, items, item_to=None, reason="") -> Transition:
    """Move the society and, with it, the given items (to `item_to(item)`, or to the same state),
    the items in bulk: one insert of their transitions and one update per target state."""
    now = timezone.now()
    transition = _move(entry, to_state, actor=actor, reason=reason, now=now)
    moves = [(item, item_to(item) if item_to else to_state) for item in items]
    for item, target in moves:
        selectors.check_move(item, target)
    _bulk_record(moves, actor=actor, now=now, cause=transition)
    return transition


def _bulk_record(moves, *, actor, now, cause, reason="", reverts=None) -> None:
    """Item transitions caused by a society's transition: logged and applied in bulk."""
    Transition.objects.bulk_create(
        [
            Transition(
                entry_id=item.entry_id,
                item=item,
                from_state=item.state,
                to_state=target,
                actor=acting_user(actor),
                at=now,
                reason=reason,
                cause=cause,
                reverts=reverts.get(item.pk) if reverts else None,
            )
            for item, target in moves
        ],
        batch_size=BATCH,
    )
    for target in {target for _, target in moves}:
        ids = [item.pk for item, t in moves if t == target]
        CampaignItem.objects.filter(pk__in=ids).update(state=target)
    for item, target in moves:
        item.state = target


# ---- the society's side ---------------------------------------------------------------------


@transaction.atomic
def self_assessment_save(
    *, item: CampaignItem, actor, assessment: str, statement: str = ""
) -> CampaignItem:
    """The society's own judgement of one requirement, while it may still change it."""
    _require_open(item.entry.campaign)
    if item.entry.state != State.PENDING or item.state != State.PENDING:
        raise ValidationError("已提交的自评不能再修改。")
    statement = statement.strip()
    if assessment not in SelfAssessment.values:
        raise ValidationError("请选择自评结论。")
    if assessment != SelfAssessment.MET and not statement:
        raise ValidationError(f"自评为“{SelfAssessment(assessment).label}”时请写明情况说明。")
    item.self_assessment, item.self_statement = assessment, statement
    item.self_assessed_at, item.self_assessed_by = timezone.now(), acting_user(actor)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="self_assessment_save",
        target=item,
        society=item.entry.society,
        summary=f"自评{item.requirement.number}“{item.requirement.title}”：{SelfAssessment(assessment).label}",
    )
    return item


@transaction.atomic
def self_assessment_accept_automatic(*, entry: CampaignEntry, actor) -> int:
    """Take the engine's 达标 / 不适用 as the self-assessment of the items not yet assessed."""
    _require_open(entry.campaign)
    if entry.state != State.PENDING:
        raise ValidationError("已提交的自评不能再修改。")
    now, items = timezone.now(), []
    for item in entry.items.filter(
        self_assessment="", auto_status__in=list(selectors.AUTOMATIC_AGREEMENT)
    ):
        item.self_assessment = selectors.AUTOMATIC_AGREEMENT[item.auto_status]
        item.self_statement = f"采用自动核验结果：{item.auto_explanation}"[:2000]
        item.self_assessed_at, item.self_assessed_by = now, acting_user(actor)
        items.append(item)
    CampaignItem.objects.bulk_update(
        items,
        ["self_assessment", "self_statement", "self_assessed_at", "self_assessed_by"],
        batch_size=BATCH,
    )
    audit_record(
        actor=actor,
        action="self_assessment_accept_automatic",
        target=entry,
        society=entry.society,
        summary=f"采用自动核验结果作为自评：{len(items)}项",
    )
    return len(items)


def evidence_add(
    *,
    item: CampaignItem,
    actor,
    upload=None,
    rule_document=None,
    meeting=None,
    activity=None,
    note: str = "",
) -> Evidence:
    """A file (checked by content and stored for the society) or a link to one of its records."""
    _require_open(item.entry.campaign)
    _require_society_edits(item)
    society = item.entry.society
    chosen = [x for x in (upload, rule_document, meeting, activity) if x]
    if len(chosen) != 1:
        raise ValidationError("请上传一个文件，或选择一条本学会的记录。")
    for record in (rule_document, meeting, activity):
        if record is not None and record.society_id != society.pk:
            raise ValidationError("只能关联本学会的记录。")
    with transaction.atomic():
        stored = (
            file_store(upload=upload, society=society, actor=actor, purpose=EVIDENCE_PURPOSE)
            if upload
            else None
        )
        evidence = Evidence(
            item=item,
            file=stored,
            rule_document=rule_document,
            meeting=meeting,
            activity=activity,
            note=note.strip(),
            added_by=acting_user(actor),
        )
        evidence.full_clean()
        evidence.save()
        audit_record(
            actor=actor,
            action="evidence_add",
            target=evidence,
            society=society,
            summary=f"{item.requirement.number}“{item.requirement.title}”添加佐证材料：{evidence.target}",
        )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> None:
    item = evidence.item
    _require_open(item.entry.campaign)
    _require_society_edits(item)
    stored = evidence.file
    audit_record(
        actor=actor,
        action="evidence_remove",
        target=evidence,
        society=item.entry.society,
        summary=f"{item.requirement.number}“{item.requirement.title}”删除佐证材料：{evidence.target}",
    )
    evidence.delete()
    if stored is not None:
        file_delete(stored_file=stored, actor=actor)


@transaction.atomic
def entry_submit(*, entry: CampaignEntry, actor) -> Transition:
    """待自评 → 已提交: the society hands in its self-assessment and evidence for review."""
    _require_open(entry.campaign)
    selectors.check_move(entry, State.SUBMITTED)
    problems = selectors.missing_before_submission(entry)
    if problems:
        raise ValidationError(problems)
    transition = _move_entry(
        entry, State.SUBMITTED, actor=actor, items=entry.items.filter(state=State.PENDING)
    )
    _audit_move(entry, actor, "entry_submit", "提交自评")
    _notify_experts(
        entry,
        f"{entry.society.name}已提交自评，请评审",
        f"「{entry.campaign.name}」专家评审截止日期：{entry.campaign.review_deadline:%Y-%m-%d}。",
        f"campaign-submitted-{transition.pk}",
    )
    return transition


@transaction.atomic
def rectification_answer(*, item: CampaignItem, actor, answer: str) -> Transition:
    """需整改 → 已整改待复核 for one item; the society follows when its last item is answered."""
    _require_open(item.entry.campaign)
    answer = answer.strip()
    if not answer:
        raise ValidationError("请写明整改情况。")
    selectors.check_move(item, State.RECTIFIED)
    entry = (
        CampaignEntry.objects.select_for_update()
        .select_related("campaign", "society")
        .get(pk=item.entry_id)
    )
    item.rectification_answer, item.rectification_answered_at = answer, timezone.now()
    item.save(update_fields=["rectification_answer", "rectification_answered_at"])
    remaining = entry.items.filter(state=State.RECTIFYING).exclude(pk=item.pk).exists()
    cause = None
    if not remaining and entry.state == State.RECTIFYING:
        cause = _move(entry, State.RECTIFIED, actor=actor)
    transition = _move(item, State.RECTIFIED, actor=actor, cause=cause)
    audit_record(
        actor=actor,
        action="rectification_answer",
        target=item,
        society=entry.society,
        summary=f"{item.requirement.number}“{item.requirement.title}”提交整改情况",
    )
    if cause is not None:
        _notify_experts(
            entry,
            f"{entry.society.name}已完成整改，请复核",
            f"「{entry.campaign.name}」的整改情况已全部提交。",
            f"campaign-rectified-{cause.pk}",
        )
    return transition


# ---- the experts' side ----------------------------------------------------------------------


@transaction.atomic
def review_start(*, entry: CampaignEntry, actor) -> Transition:
    """已提交 → 评审中, with every submitted item."""
    _require_open(entry.campaign)
    transition = _move_entry(
        entry, State.IN_REVIEW, actor=actor, items=entry.items.filter(state=State.SUBMITTED)
    )
    _audit_move(entry, actor, "review_start", "开始专家评审")
    return transition


@transaction.atomic
def verdict_record(*, item: CampaignItem, expert, verdict: str, comment: str = "") -> Verdict:
    """An expert's verdict on one item under review; recording again replaces the expert's own."""
    _require_open(item.entry.campaign)
    if item.state not in UNDER_REVIEW:
        raise ValidationError(
            f"{item.requirement.number}“{item.requirement.title}”当前为“{item.get_state_display()}”，不在评审中。"
        )
    if verdict not in VerdictKind.values:
        raise ValidationError("请选择评审意见。")
    comment = comment.strip()
    if verdict != VerdictKind.PASS and not comment:
        raise ValidationError(f"意见为“{VerdictKind(verdict).label}”时请写明理由或整改要求。")
    record, _ = Verdict.objects.get_or_create(
        item=item, expert=expert, defaults={"verdict": verdict, "comment": comment}
    )
    record.verdict, record.comment, record.at = verdict, comment, timezone.now()
    record.full_clean()
    record.save()
    audit_record(
        actor=expert,
        action="verdict_record",
        target=record,
        society=item.entry.society,
        summary=f"{item.requirement.number}“{item.requirement.title}”专家意见：{VerdictKind(verdict).label}",
        detail={"comment": comment},
    )
    return record


@transaction.atomic
def disagreement_resolve(*, item: CampaignItem, actor, verdict: str, comment: str) -> CampaignItem:
    """The administrator's verdict where the experts disagree (it then counts instead of theirs)."""
    _require_admin(actor, item.entry.campaign)
    _require_open(item.entry.campaign)
    if item.state not in UNDER_REVIEW:
        raise ValidationError(f"{item.requirement.number}“{item.requirement.title}”不在评审中。")
    if verdict not in VerdictKind.values or not comment.strip():
        raise ValidationError("请选择裁定结论并写明理由。")
    item.resolution, item.resolution_comment = verdict, comment.strip()
    item.resolved_by, item.resolved_at = acting_user(actor), timezone.now()
    item.save(update_fields=["resolution", "resolution_comment", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="disagreement_resolve",
        target=item,
        society=item.entry.society,
        summary=f"{item.requirement.number}“{item.requirement.title}”管理员裁定：{VerdictKind(verdict).label}",
        detail={"comment": item.resolution_comment},
    )
    return item


def rectification_request(
    *, entry: CampaignEntry, actor, deadline: dt.date | None = None
) -> Transition:
    """评审中 / 已整改待复核 → 需整改: the items judged 需整改 go back with the experts' requests."""
    return _conclude(entry, actor, Outcome.RECTIFY, deadline=deadline)


def entry_approve(*, entry: CampaignEntry, actor) -> Transition:
    """→ 已通过, when every requirement under review is judged 通过."""
    return _conclude(entry, actor, Outcome.PASS)


def entry_fail(*, entry: CampaignEntry, actor, reason: str = "") -> Transition:
    """→ 未通过, when a requirement is judged 不通过 and none awaits rectification."""
    return _conclude(entry, actor, Outcome.FAIL, reason=reason)


ITEM_TARGET = {
    VerdictKind.PASS: State.PASSED,
    VerdictKind.FAIL: State.FAILED,
    VerdictKind.RECTIFY: State.RECTIFYING,
}
ENTRY_TARGET = {
    Outcome.PASS: State.PASSED,
    Outcome.FAIL: State.FAILED,
    Outcome.RECTIFY: State.RECTIFYING,
}


@transaction.atomic
def _conclude(entry, actor, wanted: Outcome, *, deadline=None, reason: str = "") -> Transition:
    entry = (
        CampaignEntry.objects.select_for_update()
        .select_related("campaign", "society")
        .get(pk=entry.pk)
    )
    _require_open(entry.campaign)
    selectors.check_move(entry, ENTRY_TARGET[wanted])
    outcome, problems = selectors.review_outcome(entry)
    if problems or outcome is None:  # no outcome exactly when there are problems
        raise ValidationError(problems)
    if outcome != wanted:
        raise ValidationError(
            f"按目前的评审意见，结论应为“{Outcome(outcome).label}”，而不是“{Outcome(wanted).label}”。"
        )
    deadline = deadline or entry.campaign.rectification_deadline
    if wanted == Outcome.RECTIFY and deadline < timezone.localdate():
        raise ValidationError("整改期限不能早于今天。")
    rows = {r.item.pk: r for r in selectors.item_rows(entry) if r.item.state in UNDER_REVIEW}
    items = [r.item for r in rows.values()]
    for item in items:
        if rows[item.pk].decision.verdict == VerdictKind.RECTIFY:
            item.rectification_request = _request_text(rows[item.pk])
            item.rectification_deadline = deadline
            item.rectification_answer, item.rectification_answered_at = "", None
            item.resolution, item.resolution_comment, item.resolved_by, item.resolved_at = (
                "",
                "",
                None,
                None,
            )
            item.save()
    transition = _move_entry(
        entry,
        ENTRY_TARGET[wanted],
        actor=actor,
        items=items,
        item_to=lambda i: ITEM_TARGET[VerdictKind(rows[i.pk].decision.verdict)],
        reason=reason,
    )
    _audit_move(entry, actor, f"review_{wanted}", Outcome(wanted).label)
    _notify_outcome(entry, wanted, transition, deadline)
    return transition


def _request_text(row) -> str:
    item = row.item
    if item.resolution:
        return item.resolution_comment
    return "\n".join(
        f"{v.expert.display_name}：{v.comment}"
        for v in item.verdicts.all()
        if v.verdict == VerdictKind.RECTIFY
    )


def _notify_outcome(entry, outcome: str, transition: Transition, deadline) -> None:
    url = reverse("campaigns:entry", args=[entry.pk])
    texts = {
        Outcome.RECTIFY: (
            NotificationKind.RETURNED,
            "评审意见：需整改",
            f"请于{deadline:%Y-%m-%d}前提交整改情况。",
        ),
        Outcome.PASS: (NotificationKind.APPROVED, "评审通过", "专家评审已通过。"),
        Outcome.FAIL: (
            NotificationKind.SYSTEM,
            "评审未通过",
            "专家评审结论为未通过，详见评审意见。",
        ),
    }
    kind, title, body = texts[Outcome(outcome)]
    for user in secretaries_of([entry.society_id])[entry.society_id]:
        _notify(
            user,
            kind,
            f"{entry.society.name}：{title}",
            f"「{entry.campaign.name}」{body}",
            url,
            f"campaign-outcome-{transition.pk}-{user.pk}",
            rectify_key(entry.pk) if outcome == Outcome.RECTIFY else "",
        )


# ---- experts assigned -----------------------------------------------------------------------


@transaction.atomic
def expert_assign(
    *, campaign: Campaign, expert, society=None, requirement_prefix: str = "", actor
) -> ExpertAssignment:
    """Give an expert a society (or all) and a requirement group (or all) of the campaign."""
    _require_admin(actor, campaign)
    if not expert.role_assignments.filter(role=Role.EXPERT).exists():
        raise ValidationError(f"{expert.display_name}不是评审专家。")
    if society is not None and not campaign.entries.filter(society=society).exists():
        raise ValidationError("该学会不在本次工作范围内。")
    prefix = requirement_prefix.strip()
    if (
        prefix
        and not CampaignItem.objects.filter(
            entry__campaign=campaign, requirement__key__startswith=prefix
        ).exists()
    ):
        raise ValidationError(f"本次工作中没有编号以“{prefix}”开头的要求。")
    assignment = ExpertAssignment(
        campaign=campaign,
        expert=expert,
        society=society,
        requirement_prefix=prefix,
        assigned_by=acting_user(actor),
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="expert_assign",
        target=assignment,
        summary=f"分配评审专家：{assignment}",
    )
    _notify(
        expert,
        NotificationKind.ASSIGNMENT,
        f"评审任务：{campaign.name}",
        f"评审范围：{society.name if society else '全部参评学会'}，{('编号' + prefix + '的要求') if prefix else '全部要求'}。专家评审截止日期：{campaign.review_deadline:%Y-%m-%d}。",
        reverse("campaigns:queue"),
        f"campaign-assignment-{assignment.pk}",
    )
    return assignment


@transaction.atomic
def expert_unassign(*, assignment: ExpertAssignment, actor) -> None:
    _require_admin(actor, assignment.campaign)
    audit_record(
        actor=actor,
        action="expert_unassign",
        target=assignment,
        summary=f"取消评审专家分配：{assignment}",
    )
    assignment.delete()


# ---- reverting a transition -----------------------------------------------------------------


@transaction.atomic
def transition_revert(*, transition: Transition, actor, reason: str) -> Transition:
    """Undo the latest change of a society or an item (and what moved with it): administrators
    only, with a reason; the revert is itself a logged transition."""
    entry = (
        CampaignEntry.objects.select_for_update()
        .select_related("campaign", "society")
        .get(pk=transition.entry_id)
    )
    _require_admin(actor, entry.campaign)
    reason = reason.strip()
    if not reason:
        raise ValidationError("撤销状态变更须写明原因。")
    _check_revertible(transition, entry)
    now = timezone.now()
    obj = entry if transition.item_id is None else transition.item
    revert = _record(
        obj, transition.from_state, actor=actor, reason=reason, reverts=transition, now=now
    )
    effects = list(transition.effects.select_related("item"))
    _bulk_record(
        [(e.item, e.from_state) for e in effects],
        actor=actor,
        now=now,
        cause=revert,
        reason=reason,
        reverts={e.item_id: e for e in effects},
    )
    audit_record(
        actor=actor,
        action="transition_revert",
        target=revert,
        society=entry.society,
        summary=f"撤销状态变更：{transition}（{reason}）",
    )
    for user in secretaries_of([entry.society_id])[entry.society_id]:
        _notify(
            user,
            NotificationKind.SYSTEM,
            f"{entry.society.name}：状态已由管理员撤销",
            f"「{entry.campaign.name}」{transition} 已撤销，原因：{reason}",
            reverse("campaigns:entry", args=[entry.pk]),
            f"campaign-revert-{revert.pk}-{user.pk}",
        )
    return revert


def _check_revertible(transition: Transition, entry: CampaignEntry) -> None:
    if transition.cause_id is not None:
        raise ValidationError("该变更随学会状态一并发生，请撤销学会层面的变更。")
    if Transition.objects.filter(reverts=transition).exists():
        raise ValidationError("该变更已撤销过。")
    later = Transition.objects.filter(entry=entry, pk__gt=transition.pk)
    if transition.item_id is None:
        if later.exclude(cause=transition).exists():
            raise ValidationError("之后还有其他状态变更，只能撤销最近的一次。")
        if entry.state != transition.to_state:
            raise ValidationError("学会状态已变化，不能撤销该变更。")
        return
    if later.filter(Q(item__isnull=True) | Q(item_id=transition.item_id)).exists():
        raise ValidationError("之后还有其他状态变更，只能撤销最近的一次。")
    item = transition.item  # item_id is set here
    if item is None or item.state != transition.to_state:
        raise ValidationError("该事项状态已变化，不能撤销该变更。")


# ---- helpers --------------------------------------------------------------------------------


def _require_open(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(f"「{campaign.name}」{campaign.get_status_display()}，不能再修改。")


def _require_society_edits(item: CampaignItem) -> None:
    if item.state not in SOCIETY_EDITS or item.entry.state not in SOCIETY_EDITS:
        raise ValidationError(
            f"{item.requirement.number}“{item.requirement.title}”当前为“{item.get_state_display()}”，不能修改佐证材料。"
        )


def _require_admin(actor, campaign: Campaign) -> None:
    """The actor administers the campaign's 科协, or is the platform itself (`SYSTEM`): a
    service called without saying who acts is refused, wherever it is called from."""
    require_administers(actor, campaign.federation_id)


def _audit_move(entry, actor, action: str, what: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=entry,
        society=entry.society,
        summary=f"「{entry.campaign.name}」{entry.society.name}：{what}（{entry.get_state_display()}）",
    )


def _notify(user, kind, title, body, url, key, todo: str = "") -> None:
    notification_send(
        user=user, kind=kind, title=title, body=body, url=url, dedupe_key=key, todo_key=todo
    )


def _notify_experts(entry: CampaignEntry, title: str, body: str, key: str) -> None:
    """Ask every expert of the society to review; `key` is made unique per expert."""
    url = reverse("campaigns:review", args=[entry.pk])
    todo = review_key(entry.pk)
    for expert in selectors.experts_of(entry):
        _notify(expert, NotificationKind.ASSIGNMENT, title, body, url, f"{key}-{expert.pk}", todo)


def _notify_withdrawal(campaign: Campaign, entries) -> None:
    """Tell the societies, and retire the launch notices: there is nothing left to do."""
    Notification.objects.filter(
        dedupe_key__startswith=f"campaign-launch-{campaign.pk}-", read_at__isnull=True
    ).update(read_at=timezone.now())
    secretaries = secretaries_of([e.society_id for e in entries])
    for society_id, users in secretaries.items():
        for user in users:
            _notify(
                user,
                NotificationKind.SYSTEM,
                f"评估检查工作已撤回：{campaign.name}",
                f"撤回原因：{campaign.withdrawal_reason}。此前的通知作废，无需填报。",
                "",
                f"campaign-withdraw-{campaign.pk}-{society_id}-{user.pk}",
            )


def _notify_launch(campaign: Campaign, entries) -> None:
    secretaries = secretaries_of([e.society_id for e in entries])
    url_of = {e.society_id: reverse("campaigns:entry", args=[e.pk]) for e in entries}
    entry_of = {e.society_id: e.pk for e in entries}
    body = (
        f"请于{campaign.plan_deadline:%Y-%m-%d}前提交改革工作方案，"
        f"{campaign.self_assessment_deadline:%Y-%m-%d}前完成自评并上传佐证材料。"
    )
    for society_id, users in secretaries.items():
        for user in users:
            _notify(
                user,
                NotificationKind.ASSIGNMENT,
                f"新的评估检查工作：{campaign.name}",
                body,
                url_of[society_id],
                f"campaign-launch-{campaign.pk}-{society_id}-{user.pk}",
                self_assess_key(entry_of[society_id]),
            )
