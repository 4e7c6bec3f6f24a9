"""Step 届次与理事会: each society's terms, people and posts from the roster plans.

Terms are keyed by (society, number) and opened through governance.services.term_create.
People (about two thousand) and posts are written in bulk for speed, with their history
rows (bulk_create_with_history) and one audit record per batch: each society has its own
person records, keyed by ID number (linked to one identity across societies), or by name
and birth date when the plan gives no ID number; posts by (term, person,
office). Only what is missing is written, so a second run writes nothing.
"""

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from xuehui.audit.services import audit_record
from xuehui.governance.models import Person, Position, Term
from xuehui.governance.services import identities_link, term_create

from .context import DemoContext
from .rosters import PersonPlan, SocietyPlan, society_plans

CHANGE_REASON = "演示数据"
# Field checks run in Python; uniqueness is the loader's own keying, and the foreign keys
# point at rows this run has just fetched or written, so their per-row queries are skipped.
_SKIP_FK = ["person", "society", "term"]


def load_governance(ctx: DemoContext) -> str:
    plans = list(society_plans(ctx).values())
    terms = {plan.spec.name: _load_terms(ctx, plan) for plan in plans}
    people, new_people = _load_people(ctx, plans)
    new_posts = _load_positions(ctx, plans, terms, people)
    term_count = sum(len(plan.terms) for plan in plans)
    return f"届次 {term_count} 个；新增人员 {new_people} 名、职务 {new_posts} 个"


def _load_terms(ctx: DemoContext, plan: SocietyPlan) -> dict[int, Term]:
    society = ctx.societies[plan.spec.name]
    existing = {term.number: term for term in Term.objects.filter(society=society)}
    for term_plan in plan.terms:  # oldest first, so that none overlaps an open one
        if term_plan.number not in existing:
            existing[term_plan.number] = term_create(
                society=society,
                number=term_plan.number,
                start_on=term_plan.start_on,
                planned_end_on=term_plan.planned_end_on,
                ended_on=term_plan.ended_on,
                actor=ctx.actor,
            )
    return existing


def _load_people(ctx: DemoContext, plans: list[SocietyPlan]) -> tuple[dict, int]:
    """Each society's person records by (society key, plan key): found, or created."""
    wanted: dict[tuple, tuple] = {}
    for plan in plans:
        society = ctx.societies[plan.spec.name]
        for term in plan.terms:
            for post in term.posts:
                wanted.setdefault((society.pk, post.person.key), (society, post.person))
    found = _existing_people(wanted)
    missing = [_person_row(p, society) for key, (society, p) in wanted.items() if key not in found]
    identities_link(people=missing)
    for person in missing:
        person.set_name_keys()  # bulk_create calls no save()
    created = bulk_create_with_history(
        missing, Person, batch_size=500, default_change_reason=CHANGE_REASON
    )
    for person in created:
        found[(person.society_id, _key(person))] = person
    if created:
        audit_record(
            actor=ctx.actor,
            action="demo_people_load",
            summary=f"演示数据：新增人员 {len(created)} 名",
        )
    return found, len(created)


def _existing_people(wanted: dict[tuple, tuple]) -> dict[tuple, Person]:
    society_ids = {key[0] for key in wanted}
    numbers = [key[1][1] for key in wanted if key[1][0] == "id"]
    names = {key[1][1] for key in wanted if key[1][0] == "name"}
    # Without an ID number only people already on a demo roster are taken to be the same.
    people = Person.objects.filter(society_id__in=society_ids).filter(
        Q(id_number__in=numbers) | Q(id_number="", name__in=names, society__is_synthetic=True)
    )
    found = {}
    for person in people:
        key = (person.society_id, _key(person))
        if key in wanted:
            found.setdefault(key, person)
    return found


def _key(person: Person) -> tuple:
    """The same key as PersonPlan.key, read from a row."""
    if person.id_number:
        return ("id", person.id_number)
    return ("name", person.name, person.birth_date)


def _person_row(plan: PersonPlan, society) -> Person:
    person = Person(
        society=society,
        name=plan.name,
        gender=plan.gender,
        birth_date=plan.birth_date,
        id_number=plan.id_number,
        political_status=plan.political_status,
        education=plan.education,
        employer=plan.employer,
        title=plan.title,
        phone=plan.phone,
        is_frontline=plan.is_frontline,
        is_retired_official=plan.is_retired_official,
        is_serving_official=plan.is_serving_official,
    )
    person.full_clean(
        exclude=["society", "identity"], validate_unique=False, validate_constraints=False
    )
    return person


def _load_positions(ctx, plans: list[SocietyPlan], terms: dict, people: dict) -> int:
    societies = [ctx.societies[plan.spec.name] for plan in plans]
    existing = set(
        Position.objects.filter(society__in=societies).values_list("term_id", "person_id", "office")
    )
    total = 0
    for plan in plans:
        society = ctx.societies[plan.spec.name]
        rows = []
        for term_plan in plan.terms:
            term = terms[plan.spec.name][term_plan.number]
            for post in term_plan.posts:
                person = people[(society.pk, post.person.key)]
                if (term.pk, person.pk, post.office) in existing:
                    continue
                rows.append(_position_row(post, person, society, term))
        if rows:
            bulk_create_with_history(
                rows, Position, batch_size=500, default_change_reason=CHANGE_REASON
            )
            audit_record(
                actor=ctx.actor,
                action="demo_roster_load",
                society=society,
                summary=f"演示数据：载入理事会名册，新增职务 {len(rows)} 个",
            )
        total += len(rows)
    return total


def _position_row(post, person: Person, society, term: Term) -> Position:
    position = Position(
        person=person,
        society=society,
        term=term,
        office=post.office,
        start_on=post.start_on or term.start_on,
        end_on=post.end_on,
        selection=post.selection,
        is_full_time=post.is_full_time,
        is_paid=post.is_paid,
        approval_ref=post.approval_ref,
        consecutive_terms=post.consecutive_terms,
    )
    position.full_clean(exclude=_SKIP_FK, validate_unique=False, validate_constraints=False)
    return position
