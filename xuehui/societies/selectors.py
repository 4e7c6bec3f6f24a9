"""Reads of the registry shared by the pages: the society list and its filters."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from xuehui.access import can_edit_society, federations_visible, societies_visible
from xuehui.audit.models import AuditEntry
from xuehui.governance.models import Person, Position, Term
from xuehui.lib.identifiers import mask_id_number, mask_mobiles, mask_phone

from .choices import DisciplineCategory, SocietyStatus
from .models import Federation, Society

NO_HOST = "__none__"  # the filter value that stands for 无挂靠


class TermState:
    """Filter values for the state of a society's current term."""

    OVERDUE = "overdue"
    MISSING = "missing"

    CHOICES = [(OVERDUE, "届满未换届"), (MISSING, "无当前届次")]


def running_terms_q(day: dt.date, prefix: str = "") -> Q:
    """Terms running on `day`, the same rule as Term.is_running_on, as a filter."""
    return Q(**{f"{prefix}start_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


class CurrentTerm(TypedDict):
    """The fields `with_current_term` annotates (all None without a running term)."""

    current_term_id: int | None
    current_term_number: int | None
    current_term_end: dt.date | None
    current_term_ended_on: dt.date | None


if TYPE_CHECKING:  # django-stubs' annotated-model type exists for the type checker only
    from django_stubs_ext import WithAnnotations

    SocietyWithTerm = WithAnnotations[Society, CurrentTerm]


def with_current_term(societies: QuerySet[Society], day: dt.date) -> "QuerySet[SocietyWithTerm]":
    """Annotate the number and dates of the term running on `day` (None when there is none)."""
    current = Term.objects.filter(running_terms_q(day), society=OuterRef("pk")).order_by(
        "-start_on"
    )
    return societies.annotate(
        current_term_id=Subquery(current.values("pk")[:1]),
        current_term_number=Subquery(current.values("number")[:1]),
        current_term_end=Subquery(current.values("planned_end_on")[:1]),
        current_term_ended_on=Subquery(current.values("ended_on")[:1]),
    )


def overdue_q(day: dt.date) -> Q:
    """On annotated societies: the running term has passed its planned end (届满未换届)."""
    return Q(current_term_id__isnull=False, current_term_ended_on__isnull=True) & Q(
        current_term_end__lte=day
    )


def _choice_rank(field: str, choices) -> Case:
    """Sort a choice field in the order its choices are listed, not by stored value."""
    whens = [When(**{field: value}, then=Value(i)) for i, value in enumerate(choices.values)]
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


SORTS = {
    "name": ("name_pinyin",),
    "uscc": ("uscc",),
    "category": ("category_rank",),
    "federation": ("federation__name",),
    "host": ("host_institution",),
    "status": ("status_rank",),
    "founded": ("founded_on",),
    "term_end": ("current_term_end",),
}
SORT_LABELS = {
    "name": "学会名称",
    "uscc": "统一社会信用代码",
    "category": "学科类别",
    "federation": "所属科协",
    "host": "挂靠单位",
    "status": "状态",
    "founded": "成立日期",
    "term_end": "当前届次届满",
}


@dataclass(frozen=True)
class SocietyFilters:
    """What the society list is narrowed and ordered by; empty strings mean no filter."""

    q: str = ""
    category: str = ""
    federation: Federation | None = None
    host: str = ""
    status: str = ""
    term_state: str = ""
    sort: str = "name"


def _order_by(sort: str) -> list:
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
    ordering = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return [*ordering, "name_pinyin", "name", "pk"]


def _search_q(text: str) -> Q:
    """A name or code typed in part, or the name's pinyin: hbhj and hubeihuanjing both find
    湖北省环境科学学会 (initials and pinyin match from any position, as the name does)."""
    q = Q(name__icontains=text) | Q(uscc__icontains=text)
    latin = "".join(c for c in text.lower() if c.isascii() and c.isalnum())
    if latin and latin == text.strip().lower():
        q |= Q(name_initials__contains=latin) | Q(name_pinyin__contains=latin)
    return q


def society_list(user, filters: SocietyFilters, *, day: dt.date | None = None) -> QuerySet:
    """The societies `user` may see, narrowed by `filters`, with their current term."""
    day = day or timezone.localdate()
    societies = with_current_term(
        societies_visible(user).select_related("federation"), day
    ).annotate(
        category_rank=_choice_rank("category", DisciplineCategory),
        status_rank=_choice_rank("status", SocietyStatus),
    )
    if filters.q:
        societies = societies.filter(_search_q(filters.q))
    if filters.category:
        societies = societies.filter(category=filters.category)
    if filters.federation is not None:
        societies = societies.filter(federation=filters.federation)
    if filters.host == NO_HOST:
        societies = societies.filter(host_institution="")
    elif filters.host:
        societies = societies.filter(host_institution=filters.host)
    if filters.status:
        societies = societies.filter(status=filters.status)
    if filters.term_state == TermState.OVERDUE:
        societies = societies.filter(overdue_q(day))
    elif filters.term_state == TermState.MISSING:
        societies = societies.filter(current_term_id__isnull=True)
    return societies.order_by(*_order_by(filters.sort))


def contact_phone(user, society: Society) -> str:
    """The society's contact numbers as `user` may read them: in full for those who work with
    the society (its 科协's administrators, its own secretariat), with any mobile number masked
    for everyone else (a mobile is a person's; an office number is the organisation's). The
    page, the list export and the API all read it here."""
    return society.phone if can_edit_society(user, society) else mask_mobiles(society.phone)


def filter_federations(user) -> QuerySet[Federation]:
    """Federations offered in the list's filter: those of the societies the user sees."""
    visible = federations_visible(user)
    own = Federation.objects.filter(pk__in=societies_visible(user).values("federation_id"))
    return (visible | own).distinct().order_by("name")


def host_institutions(user) -> list[str]:
    """The distinct host institutions among the societies the user sees (无挂靠 excluded)."""
    return list(
        societies_visible(user)
        .exclude(host_institution="")
        .order_by("host_institution")
        .values_list("host_institution", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------------------------------
# 变更记录: the change history of a society, its terms, its positions and their holders.


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One saved version of one record, with what changed against the version before it."""

    when: dt.datetime
    who: str
    kind: str
    subject: str
    action: str
    changes: list


ACTION_LABELS = {"+": "新增", "~": "修改", "-": "删除"}
_SKIPPED_FIELDS = {"id", "created_at", "updated_at", "identity", "name_pinyin", "name_initials"}
_MASKED_FIELDS = {("governance.person", "id_number"), ("governance.person", "phone")}
# On a creation these already show in the entry's subject, so they are not listed again.
_SUBJECT_FIELDS = {
    "societies.society": {"name"},
    "governance.term": {"number"},
    "governance.position": {"person", "term", "office"},
    "governance.person": {"name"},
}


def _history_sources(society: Society) -> list:
    return [
        (Society, Q(id=society.pk)),
        (Term, Q(society_id=society.pk)),
        (Position, Q(society_id=society.pk)),
        (Person, Q(society_id=society.pk)),  # the society's own records only
    ]


@dataclass(frozen=True)
class _Stamp:
    """The cheap part of a history row, enough to sort, paginate and find the previous one."""

    when: dt.datetime
    model_index: int
    history_id: int
    previous_id: int | None


# The society's other records keep no versions of their own: their audit entries (the old and
# new value of each changed field, personal fields masked when the entry was written) are
# their history. The society, its terms, posts and people have versions (above).
RECORD_TYPES = (
    "members.individualmember",
    "members.institutionalmember",
    "members.memberyearstat",
    "members.membershipprofile",
    "secretariat.secretariatprofile",
    "secretariat.staffmember",
    "secretariat.office",
    "party.partyorganisation",
    "branches.branch",
    "branches.branchreport",
    "regulations.ruledocument",
    "meetings.meeting",
    "meetings.resolution",
    "activities.activity",
    "finances.financeyear",
)
AUDIT_ACTIONS = {"create": "新增", "update": "修改", "delete": "删除"}


def _audit_source(society: Society) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(society=society, target_type__in=RECORD_TYPES)


def society_history_stamps(society: Society) -> list[_Stamp]:
    """Every history row of the society's records, newest first (one query per model, and one
    for the audit entries of the records without versions)."""
    audit_index = len(_history_sources(society))
    stamps = [
        _Stamp(when, audit_index, pk, None)
        for pk, when in _audit_source(society).values_list("pk", "created_at")
    ]
    for index, (model, where) in enumerate(_history_sources(society)):
        rows = (
            model.history.filter(where)
            .order_by("history_date", "history_id")
            .values_list("history_id", "id", "history_date")
        )
        last_of_object: dict = {}
        for history_id, object_id, when in rows:
            stamps.append(_Stamp(when, index, history_id, last_of_object.get(object_id)))
            last_of_object[object_id] = history_id
    stamps.sort(key=lambda s: (s.when, s.model_index, s.history_id), reverse=True)
    return stamps


def society_history_entries(society: Society, stamps) -> list[HistoryEntry]:
    """Full entries for a page of stamps: one query per model present, plus name look-ups."""
    sources = _history_sources(society)
    audit_ids = [stamp.history_id for stamp in stamps if stamp.model_index == len(sources)]
    audited = AuditEntry.objects.select_related("actor").in_bulk(audit_ids)
    wanted: dict[int, set] = {}
    for stamp in stamps:
        if stamp.model_index == len(sources):
            continue
        ids = wanted.setdefault(stamp.model_index, set())
        ids.add(stamp.history_id)
        if stamp.previous_id:
            ids.add(stamp.previous_id)
    rows: dict = {}
    for index, ids in wanted.items():
        model = sources[index][0]
        for row in model.history.filter(history_id__in=ids).select_related("history_user"):
            rows[(index, row.history_id)] = row
    names = _NameBook.for_rows(rows.values())
    entries = []
    for stamp in stamps:
        if stamp.model_index == len(sources):
            entries.append(_audit_entry(audited[stamp.history_id]))
            continue
        row = rows[(stamp.model_index, stamp.history_id)]
        previous = rows.get((stamp.model_index, stamp.previous_id))
        model = sources[stamp.model_index][0]
        entries.append(_entry(model, row, previous, names))
    return entries


class _NameBook:
    """Names for the foreign keys history rows hold, looked up once per page."""

    def __init__(self, books: dict):
        self.books = books

    @classmethod
    def for_rows(cls, rows) -> "_NameBook":
        sources = {
            "federation_id": (Federation.objects, str),
            "person_id": (Person.objects, str),
            "term_id": (Term.objects, lambda term: f"第{term.number}届"),
        }
        wanted: dict[str, set] = {attname: set() for attname in sources}
        for row in rows:
            for attname, ids in wanted.items():
                if getattr(row, attname, None):
                    ids.add(getattr(row, attname))
        return cls(
            {
                attname: _names(manager, wanted[attname], label)
                for attname, (manager, label) in sources.items()
            }
        )

    def name(self, attname: str, pk) -> str:
        return self.books.get(attname, {}).get(pk, f"（已删除，编号{pk}）")


def _names(manager, ids: set, label) -> dict:
    if not ids:
        return {}
    return {pk: label(obj) for pk, obj in manager.in_bulk(ids).items()}


def _display(model, field, value, names: _NameBook) -> str:
    if value is None and field.get_internal_type() == "BooleanField":
        return "未填"  # a yes/no trait not known: not 否
    if value is None or value == "":
        return "—"
    if (model._meta.label_lower, field.name) in _MASKED_FIELDS:
        return mask_id_number(value) if field.name == "id_number" else mask_phone(value)
    if field.is_relation:
        return names.name(field.attname, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _tracked_fields(model) -> list:
    # A term's or a post's society never changes and is the page itself: not worth a line.
    skipped = _SKIPPED_FIELDS if model is Society else _SKIPPED_FIELDS | {"society"}
    return [f for f in model._meta.concrete_fields if f.name not in skipped]


def _changes(model, row, previous, names: _NameBook) -> list[FieldChange]:
    if row.history_type == "-":
        return []
    changes = []
    in_subject = _SUBJECT_FIELDS.get(model._meta.label_lower, set()) if previous is None else set()
    for field in _tracked_fields(model):
        if field.name in in_subject:
            continue
        new = getattr(row, field.attname)
        old = getattr(previous, field.attname) if previous is not None else None
        if previous is None and new in (None, "", False):
            continue
        if previous is not None and old == new:
            continue
        changes.append(
            FieldChange(
                label=str(field.verbose_name),
                old=_display(model, field, old, names) if previous is not None else "—",
                new=_display(model, field, new, names),
            )
        )
    return changes


def _subject(model, row, names: _NameBook) -> str:
    label = model._meta.label_lower
    if label == "governance.term":
        return f"第{row.number}届"
    if label == "governance.position":
        office = dict(model._meta.get_field("office").flatchoices).get(row.office, row.office)
        return f"{names.name('person_id', row.person_id)} · {office}（{names.name('term_id', row.term_id)}）"
    return row.name


def _entry(model, row, previous, names: _NameBook) -> HistoryEntry:
    user = row.history_user
    return HistoryEntry(
        when=row.history_date,
        who=user.display_name if user is not None else "系统（命令行或导入）",
        kind=str(model._meta.verbose_name),
        subject=_subject(model, row, names),
        action=ACTION_LABELS.get(row.history_type, row.history_type),
        changes=_changes(model, row, previous, names),
    )


def _audit_entry(entry: AuditEntry) -> HistoryEntry:
    """A record's change from its audit entry, in the words of the other history rows."""
    model = apps.get_model(entry.target_type)
    detail = entry.detail or {}
    action = AUDIT_ACTIONS.get(detail.get("operation", ""), "修改")
    changes = []
    if action != "删除":
        for name, pair in (detail.get("changes") or {}).items():
            if name in _SKIPPED_FIELDS | {"society"} or not isinstance(pair, list | tuple):
                continue
            old, new = (list(pair) + [None, None])[:2]
            if action == "新增" and new in (None, "", False, []):
                continue
            changes.append(
                FieldChange(
                    label=_field_label(model, name),
                    old=_stored_display(model, name, old) if action == "修改" else "—",
                    new=_stored_display(model, name, new),
                )
            )
    return HistoryEntry(
        when=entry.created_at,
        who=entry.actor.display_name if entry.actor is not None else "系统（命令行或导入）",
        kind=str(model._meta.verbose_name),
        subject=_audit_subject(entry.summary, action, str(model._meta.verbose_name)),
        action=action,
        changes=changes,
    )


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _stored_display(model, name: str, value) -> str:
    """A value as the audit entry stored it (JSON: dates as text, personal fields masked)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if value is None and field is not None and field.get_internal_type() == "BooleanField":
        return "未填"
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if field is not None and field.get_internal_type() == "DecimalField":
        return f"{Decimal(str(value)).normalize():f}"  # 20.00 and 20 read alike
    return str(value)


def _audit_subject(summary: str, action: str, kind: str) -> str:
    """«修改个人会员 王五» → «王五»: the action and the kind show in their own columns."""
    subject = summary.removeprefix(action).strip().removeprefix(kind).strip()
    return subject or kind


def federation_tree(federations: QuerySet[Federation]) -> list[dict]:
    """The federations as a tree in document order (each under its parent, by name), with their
    depth and how many societies each registers directly (two queries)."""
    found = list(federations.annotate(society_count=Count("societies")).order_by("name"))
    ids = {f.pk for f in found}
    children: dict = {}
    for federation in found:
        parent = federation.parent_id if federation.parent_id in ids else None
        children.setdefault(parent, []).append(federation)
    rows: list[dict] = []

    def walk(parent, depth: int) -> None:
        for federation in children.get(parent, []):
            rows.append({"federation": federation, "depth": depth, "indent": depth * 1.5})
            walk(federation.pk, depth + 1)

    walk(None, 0)
    return rows
