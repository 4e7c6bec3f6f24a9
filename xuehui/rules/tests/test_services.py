"""Stored evaluation runs: results keep the text of the version they were taken with."""

import datetime as dt

from xuehui.rules.models import EvaluationRun, Framework, Result
from xuehui.rules.services import evaluation_run_create, framework_load
from xuehui.tests import factories as f

from .factories import make_council, tiny_framework


def test_a_stored_run_stays_readable_after_the_framework_is_updated(db):
    framework_load(data=tiny_framework())
    society = f.make_society()
    make_council(f.make_term(society, start_on=dt.date(2022, 6, 1)), size=41, frontline=29)
    run = evaluation_run_create(
        framework=Framework.objects.get(key="tiny"),
        society_ids=[society.pk],
        on=dt.date(2024, 6, 1),
    )
    changed = tiny_framework(version=2)
    changed["requirements"][0]["title"] = "理事会四分之三以上为一线（修订）"
    framework_load(data=changed)
    result = Result.objects.select_related("requirement__version").get(
        run=run, requirement__key="1"
    )
    assert result.requirement.title == "理事会3/4以上为一线"
    assert result.requirement.version.version == 1
    assert result.status == "fail" and "需再增加7名" in result.explanation
    assert EvaluationRun.objects.get().society_count == 1
    assert (
        Framework.objects.get(key="tiny")
        .current_version.requirements.get(key="1")
        .title.endswith("（修订）")
    )
