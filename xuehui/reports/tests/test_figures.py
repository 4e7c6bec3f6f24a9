import datetime as dt

import pytest

from xuehui.governance.choices import Office
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.reports import figures
from xuehui.reports.models import ReportSetting
from xuehui.tests.factories import make_position, make_society, make_term

from .factories import EXPECTED, YEAR, seed_society

D = dt.date


@pytest.fixture
def seeded(society_a):
    seed_society(society_a)
    return society_a


def _figures(society, year=YEAR, **setting):
    return figures.compute(society, year, ReportSetting(federation=society.federation, **setting))


def test_every_figure_matches_the_records_counted_by_hand(seeded):
    found = figures.flat(_figures(seeded))
    assert {key: found[key] for key in EXPECTED} == EXPECTED


def test_each_counted_figure_lists_the_records_it_counts(seeded):
    data = _figures(seeded)
    by_key = {f["key"]: f for s in data["sections"] for f in s["figures"]}
    # The register may hold thousands: the members' figures link to it instead.
    listed = [k for k, f in by_key.items() if isinstance(f["value"], int)]
    sums = ("activities.participants", "party.members")
    listed = [k for k in listed if not k.startswith("members.") and k not in sums]
    assert len(listed) > 40
    for key in listed:
        assert len(by_key[key]["records"]) == by_key[key]["value"], key
    titles = [r["text"] for r in by_key["activities.total"]["records"]]
    assert titles[0].startswith("2025-01-01") and titles[-1].startswith("2025-12-31")
    assert any(
        "孙老" in r["text"] and "75周岁" in r["text"]
        for r in by_key["officials.over_70"]["records"]
    )
    assert by_key["meetings.council"]["url"].endswith("?year=2025&kind=council")


def test_the_sections_are_those_of_the_yearly_report(seeded):
    titles = [s["title"] for s in _figures(seeded)["sections"]]
    assert titles == ["一、基本信息", "二、内部治理", "三、业务活动", "四、财务状况"]


def test_a_year_without_finances_says_it_is_not_filed(seeded):
    found = figures.flat(_figures(seeded, 2023))
    assert found["finance.income_total"] is None
    assert found["members.individual"] is not None


def test_the_requirements_come_from_the_federations_setting(seeded):
    found = figures.flat(_figures(seeded, council_meetings=2, standing_council_meetings=1))
    assert found["meetings.shortfall"] == ["理事会召开1次，章程要求至少2次"]


def test_a_congress_is_required_in_the_year_the_term_ends(federation):
    society = make_society(federation=federation)
    term = make_term(society, start_on=D(2020, 6, 1))  # planned end 2025-06-01
    make_position(term, Office.SECRETARY_GENERAL)
    Meeting.objects.create(society=society, kind=MeetingKind.COUNCIL, held_on=D(2025, 2, 1))
    short = figures.flat(_figures(society))["meetings.shortfall"]
    assert short == ["会员（代表）大会召开0次，章程要求至少1次"]
    found = figures.flat(_figures(society))
    assert found["secretary_general.full_time"] == "兼职"


def test_posts_of_a_term_superseded_by_a_later_one_are_not_held(federation):
    society = make_society(federation=federation)
    old = make_term(society, number=1, start_on=D(2015, 1, 1), planned_end_on=D(2020, 1, 1))
    make_position(old, Office.SECRETARY_GENERAL)
    new = make_term(society, number=2, start_on=D(2020, 1, 1))
    sg = make_position(new, Office.SECRETARY_GENERAL)
    found = figures.flat(_figures(society))
    assert found["secretary_general.name"] == sg.person.name


def test_a_change_of_legal_representative_in_the_year_is_listed(federation):
    society = make_society(federation=federation, legal_representative="甲")
    history = society.history.order_by("history_id")
    history.update(history_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    society.legal_representative = "乙"
    society.save()
    society.history.order_by("-history_id").update(
        history_date=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )
    data = _figures(society)
    change = next(
        f for s in data["sections"] for f in s["figures"] if f["key"] == "changes.registration"
    )
    assert change["value"] == 1
    assert change["records"][0]["text"] == "2025-03-01 法定代表人：甲 → 乙"
    assert figures.flat(_figures(society, 2026))["changes.registration"] == 0
