"""The demo step for rule documents, meetings, activities and finances: its deliberate gaps,
and a second run that writes nothing."""

import pytest

from xuehui.activities.models import Activity
from xuehui.demo.context import DemoContext
from xuehui.demo.federations import load_federations
from xuehui.demo.governance import load_governance
from xuehui.demo.societies import load_societies
from xuehui.demo.steps_records_work import (
    FEW_ACADEMIC,
    NO_COUNCIL_LAST_YEAR,
    NO_FINANCE_RULES,
    NO_LAST_FINANCES,
    load_records_work,
)
from xuehui.finances.models import FinanceYear
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting, Resolution
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.workbook.selectors import year_overview


@pytest.fixture
def demo(db):
    ctx = DemoContext(scale=0.2)
    for step in (load_federations, load_societies, load_governance, load_records_work):
        step(ctx)
    return ctx


def counts() -> dict:
    return {
        m.__name__: m.objects.count()
        for m in (RuleDocument, Meeting, Resolution, Activity, FinanceYear)
    }


def test_a_second_run_writes_nothing(demo):
    before = counts()
    assert all(before.values()), before
    assert (
        load_records_work(demo) == "新增制度 0 条，会议 0 条，活动 0 条，年度财务 0 条，决议 0 条"
    )
    assert counts() == before


def test_the_deliberate_gaps_are_there(demo):
    last_year = demo.today.year - 1
    for name in NO_FINANCE_RULES:
        assert not RuleDocument.objects.filter(society__name=name, kind=RuleKind.FINANCE).exists()
    for name, academic in FEW_ACADEMIC.items():
        missing = year_overview(demo.societies[name], last_year, today=demo.today).missing
        assert any("学术交流活动" in gap for gap in missing), (name, academic, missing)
    for name in NO_COUNCIL_LAST_YEAR:
        assert not Meeting.objects.filter(
            society__name=name, kind=MeetingKind.COUNCIL, held_on__year=last_year
        ).exists()
    for name in NO_LAST_FINANCES:
        assert not FinanceYear.objects.filter(society__name=name, year=last_year).exists()
    short = [m for m in Meeting.objects.filter(kind=MeetingKind.COUNCIL) if m.attendance_short]
    assert short and len(short) < Meeting.objects.filter(kind=MeetingKind.COUNCIL).count() / 3
    assert Activity.objects.filter(in_science_week=True).exists()


def test_most_societies_have_most_rule_documents(demo):
    kinds_per_society = [
        RuleDocument.objects.filter(society=society).count() for society in demo.societies.values()
    ]
    assert min(kinds_per_society) >= 2
    assert sum(kinds_per_society) / len(kinds_per_society) > len(RuleKind) / 2
    assert max(kinds_per_society) < len(RuleKind) - 1  # every society misses a named kind
