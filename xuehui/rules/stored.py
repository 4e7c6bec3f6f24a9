"""Stored compliance results: every framework's statuses and counts for every society, kept
current so that the overview, the society's compliance cards and the exports read them
instead of evaluating five frameworks per society per request.

- A row per society and framework version (`StoredResult`) holds the date it was computed
  for, the counts, the pass rate, whether the 科协 adopted the framework for reference only,
  and each requirement's status. No explanation is kept: a page showing explanations
  evaluates the one society it shows.
- A write to a society's records leaves an audit entry, and the audit app's `records_written`
  signal reaches `on_records_written` inside the writer's transaction: the society's rows are
  marked stale (with the write, so a write rolled back marks nothing) and, once the write has
  committed, a task computes them again (in this process when no broker is configured).
- Every night `results_roll` computes every society for the new date: ages and deadlines
  change with the day even when no record does.
- Pages call `results_current`: rows that are missing are computed at once; rows that are
  stale or of an earlier day are computed at once in-process, or left to the workers (the page
  then says how many are being brought up to date and when the rows it shows were computed).

A computation reads each row's `generation` before it gathers the facts, and leaves stale a
row whose generation a mark raised meanwhile, so a write that commits during a computation is
never lost. Each chunk of societies is written in one transaction: a worker killed mid-task
leaves whole rows, and the task, delivered again, computes them again.
"""

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Federation, Society

from .choices import Status
from .engine import encouraged_done, pass_rate, summarise
from .models import FrameworkVersion, StoredResult
from .reports import adoption_line

logger = logging.getLogger(__name__)

CHUNK = 200  # societies evaluated and written per transaction
# The records the facts read (rules/facts/): a write to any of them changes some result.
FACT_APPS = frozenset(
    {
        "societies",
        "governance",
        "members",
        "secretariat",
        "party",
        "branches",
        "regulations",
        "meetings",
        "activities",
        "finances",
        "credit",
        "reports",
    }
)
FACT_MODELS = frozenset({"pilots.pilotmembership", "rules.taskchoice", "consortia.jointactivity"})
PERSON = "governance.person"  # one person may sit in several societies' bodies
JOINT_ACTIVITY = "consortia.jointactivity"  # counted for every co-organiser too
ROLL_LOCK = "rules:results-roll"  # one background bring-up-to-date at a time


def touches_facts(target_type: str) -> bool:
    return target_type.split(".")[0] in FACT_APPS or target_type in FACT_MODELS


def on_records_written(sender, entries, **kwargs) -> None:
    """Mark stale the results of every society whose records an audited write touched."""
    ids, people, joint = set(), set(), set()
    for society_id, target_type, target_id, _action in entries:
        if not touches_facts(target_type):
            continue
        if society_id is not None:
            ids.add(society_id)
        if target_type == PERSON and target_id.isdigit():
            people.add(int(target_id))
        elif target_type == JOINT_ACTIVITY and target_id.isdigit():
            joint.add(int(target_id))
    if people:
        from xuehui.governance.models import Person, Position

        ids.update(Person.objects.filter(pk__in=people).values_list("society_id", flat=True))
        ids.update(
            Position.objects.filter(person_id__in=people).values_list("society_id", flat=True)
        )
    if joint:
        from xuehui.consortia.models import JointActivity

        through = JointActivity.co_organisers.through
        ids.update(
            through.objects.filter(jointactivity_id__in=joint).values_list("society_id", flat=True)
        )
    results_mark_stale(ids)


def results_mark_stale(society_ids: Iterable[int]) -> int:
    """Mark the societies' stored results stale and, once the caller's transaction commits,
    have them computed again. Returns how many rows were marked."""
    ids = _pending.unmarked({int(i) for i in society_ids})
    if not ids:  # none, or all marked already by an earlier write of this transaction
        return 0
    marked = StoredResult.objects.filter(society_id__in=ids).update(
        stale=True, generation=F("generation") + 1
    )
    # A society with no rows yet is computed when a page first shows it, not after commit.
    _pending.add(ids, compute=bool(marked))
    return marked


def federation_mark_stale(federation: Federation) -> int:
    """Every society of the 科协 and of those below it (an adoption changed)."""
    from xuehui.access import federation_subtrees

    ids = Society.objects.filter(federation_id__in=federation_subtrees([federation.pk]))
    return results_mark_stale(ids.values_list("pk", flat=True))


class _Pending(threading.local):
    """The societies marked in the current transaction, computed again after it commits (one
    task per transaction, however many writes it made)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()  # marked: computed again after commit
        self.seen: set[int] = set()  # marked or found without rows in this transaction

    def waiting(self) -> bool:
        """Whether this transaction's callback is registered (a transaction rolled back
        drops its callbacks, and with them what it had marked)."""
        return any(func == self.flush for _, func, _ in transaction.get_connection().run_on_commit)

    def unmarked(self, ids: set[int]) -> set[int]:
        return ids - self.seen if self.waiting() else ids

    def add(self, ids: set[int], *, compute: bool) -> None:
        if not self.waiting():
            self.ids, self.seen = set(), set()
            transaction.on_commit(self.flush)
        self.seen |= ids
        if compute:
            self.ids |= ids

    def flush(self) -> None:
        ids, self.ids, self.seen = sorted(self.ids), set(), set()
        if not ids:
            return
        from .tasks import recompute_results

        try:
            if settings.CELERY_TASK_ALWAYS_EAGER:
                recompute_results.apply(args=[ids])
            else:
                recompute_results.delay(ids)
        except Exception:  # the write has committed; the rows stay stale and pages say so
            logger.exception("could not compute the results of %d societies again", len(ids))


_pending = _Pending()


def active_societies():
    return Society.objects.exclude(status=SocietyStatus.DEREGISTERED)


def results_compute(
    society_ids: Iterable[int] | None = None,
    *,
    on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Compute and store every current framework's results for the societies (all active
    ones by default) on `on` (today); returns how many societies were computed."""
    from .selectors import current_versions, judge_frameworks, spec_of

    on = on or timezone.localdate()
    if society_ids is None:
        ids = list(active_societies().order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(society_ids))
    versions = current_versions()
    specs = {v.pk: spec_of(v) for v in versions}
    _pending.seen -= set(ids)  # rows now exist: a later write of this transaction marks them
    for start in range(0, len(ids), CHUNK):
        _compute_chunk(ids[start : start + CHUNK], versions, specs, on, judge_frameworks)
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return len(ids)


@transaction.atomic
def _compute_chunk(chunk, versions, specs, on, judge_frameworks) -> None:
    rows = StoredResult.objects.filter(society_id__in=chunk)
    before = {(s, v): g for s, v, g in rows.values_list("society_id", "version_id", "generation")}
    results = judge_frameworks(list(specs.values()), chunk, on)  # statuses, no explanations
    now = timezone.now()
    stored = []
    for version in versions:
        by_society = results[specs[version.pk].key]
        for society_id in chunk:
            found = by_society[society_id]
            reference = bool(adoption_line(found))
            done, total = encouraged_done(found, reference=reference)
            summary = summarise(found, reference=reference)
            stored.append(
                StoredResult(
                    society_id=society_id,
                    version=version,
                    on=on,
                    computed_at=now,
                    stale=False,
                    reference=reference,
                    rate=pass_rate(found, reference=reference),
                    summary=summary,
                    fail_count=summary[Status.FAIL],
                    evidence_count=summary[Status.NEEDS_EVIDENCE],
                    review_count=summary[Status.NEEDS_REVIEW],
                    encouraged_done=done,
                    encouraged_total=total,
                    statuses={r.requirement.key: r.status for r in found},
                )
            )
    StoredResult.objects.bulk_create(
        stored,
        update_conflicts=True,
        unique_fields=["society", "version"],
        update_fields=[
            "on",
            "computed_at",
            "stale",
            "reference",
            "rate",
            "summary",
            "fail_count",
            "evidence_count",
            "review_count",
            "encouraged_done",
            "encouraged_total",
            "statuses",
        ],
    )
    rows.exclude(version__in=versions).delete()  # a framework's earlier versions
    marked = [
        (s, v)
        for s, v, g in rows.values_list("society_id", "version_id", "generation")
        if g != before.get((s, v), 0)
    ]
    if marked:  # written to meanwhile: computed from the records before that write
        which = Q()
        for society_id, version_id in marked:
            which |= Q(society_id=society_id, version_id=version_id)
        StoredResult.objects.filter(which).update(stale=True)


def results_roll(*, progress=None) -> int:
    """The nightly run: every active society computed for today."""
    return results_compute(progress=progress)


# ---- reading ---------------------------------------------------------------------------------


@dataclass
class Freshness:
    """What a page says about the stored results it shows."""

    on: dt.date
    computed_at: dt.datetime | None  # the oldest row shown was computed then
    updating: int  # societies whose results are being computed again in the background


def results_current(societies, versions: list[FrameworkVersion], on: dt.date) -> Freshness:
    """Make the societies' stored results for `on` (today) fit to show: rows missing are
    computed now; stale rows, or rows of an earlier day, are computed now when tasks run
    in-process and otherwise by the workers (the page shows the rows it has meanwhile)."""
    ids = list(societies.values_list("pk", flat=True))
    rows = StoredResult.objects.filter(society_id__in=societies.values("pk"), version__in=versions)
    current = Q(on=on, stale=False)
    counts = rows.values_list("society_id").annotate(
        fresh=Count("pk", filter=current), oldest=Min("computed_at")
    )
    want = len(versions)
    missing, outdated, computed = set(ids), set(), {}
    for society_id, fresh, computed_at in counts.order_by():
        missing.discard(society_id)  # a society with some rows shows them meanwhile
        if fresh < want:
            outdated.add(society_id)
        computed[society_id] = computed_at
    if settings.CELERY_TASK_ALWAYS_EAGER:
        missing |= outdated
        outdated = set()
    if missing:
        results_compute(missing, on=on)
    shown = [at for society_id, at in computed.items() if society_id not in missing]
    oldest = min(shown) if shown else (timezone.now() if missing else None)
    if outdated:
        _bring_up_to_date(outdated)
    return Freshness(on=on, computed_at=oldest, updating=len(outdated))


def _bring_up_to_date(ids: set[int]) -> None:
    """Have the workers compute the societies again, at most once in five minutes per set of
    pages: a page opened every second during the nightly run must not queue 300 tasks."""
    if cache.add(ROLL_LOCK, True, timeout=300):
        from .tasks import recompute_results

        transaction.on_commit(lambda: recompute_results.delay(sorted(ids)))


def stored_rows(society_ids: Iterable[int], versions: list[FrameworkVersion]) -> dict:
    """{(society id, version id): StoredResult} for the societies shown."""
    rows = StoredResult.objects.filter(society_id__in=list(society_ids), version__in=versions)
    fields = ("society_id", "version_id", "rate", "reference", *COUNTS.values())
    return {(row[0], row[1]): StoredCell(*row[2:]) for row in rows.values_list(*fields)}


COUNTS = {  # the counts the overview shows, by status: their columns
    Status.FAIL: "fail_count",
    Status.NEEDS_EVIDENCE: "evidence_count",
    Status.NEEDS_REVIEW: "review_count",
}


@dataclass(frozen=True)
class StoredCell:
    """What the overview shows of one stored row: the rate and three counts."""

    rate: float | None
    reference: bool
    fail: int
    needs_evidence: int
    needs_review: int

    @property
    def summary(self) -> dict[str, int]:
        return {"fail": self.fail, "needs_evidence": self.needs_evidence,
                "needs_review": self.needs_review}  # fmt: skip


def stored_summaries(society_id: int, versions: list[FrameworkVersion]) -> dict:
    """{version id: StoredResult} of one society, every count (the society's cards)."""
    rows = StoredResult.objects.filter(society_id=society_id, version__in=versions)
    return {row.version_id: row for row in rows.defer("statuses")}
