"""The periods of the library's requirements (issue 10, item 3): 每年 requirements judge a
calendar year, the others the current term or evidence, each saying how it is read."""

import datetime as dt
import json
import re

import pytest

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.rules.choices import Period, Status
from xuehui.rules.facts import gather
from xuehui.rules.facts.periods import IN_TERM
from xuehui.rules.selectors import evaluate_societies
from xuehui.rules.sources import library_files, read_framework_file
from xuehui.rules.spec import parse_framework
from xuehui.tests import factories as f

from .test_commands import run

YEARLY_WORDS = re.compile("每年|年度|年初|年终")
WINDOWED = re.compile(r"^(activities|meetings)\.")


def library_nodes():
    for path in library_files(None):
        spec = parse_framework(read_framework_file(path))
        for node in spec.walk():
            yield spec, node


NODES = list(library_nodes())


@pytest.mark.parametrize(("spec", "node"), NODES, ids=[f"{s.key}:{n.key}" for s, n in NODES])
def test_no_requirement_counts_over_a_period_its_text_does_not_state(spec, node):
    decision = node.decision
    if YEARLY_WORDS.search(node.excerpt):
        assert node.period == Period.YEAR
    fact = decision.fact if decision is not None and decision.by == "automatic" else ""
    requires = str((decision.params or {}).get("requires", "")) if fact else ""
    for name in (fact, requires):
        if not WINDOWED.match(name):
            continue
        if name.endswith(IN_TERM):
            assert node.period == Period.TERM, name
        elif name != "meetings.resolutions_pending":
            assert node.period == Period.YEAR, name
    if node.period:
        # Every period says, in the note shown with the result, how the text is read.
        assert "年度" in node.note or "本届任期" in node.note


# ---- facts: the year judged and the current term ---------------------------------------------------


def activity(society, kind, start_on, role=ActivityRole.HOST):
    return Activity.objects.create(
        society=society,
        kind=kind,
        title=f"{kind}{start_on}",
        start_on=start_on,
        end_on=start_on,
        level=ActivityLevel.PROVINCIAL,
        role=role,
    )


@pytest.fixture
def society(db):
    society = f.make_society()
    f.make_term(society, number=5, start_on=dt.date(2021, 6, 30))
    return society


def test_counts_cover_the_year_judged_and_the_current_term(society):
    for day in (
        dt.date(2021, 6, 29),
        dt.date(2021, 6, 30),
        dt.date(2023, 5, 1),
        dt.date(2024, 2, 1),
    ):
        activity(society, ActivityKind.PARTY_BUILDING, day)
    on = dt.date(2024, 3, 1)
    facts = gather([society.pk], on)[society.pk]
    assert facts["activities.party_building"] == 1  # 2024 so far
    assert facts["activities.party_building_in_term"] == 3  # from 2021-06-30, the term's first day
    whole_2023 = gather([society.pk], on, year=2023)[society.pk]
    assert whole_2023["activities.party_building"] == 1
    assert whole_2023["activities.party_building_in_term"] == 3


def test_without_a_running_term_term_counts_are_missing_with_the_reason(db):
    lone = f.make_society()
    facts = gather([lone.pk], dt.date(2024, 3, 1))[lone.pk]
    assert "activities.party_building_in_term" not in facts
    assert "在任届次" in facts.missing["activities.party_building_in_term"]


def test_a_year_after_the_date_is_refused(society):
    with pytest.raises(ValueError, match="考核年度"):
        gather([society.pk], dt.date(2024, 3, 1), year=2025)


# ---- the engine with the library on a date -----------------------------------------------------------


def judged(society, ref, on, year=None):
    from xuehui.rules.selectors import framework_specs
    from xuehui.rules.services import frameworks_load_library

    frameworks_load_library()
    key, node = ref.split(":")
    results = evaluate_societies(framework_specs()[key], [society.pk], on, year=year)
    return next(r for r in results[society.pk] if r.requirement.key == node)


def test_a_party_activity_earlier_in_the_term_passes_tianjin_t1_3_on_15_january(society):
    activity(society, ActivityKind.PARTY_BUILDING, dt.date(2023, 9, 1))
    result = judged(society, "tianjin-tasks:T1.3", dt.date(2024, 1, 15))
    assert result.status == Status.PASS
    assert "本届（第5届，2021-06-30起）" in result.explanation


def test_no_party_activity_in_the_term_fails_tianjin_t1_3(society):
    activity(society, ActivityKind.PARTY_BUILDING, dt.date(2021, 6, 29))  # the term before
    assert judged(society, "tianjin-tasks:T1.3", dt.date(2024, 1, 15)).status == Status.FAIL


@pytest.mark.parametrize(
    ("on", "year", "status"),
    [
        (dt.date(2024, 1, 15), None, Status.PENDING),  # 年度未结束
        (dt.date(2024, 12, 30), None, Status.PENDING),
        (dt.date(2024, 12, 31), None, Status.NOT_DONE),  # a complete year that fell short (鼓励)
        (dt.date(2025, 3, 1), 2024, Status.NOT_DONE),  # a campaign judging 2024 in 2025
        (dt.date(2025, 3, 1), None, Status.PENDING),  # …while 2025 itself has just begun
    ],
)
def test_tianjin_t12_1_judges_its_calendar_year(society, on, year, status):
    activity(society, ActivityKind.ACADEMIC_EXCHANGE, dt.date(2024, 1, 10))
    result = judged(society, "tianjin-tasks:T12.1", on, year)
    assert result.status == status
    if status == Status.PENDING:
        assert result.explanation.startswith("年度未结束：本年度已")
    else:
        assert f"{year or on.year}年度：" in result.explanation


def test_check_year_judges_the_whole_year_and_on_a_january_day_the_year_so_far(society):
    from xuehui.rules.services import frameworks_load_library

    frameworks_load_library()
    for month in (3, 9):
        activity(society, ActivityKind.ACADEMIC_EXCHANGE, dt.date(2024, month, 1))

    def status(*when):
        args = ("check", "--society", society.uscc, "--framework", "tianjin-tasks", "--format")
        payload = json.loads(run(*args, "json", *when))
        return next(r for r in payload["results"] if r["requirement"].endswith(":T12.1"))

    assert status("--year", "2024")["status"] == Status.PASS
    assert status("--on", "2024-06-01")["status"] == Status.PENDING
    assert status("--on", "2024-06-01")["period"] == Period.YEAR
