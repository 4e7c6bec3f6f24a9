"""Writes to terms, people and positions."""

import datetime as dt
from typing import TypedDict, Unpack

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import (
    audit_change,
    audit_export,
    audited_delete,
    stored_copy,
)
from xuehui.core.personal import (
    ANONYMOUS_NAME,
    generalised_birth_date,
    is_anonymised,
    numbers_unmask,
    record_anonymise,
)
from xuehui.lib.dates import add_years

from . import selectors
from .models import Identity, Person, Position, Term


@transaction.atomic
def term_create(
    *,
    society,
    number: int,
    start_on: dt.date,
    planned_end_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    actor,
) -> Term:
    """Open a term; an earlier term still open is closed the day this one starts (换届). A term
    recorded after a later one (an earlier term's roster imported afterwards) ends the day the
    next recorded term began: it cannot still be running."""
    require_edit(actor, society)
    following = (
        Term.objects.filter(society=society, start_on__gt=start_on).order_by("start_on").first()
    )
    if ended_on is None and following is not None:
        ended_on = following.start_on
    previous = (
        Term.objects.select_for_update()
        .filter(society=society, ended_on__isnull=True, start_on__lt=start_on)
        .order_by("-start_on")
        .first()
    )
    if previous is not None:
        previous.ended_on = start_on
        previous.full_clean()
        previous.save(update_fields=["ended_on"])
    term = Term(
        society=society,
        number=number,
        start_on=start_on,
        planned_end_on=planned_end_on or add_years(start_on, 5),
        ended_on=ended_on,
    )
    term.full_clean()
    term.save()
    audit_change(
        obj=term,
        old=None,
        actor=actor,
        action="term_create",
        society=society,
        summary=f"新增{term}",
    )
    return term


class TermFields(TypedDict, total=False):
    """What a form or the workbook may change in a term."""

    number: int
    start_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None


@transaction.atomic
def term_update(*, term: Term, actor, **fields: Unpack[TermFields]) -> Term:
    require_edit(actor, term.society)
    old = stored_copy(term)
    for name, value in fields.items():
        setattr(term, name, value)
    term.full_clean()
    term.save()
    audit_change(
        obj=term,
        old=old,
        actor=actor,
        action="term_update",
        society=term.society,
        summary=f"修改{term}",
    )
    return term


def identity_for(id_number: str) -> Identity | None:
    """The identity of a (valid) ID number, created on first use; None without a number."""
    if not id_number:
        return None
    values = Identity.values_for(id_number)
    identity, _ = Identity.objects.get_or_create(id_number=values.pop("id_number"), defaults=values)
    return identity


def identities_link(*, people: list[Person]) -> None:
    """Give each (unsaved or changed) record with an ID number its identity, in bulk.

    For the bulk writers (roster import, demo): the missing identities are created in one
    query; a record without a number gets none."""
    numbers = {p.id_number for p in people if p.id_number}
    known = Identity.objects.filter(id_number__in=numbers).values_list("id_number", flat=True)
    missing = numbers - set(known)
    Identity.objects.bulk_create(
        [Identity(**Identity.values_for(n)) for n in sorted(missing)], ignore_conflicts=True
    )
    found = {i.id_number: i for i in Identity.objects.filter(id_number__in=numbers)}
    for person in people:
        person.identity = found.get(person.id_number)


@transaction.atomic
def person_save(*, person: Person, actor) -> Person:
    """Create or update one society's record of a person, linked to the ID number's identity.

    The record belongs to `person.society`; only that society's data changes, and the audit
    entry is filed under it, whoever the actor is.
    """
    require_edit(actor, person.society)
    created = person.pk is None
    old = stored_copy(person)
    person.identity = None  # re-derived below from the (possibly changed) ID number
    person.full_clean(exclude=["identity"])
    person.identity = identity_for(person.id_number)
    person.full_clean()
    person.save()
    audit_change(
        obj=person,
        old=old,
        actor=actor,
        action="person_create" if created else "person_update",
        society=person.society,
        summary=person.name,
    )
    return person


@transaction.atomic
def position_save(*, position: Position, actor) -> Position:
    require_edit(actor, position.society)
    created = position.pk is None
    old = stored_copy(position)
    position.full_clean()
    position.save()
    audit_change(
        obj=position,
        old=old,
        actor=actor,
        action="position_create" if created else "position_update",
        society=position.society,
        summary=str(position),
    )
    return position


@transaction.atomic
def position_end(*, position: Position, end_on: dt.date, actor) -> Position:
    """离任: the post stops counting from `end_on`."""
    require_edit(actor, position.society)
    old = stored_copy(position)
    position.end_on = end_on
    position.full_clean()
    position.save(update_fields=["end_on"])
    audit_change(
        obj=position,
        old={"end_on": old.end_on} if old is not None else None,
        actor=actor,
        action="position_end",
        society=position.society,
        summary=f"{position} 于{end_on:%Y-%m-%d}离任",
    )
    return position


@transaction.atomic
def position_delete(*, position: Position, actor) -> None:
    require_edit(actor, position.society)
    audited_delete(
        position,
        actor=actor,
        action="position_delete",
        society=position.society,
        summary=f"删除职务 {position}",
    )


def roster_export_audit(*, actor, term: Term, reason: str | None = None, fmt: str = "xlsx") -> None:
    """Audit a roster export: masked (`reason` None), or with full ID and phone numbers for
    the reason given (ValidationError without one)."""
    audit_export(
        actor=actor,
        what=f"{term.society.name}{term}理事会成员名册",
        rows=selectors.roster_people(term),
        society=term.society,
        fmt=fmt,
        reason=reason,
        detail={"term": term.pk},
    )


# What 「显示完整号码」 shows, masked everywhere else.
PERSONAL_FIELDS = ("id_number", "phone")


def person_unmask(*, person: Person, actor, reason: str) -> dict:
    """The full ID number and phone of a person, for a user who may edit the society, with
    the reason audited (「显示完整号码」); refused without a reason."""
    return numbers_unmask(
        record=person,
        actor=actor,
        society=person.society,
        what=person.name,
        reason=reason,
        fields=PERSONAL_FIELDS,
    )


def anonymous_values(person: Person) -> dict:
    """What a person's personal fields hold once anonymised."""
    return {
        "name": ANONYMOUS_NAME,
        "id_number": "",
        "phone": "",
        "note": "",
        "birth_date": generalised_birth_date(person.birth_date),
        "identity": None,
    }


def person_is_anonymised(person: Person) -> bool:
    return is_anonymised(person, anonymous_values(person))


@transaction.atomic
def person_anonymise(*, person: Person, actor, reason: str) -> Person:
    """Anonymise one society's record of a person on request (个人信息保护法, the right to
    deletion), by an administrator of the society's 科协, with a reason.

    The name becomes «匿名人员», the ID number, phone and note are cleared and the birth date
    keeps its year and month; gender, posts, employer, title, education, political status and
    the yes/no traits stay, so counts, age bands, gender and the compliance facts are
    unchanged. The record's history rows are rewritten the same way (they held the old
    values); the audit log keeps the masked values it recorded (it is append-only and is
    archived after the retention period). The identity leaves the record, and is removed
    when no other society's record shares it."""
    identity, values = person.identity, anonymous_values(person)
    if record_anonymise(
        record=person,
        actor=actor,
        society=person.society,
        reason=reason,
        values=values,
        what=f"人员{person.pk}",
    ):
        person.history.all().update(**values)
        if identity is not None and not identity.records.exists():
            identity.delete()
    return person
