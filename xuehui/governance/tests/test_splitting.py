"""Migration 0003 on data shaped as before it: one platform-wide person row per ID number."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from xuehui.tests import factories

BEFORE = ("governance", "0001_initial")


def _migrate(*, before: bool = False):
    """Governance back to 0001 (before) or everything to its latest; the models as they are."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if before:
        executor.migrate([BEFORE])
        state = [BEFORE, *(node for node in leaves if node[0] in ("audit", "societies"))]
    else:
        executor.migrate(leaves)
        state = leaves
    executor.loader.build_graph()
    return executor.loader.project_state(state).apps


def _history(model, obj, *, when: dt.datetime, kind: str = "~", **changes) -> None:
    fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    model.objects.create(
        **(fields | changes), history_date=when, history_type=kind, history_change_reason=""
    )


@pytest.mark.django_db(transaction=True)
def test_a_shared_person_becomes_one_record_per_society_with_one_identity():
    first, second, third = (factories.make_society() for _ in range(3))
    old = _migrate(before=True)
    Person, Position, Term = (
        old.get_model("governance", n) for n in ("Person", "Position", "Term")
    )
    HistoricalPerson = old.get_model("governance", "HistoricalPerson")
    HistoricalPosition = old.get_model("governance", "HistoricalPosition")
    AuditEntry = old.get_model("audit", "AuditEntry")
    terms = {
        s.pk: Term.objects.create(
            society_id=s.pk,
            number=1,
            start_on=dt.date(2018, 1, 1),
            planned_end_on=dt.date(2023, 1, 1),
        )
        for s in (first, second, third)
    }
    number = factories.make_id_number(dt.date(1965, 3, 15), male=True)
    shared = Person.objects.create(
        name="张三",
        birth_date=dt.date(1965, 3, 15),
        gender="male",
        id_number=number,
        phone="13800000000",
        employer="武汉大学",
        is_frontline=True,
    )
    now = timezone.now()
    _history(HistoricalPerson, shared, when=now - dt.timedelta(days=2), kind="+", name="张叁")
    _history(HistoricalPerson, shared, when=now - dt.timedelta(days=1))

    def post(person, society, start, office="director"):
        return Position.objects.create(
            person_id=person.pk,
            society_id=society.pk,
            term_id=terms[society.pk].pk,
            office=office,
            start_on=start,
        )

    in_first = post(shared, first, dt.date(2020, 1, 1), "president")
    in_second = post(shared, second, dt.date(2018, 1, 1))
    unnumbered = Person.objects.create(name="李四", birth_date=dt.date(1970, 1, 1))
    post(unnumbered, first, dt.date(2018, 1, 1))
    left = Person.objects.create(name="王五", birth_date=dt.date(1971, 1, 1))
    gone = Position(person_id=left.pk, society_id=third.pk, term_id=terms[third.pk].pk, pk=999)
    gone.office, gone.start_on = "director", dt.date(2018, 1, 1)
    _history(HistoricalPosition, gone, when=now, kind="-")
    audited = Person.objects.create(name="赵六", birth_date=dt.date(1972, 1, 1))
    AuditEntry.objects.create(
        action="person_create",
        target_type="governance.person",
        target_id=str(audited.pk),
        society_id=second.pk,
        created_at=now,
    )
    nobody = Person.objects.create(name="无主", birth_date=dt.date(1973, 1, 1))
    _history(HistoricalPerson, nobody, when=now, kind="+")

    new = _migrate()
    Person = new.get_model("governance", "Person")
    Position = new.get_model("governance", "Position")
    HistoricalPerson = new.get_model("governance", "HistoricalPerson")
    Identity = new.get_model("governance", "Identity")

    records = {p.society_id: p for p in Person.objects.filter(id_number=number)}
    assert set(records) == {first.pk, second.pk}
    # The society of the earliest post keeps the original row; the other gets a copy.
    assert records[second.pk].pk == shared.pk and records[first.pk].pk != shared.pk
    for record in records.values():
        assert (record.name, record.phone, record.employer, record.is_frontline) == (
            "张三",
            "13800000000",
            "武汉大学",
            True,
        )
    (identity,) = Identity.objects.all()
    assert (identity.id_number, identity.birth_date, identity.gender) == (
        number,
        dt.date(1965, 3, 15),
        "male",
    )
    assert {r.identity_id for r in records.values()} == {identity.pk}
    # Each post now names its own society's record, and both records keep the history.
    assert Position.objects.get(pk=in_first.pk).person_id == records[first.pk].pk
    assert Position.objects.get(pk=in_second.pk).person_id == shared.pk
    for record in records.values():
        names = HistoricalPerson.objects.filter(id=record.pk).order_by("history_date")
        assert [h.name for h in names] == ["张叁", "张三"]
        assert {h.society_id for h in names} == {record.society_id}
    assert Person.objects.get(pk=unnumbered.pk).society_id == first.pk
    assert Person.objects.get(pk=unnumbered.pk).identity_id is None
    assert Person.objects.get(pk=left.pk).society_id == third.pk  # from a deleted post
    assert Person.objects.get(pk=audited.pk).society_id == second.pk  # from the audit
    # A row no society ever recorded is gone; its history is not.
    assert not Person.objects.filter(pk=nobody.pk).exists()
    assert HistoricalPerson.objects.filter(id=nobody.pk).exists()
    assert Person.objects.count() == 5
