"""`evaluate` writes the texts every society judged in one call shares once (a group's outcome
given its children's statuses, an evidence request on the date) and reuses them: each society's
results — status, explanation, figures, people, binding — are still exactly those of judging
that society alone, over the demo societies and societies at the boundaries, in either order."""

import datetime as dt

import pytest

from xuehui.demo.context import DEMO_DATE
from xuehui.rules.engine import evaluate, evaluate_society
from xuehui.rules.facts import gather
from xuehui.rules.selectors import framework_specs
from xuehui.societies.models import Society

from .test_statuses import small_demo, variants  # noqa: F401  (the module's fixture)


def everything(results) -> list[tuple]:
    return [
        (
            r.requirement.key,
            r.status,
            r.explanation,
            r.actual,
            r.expected,
            list(r.people),
            r.binding,
            r.pilot_member,
            r.binding_note,
        )
        for r in results
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("on", [DEMO_DATE, dt.date(2026, 12, 31)])
def test_shared_texts_give_each_society_its_own_results(small_demo, on):  # noqa: F811
    ids = list(Society.objects.order_by("pk").values_list("pk", flat=True))
    edge_ids = ids[:4]
    compared = 0
    for spec in framework_specs().values():
        facts = gather(ids, on, young_age=spec.young_age)
        judged = dict(facts)
        for sid in edge_ids:
            for i, variant in enumerate(variants(facts[sid], spec)):
                judged[-(sid * 1000 + i)] = variant
        together = evaluate(spec, judged, on)
        backwards = evaluate(spec, dict(reversed(judged.items())), on)
        for sid, society_facts in judged.items():
            alone = everything(evaluate_society(spec, society_facts, on))
            assert everything(together[sid]) == alone, (spec.key, sid, on)
            assert everything(backwards[sid]) == alone, (spec.key, sid, on)
            compared += len(alone)
    assert compared > 5000  # the demo is there: every requirement of every society
