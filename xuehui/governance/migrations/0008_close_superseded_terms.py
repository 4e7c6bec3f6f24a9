"""Terms recorded after a later one (an earlier term imported afterwards) were left open and
read as running beside the real current term; each now ends the day the next term began."""

from django.db import migrations


def close_superseded(apps, schema_editor):
    Term = apps.get_model("governance", "Term")
    by_society: dict[int, list] = {}
    for term in Term.objects.order_by("society_id", "start_on", "pk"):
        by_society.setdefault(term.society_id, []).append(term)
    for terms in by_society.values():
        for term, following in zip(terms, terms[1:], strict=False):
            if term.ended_on is None and following.start_on > term.start_on:
                term.ended_on = following.start_on
                term.save(update_fields=["ended_on"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_person_is_public_servant")]

    operations = [migrations.RunPython(close_superseded, migrations.RunPython.noop)]
