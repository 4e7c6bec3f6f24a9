"""Migration 0003: one platform-wide person row becomes one record per society.

Before, a `Person` was shared by every society in which it held a post, so one society's
edit changed what all the others had recorded. Each society that recorded a person gets its
own copy (the society of the earliest post keeps the original row and key); the copies carry
the same values and a copy of the row's history. Posts, and their history, move to their
own society's copy. Records with an ID number are linked by an `Identity`.

Which societies recorded a person: those of its posts; failing that, those of its deleted
posts (post history); failing that, those its audit entries were filed under. A row none of
these names belongs to no society and cannot be shown anywhere: it is removed, and its
history stays.

The functions take the migration's `apps`, so a test can run them on historical models.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError

from xuehui.lib.identifiers import parse_id_number

PERSON = "governance.person"


def split_people(apps, schema_editor=None) -> dict:
    models = _models(apps)
    identities = _identities(models)
    societies = _societies_of(models)
    stats = {"people": 0, "copies": 0, "identities": len(identities), "removed": 0}
    for person in models["Person"].objects.order_by("pk"):
        stats["people"] += 1
        found = societies.get(person.pk)
        if not found:
            person.delete()
            stats["removed"] += 1
            continue
        person.identity_id = identities.get(person.id_number)
        _keep(models, person, found[0])
        for society_id in found[1:]:
            _copy(models, person, society_id)
            stats["copies"] += 1
    return stats


def merge_people(apps, schema_editor=None) -> None:
    """Back to one row per ID number (the lowest key wins); unknown traits become 否."""
    models = _models(apps)
    Person = models["Person"]
    keeper: dict[str, int] = {}
    for person in Person.objects.exclude(id_number="").order_by("pk"):
        first = keeper.setdefault(person.id_number, person.pk)
        if first != person.pk:
            models["Position"].objects.filter(person_id=person.pk).update(person_id=first)
            models["HistoricalPosition"].objects.filter(person_id=person.pk).update(person_id=first)
            person.delete()
    for name in ("is_frontline", "is_retired_official", "is_serving_official"):
        Person.objects.filter(**{f"{name}__isnull": True}).update(**{name: False})
        models["HistoricalPerson"].objects.filter(**{f"{name}__isnull": True}).update(
            **{name: False}
        )


def _models(apps) -> dict:
    names = ("Person", "HistoricalPerson", "Position", "HistoricalPosition", "Identity")
    found = {name: apps.get_model("governance", name) for name in names}
    found["AuditEntry"] = apps.get_model("audit", "AuditEntry")
    return found


def _identities(models) -> dict[str, int]:
    """One identity per ID number in use: number → identity key."""
    Identity = models["Identity"]
    found: dict[str, int] = {}
    people = models["Person"].objects.exclude(id_number="").order_by("pk")
    for number, birth_date, gender in people.values_list("id_number", "birth_date", "gender"):
        if number in found:
            continue
        try:
            info = parse_id_number(number)
        except ValidationError:  # stored before validation was strict: keep what the row says
            values = {"birth_date": birth_date, "gender": gender or "male"}
        else:
            gender = "male" if info.is_male else "female"
            values = {"birth_date": info.birth_date, "gender": gender}
        found[number] = Identity.objects.create(id_number=number, **values).pk
    return found


def _societies_of(models) -> dict[int, list[int]]:
    """Person key → the societies that recorded it, the earliest post's first."""
    found: dict[int, list[int]] = defaultdict(list)

    def add(rows) -> None:
        for person_id, society_id in rows:
            if society_id is not None and society_id not in found[person_id]:
                found[person_id].append(society_id)

    posts = models["Position"].objects.order_by("start_on", "pk")
    add(posts.values_list("person_id", "society_id"))
    deleted = models["HistoricalPosition"].objects.exclude(person_id__in=list(found))
    add(deleted.order_by("history_date", "history_id").values_list("person_id", "society_id"))
    audited = models["AuditEntry"].objects.filter(target_type=PERSON, society__isnull=False)
    for target_id, society_id in audited.order_by("pk").values_list("target_id", "society_id"):
        if target_id.isdigit() and int(target_id) not in found:
            found[int(target_id)].append(society_id)
    return found


def _keep(models, person, society_id: int) -> None:
    person.society_id = society_id
    person.save(update_fields=["society", "identity"])
    models["HistoricalPerson"].objects.filter(id=person.pk).update(
        society_id=society_id, identity_id=person.identity_id
    )


def _copy(models, person, society_id: int) -> None:
    Person, HistoricalPerson = models["Person"], models["HistoricalPerson"]
    old_pk = person.pk
    fields = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if not f.primary_key
    }
    copy = Person.objects.create(**(fields | {"society_id": society_id}))
    history = list(HistoricalPerson.objects.filter(id=old_pk).order_by("history_id"))
    for row in history:
        row.history_id = None
        row.id = copy.pk
        row.society_id = society_id
        row.identity_id = person.identity_id
    HistoricalPerson.objects.bulk_create(history)
    for model in ("Position", "HistoricalPosition"):
        models[model].objects.filter(person_id=old_pk, society_id=society_id).update(
            person_id=copy.pk
        )
