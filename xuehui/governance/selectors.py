"""Reads of terms, rosters and people shared by the governance pages."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from .choices import Office
from .composition import Body, Composition, compose
from .models import Identity, Person, Position, Term

_OFFICE_RANK = Case(
    *(When(office=value, then=Value(i)) for i, value in enumerate(Office.values)),
    default=Value(len(Office.values)),
    output_field=IntegerField(),
)


def terms_of(society) -> list[Term]:
    """A society's terms, newest first, with how many posts each holds."""
    return list(
        Term.objects.filter(society=society)
        .annotate(position_count=Count("positions"))
        .order_by("-start_on", "-number")
    )


def running_term(terms: list[Term], day: dt.date) -> Term | None:
    """The term running on `day` among `terms` (Term.is_running_on decides)."""
    running = [term for term in terms if term.is_running_on(day)]
    return max(running, key=lambda term: term.start_on) if running else None


def term_positions(term: Term) -> list[Position]:
    """Every post of a term with its holder, in the order of the offices, then by name."""
    return list(
        Position.objects.filter(term=term)
        .select_related("person", "term")
        .annotate(office_rank=_OFFICE_RANK)
        .order_by("office_rank", "person__name_pinyin", "person_id", "pk")
    )


def figures_day(term: Term, today: dt.date) -> dt.date:
    """The day a term's figures are counted on: today while it runs, else its last or first day."""
    if term.is_running_on(today):
        return today
    if today < term.start_on:
        return term.start_on
    return term.end_on - dt.timedelta(days=1)


@dataclass(frozen=True)
class TermFigures:
    """统计: the council and standing council of one term on one day."""

    day: dt.date
    young_age: int
    council: Composition
    standing_council: Composition

    @property
    def bodies(self) -> list[tuple[Composition, list]]:
        """Each body with its figure rows, for the page."""
        return [
            (body, figure_rows(body, self.young_age))
            for body in (self.council, self.standing_council)
        ]


def term_figures(term: Term, positions: list[Position], day: dt.date) -> TermFigures:
    """The composition figures of `term` on `day`, by the counting rule (composition.compose)."""
    current = [p for p in positions if p.is_current_on(day)]
    young_age = settings.XUEHUI_YOUNG_AGE
    return TermFigures(
        day=day,
        young_age=young_age,
        council=compose(Body.COUNCIL, current, on=day, young_age=young_age),
        standing_council=compose(Body.STANDING_COUNCIL, current, on=day, young_age=young_age),
    )


def people_of(society) -> QuerySet[Person]:
    """The society's own records of people (those who hold or have held a post in it)."""
    return Person.objects.filter(society=society).order_by("name_pinyin", "birth_date", "pk")


@dataclass(frozen=True)
class FigureRow:
    """One line of the figures table: a count, and its share of the body where it has one."""

    label: str
    count: int
    size: int
    unknown: int = 0  # people whose trait is 未填

    @property
    def share_text(self) -> str:
        if not self.size:
            return "—"
        return f"{self.count / self.size:.1%}"


def figure_rows(body: Composition, young_age: int) -> list[FigureRow]:
    size = body.size
    return [
        FigureRow("一线科技工作者", body.frontline, size, body.frontline_unknown),
        FigureRow(f"中青年（{young_age}周岁及以下）", body.young, size),
        FigureRow("中共党员（含预备党员）", body.party_members, size),
        FigureRow("女性", body.women, size),
        FigureRow(
            "退（离）休领导干部", body.retired_officials, size, body.retired_officials_unknown
        ),
    ]


@dataclass(frozen=True)
class RosterRow:
    """A post on the roster table, with the holder's age and whether it counts on the day."""

    position: Position
    age: int
    is_current: bool


def roster_rows(positions: list[Position], day: dt.date) -> list[RosterRow]:
    return [RosterRow(p, p.person.age_on(day), p.is_current_on(day)) for p in positions]


def current_term(society, day: dt.date) -> Term | None:
    """The term of `society` running on `day` (one query)."""
    running = Term.objects.filter(society=society, start_on__lte=day).exclude(ended_on__lte=day)
    return running.order_by("-start_on").first()


@dataclass(frozen=True)
class TermRow:
    term: Term
    state: str
    css: str

    @property
    def is_running(self) -> bool:
        return self.state in ("当前届次", "届满未换届")


def term_rows(terms: list[Term], day: dt.date) -> list[TermRow]:
    """Each term with its state on `day`: running, overdue (届满未换届), ended or not yet begun."""
    rows = []
    for term in terms:
        if term.is_overdue_on(day):
            state, css = "届满未换届", "text-bg-danger"
        elif term.is_running_on(day):
            state, css = "当前届次", "text-bg-success"
        elif day < term.start_on:
            state, css = "未开始", "text-bg-info"
        else:
            state, css = "已结束", "text-bg-secondary"
        rows.append(TermRow(term, state, css))
    return rows


def current_posts_q(on: dt.date) -> Q:
    """Posts current on `on` (Position.is_current_on as a query)."""
    term_runs = Q(term__start_on__lte=on) & (
        Q(term__ended_on__isnull=True) | Q(term__ended_on__gt=on)
    )
    return term_runs & Q(start_on__lte=on) & (Q(end_on__isnull=True) | Q(end_on__gt=on))


@dataclass(frozen=True)
class SharedPerson:
    """One identity with its current posts in several societies of a 科协 (中组发〔2014〕11号)."""

    identity: Identity
    records: list[Person]  # one per society, each with `current_posts` set

    @property
    def society_count(self) -> int:
        return len(self.records)

    @property
    def is_retired_official(self) -> bool:
        """Any society records the person as a retired official (退（离）休领导干部)."""
        return any(record.is_retired_official for record in self.records)

    @property
    def is_retired_cadre(self) -> bool:
        return any(record.is_retired_cadre for record in self.records)


def shared_identities(societies: QuerySet, on: dt.date) -> QuerySet:
    """Keys of the identities holding a current post in more than one of `societies`."""
    return (
        Position.objects.filter(current_posts_q(on), society__in=societies)
        .filter(person__identity__isnull=False)
        .values("person__identity")
        .annotate(societies=Count("society", distinct=True))
        .filter(societies__gt=1)
        .order_by("person__identity")
        .values_list("person__identity", flat=True)
    )


def shared_people(societies: QuerySet, identity_ids: list[int], on: dt.date) -> list[SharedPerson]:
    """The records and current posts of `identity_ids` in `societies` (three queries)."""
    posts = Position.objects.filter(current_posts_q(on)).select_related("term")
    records = (
        Person.objects.filter(identity_id__in=identity_ids, society__in=societies)
        .select_related("society", "identity")
        .prefetch_related(Prefetch("positions", queryset=posts, to_attr="current_posts"))
        .order_by("identity_id", "society__name", "pk")
    )
    grouped: dict[int, list[Person]] = {}
    identities: dict[int, Identity] = {}
    for record in records:
        identity = record.identity  # never None here: filtered by identity_id__in
        if record.current_posts and identity is not None:
            identities.setdefault(identity.pk, identity)
            grouped.setdefault(identity.pk, []).append(record)
    return [
        SharedPerson(identity=identities[pk], records=found)
        for pk, found in grouped.items()
        if len(found) > 1
    ]


def records_elsewhere(person: Person, societies: QuerySet) -> list[Person]:
    """Other societies' records of the same identity among `societies` (for administrators)."""
    if person.identity_id is None:
        return []
    return list(
        Person.objects.filter(identity_id=person.identity_id, society__in=societies)
        .exclude(pk=person.pk)
        .select_related("society")
        .order_by("society__name", "pk")
    )


def posts_elsewhere(society_ids, on: dt.date) -> dict[int, dict[int, set[int]]]:
    """For each of `society_ids`: its person records (by key) whose identity also holds a
    current post in other societies, with those societies' keys. One query, for the
    cross-society rules (a retired official in more than one society, 中组发〔2014〕11号)."""
    current = Position.objects.filter(current_posts_q(on), person__identity__isnull=False)
    mine = current.filter(society_id__in=list(society_ids)).values("person__identity")
    rows = (
        current.filter(person__identity__in=mine)
        .values_list("person__identity", "society_id", "person_id")
        .distinct()
    )
    societies_of: dict[int, set[int]] = {}
    records: list[tuple[int, int, int]] = []
    for identity_id, society_id, person_id in rows:
        societies_of.setdefault(identity_id, set()).add(society_id)
        records.append((identity_id, society_id, person_id))
    wanted = set(society_ids)
    found: dict[int, dict[int, set[int]]] = {}
    for identity_id, society_id, person_id in records:
        others = societies_of[identity_id] - {society_id}
        if society_id in wanted and others:
            found.setdefault(society_id, {})[person_id] = others
    return found


def latest_term(society) -> Term | None:
    """The society's most recent term, to suggest on the roster upload form."""
    return Term.objects.filter(society=society).order_by("-start_on").first()


def roster_people(term: Term) -> int:
    """How many people a roster export of `term` lists (one row per person)."""
    return Position.objects.filter(term=term).values("person").distinct().count()
