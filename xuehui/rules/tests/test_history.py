"""The roster's history: re-elections, the term that supplies current officers, and consecutive
terms counted from the recorded terms (issue 10, items 1 and 5)."""

import datetime as dt

import pytest

from xuehui.governance.choices import Office
from xuehui.rules.facts import gather
from xuehui.tests import factories as f

ON = dt.date(2024, 6, 1)


def facts(society, on=ON):
    return gather([society.pk], on)[society.pk]


@pytest.fixture
def society(db):
    return f.make_society()


# ---- re-election ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "reelected"),
    [(5, dt.date(2021, 6, 30)), (2, dt.date(2021, 6, 30)), (1, None)],
)
def test_a_single_recorded_term_numbered_above_one_is_a_reelection_on_its_start_date(
    society, number, reelected
):
    f.make_term(society, number=number, start_on=dt.date(2021, 6, 30))
    assert facts(society)["term.latest_reelection_on"] == reelected


def test_a_term_not_yet_begun_is_not_a_reelection(society):
    f.make_term(society, number=5, start_on=dt.date(2024, 6, 2))
    assert facts(society)["term.latest_reelection_on"] is None


# ---- current officers: only the running term -----------------------------------------------------


def test_an_earlier_terms_roster_imported_later_does_not_supply_current_officers(society):
    current = f.make_term(society, number=5, start_on=dt.date(2021, 6, 30))
    now = f.make_position(current, Office.PRESIDENT)
    # The 第4届 roster, imported afterwards, has no end date recorded.
    earlier = f.make_term(society, number=4, start_on=dt.date(2016, 6, 30))
    f.make_position(earlier, Office.PRESIDENT)
    f.make_position(earlier, Office.DIRECTOR)
    known = facts(society)
    assert [p["person_id"] for p in known["officers.president"]] == [now.person_id]
    assert known["council.size"] == 1
    assert known["term.current"]["number"] == 5


# ---- consecutive terms -----------------------------------------------------------------------------


def terms(society, *numbers):
    start = dt.date(2009, 6, 30)
    made = []
    for number in numbers:
        made.append(f.make_term(society, number=number, start_on=start))
        start = start.replace(year=start.year + 5)
    return made


def president_terms(society, on=dt.date(2021, 7, 1)):
    return [p["consecutive_terms"] for p in facts(society, on)["officers.president"]]


def test_a_president_in_three_consecutive_recorded_terms_has_three_terms_with_the_field_blank(
    society,
):
    person = f.make_person(society=society)
    for term in terms(society, 3, 4, 5):
        f.make_position(term, Office.PRESIDENT, person=person)  # 连任届数 left at its default
    assert president_terms(society, dt.date(2020, 1, 1)) == [3]


def test_another_office_in_the_earlier_term_is_not_consecutive(society):
    person = f.make_person(society=society)
    t3, t4 = terms(society, 3, 4)
    f.make_position(t3, Office.VICE_PRESIDENT, person=person)
    f.make_position(t4, Office.PRESIDENT, person=person)
    assert president_terms(society, dt.date(2015, 1, 1)) == [1]


def test_a_different_person_in_the_term_before_breaks_the_run_whatever_was_typed(society):
    t3, t4 = terms(society, 3, 4)
    f.make_position(t3, Office.PRESIDENT)
    f.make_position(t4, Office.PRESIDENT, consecutive_terms=3)
    assert president_terms(society, dt.date(2015, 1, 1)) == [1]


@pytest.mark.parametrize(
    ("typed_first", "typed_current", "expected"),
    [(1, 1, 2), (2, 1, 3), (1, 4, 4), (3, 2, 4)],
)
def test_the_typed_count_speaks_for_terms_before_the_first_recorded_one(
    society, typed_first, typed_current, expected
):
    person = f.make_person(society=society)
    t4, t5 = terms(society, 4, 5)
    f.make_position(t4, Office.PRESIDENT, person=person, consecutive_terms=typed_first)
    f.make_position(t5, Office.PRESIDENT, person=person, consecutive_terms=typed_current)
    assert president_terms(society, dt.date(2015, 1, 1)) == [expected]


def test_importing_an_earlier_terms_roster_changes_the_fengxian_result(society):
    from xuehui.rules.selectors import evaluate_societies, framework_specs
    from xuehui.rules.services import frameworks_load_library

    frameworks_load_library()
    spec = framework_specs()["fengxian-2019"]
    person = f.make_person(society=society)
    t5 = f.make_term(society, number=5, start_on=dt.date(2019, 6, 30))
    f.make_position(t5, Office.PRESIDENT, person=person)

    def status():
        results = evaluate_societies(spec, [society.pk], ON)[society.pk]
        return next(r for r in results if r.requirement.key == "2.4.c")

    assert status().status == "pass"
    for number, year in ((3, 2009), (4, 2014)):
        term = f.make_term(
            society, number=number, start_on=dt.date(year, 6, 30), ended_on=dt.date(year + 5, 6, 30)
        )
        f.make_position(term, Office.PRESIDENT, person=person)
    after = status()
    assert after.status == "fail"
    assert "连任第3届" in after.explanation


# ---- Tianjin 二: judged on the re-election's own figures ------------------------------------------


def tianjin(society, ref, on=ON):
    from xuehui.rules.selectors import evaluate_societies, framework_specs
    from xuehui.rules.services import frameworks_load_library

    frameworks_load_library()
    results = evaluate_societies(framework_specs()["tianjin-tasks"], [society.pk], on)
    return next(r for r in results[society.pk] if r.requirement.key == ref)


@pytest.fixture
def reelected_2021(society):
    """第5届 from 2021-06-30, the only recorded term: 4 directors elected, 3 of them 一线; two
    non-一线 directors were added in 2023 (today 3 of 6)."""
    from .factories import make_member_stat

    term = f.make_term(society, number=5, start_on=dt.date(2021, 6, 30))
    for frontline in (True, True, True, False):
        f.make_position(term, Office.DIRECTOR, person=f.make_person(is_frontline=frontline))
    for _ in range(2):
        f.make_position(
            term,
            Office.DIRECTOR,
            person=f.make_person(is_frontline=False),
            start_on=dt.date(2023, 3, 1),
        )
    make_member_stat(society, year=2016, individual=200)
    return term


def test_a_single_fifth_term_from_2021_is_judged_by_tianjin_group_two(society, reelected_2021):
    group = tianjin(society, "G2")
    assert group.status != "not_applicable"
    assert "2021-06-30换届选举产生的第5届名册" in group.explanation


def test_tianjin_nine_is_judged_on_the_roster_elected_that_day_not_todays(society, reelected_2021):
    assert gather([society.pk], ON)[society.pk]["council.frontline"] == 3  # of 6 today
    result = tianjin(society, "T9.a")
    assert result.status == "pass"  # 3 of the 4 elected on 2021-06-30
    assert result.explanation.startswith("按2021-06-30换届材料：")


@pytest.mark.parametrize(
    ("stats", "status", "source"),
    [
        ({2021: 240, 2024: 100}, "pass", "2021年度会员统计"),  # 240 ≥ 1.15 × 200
        ({2021: 220, 2024: 400}, "fail", "2021年度会员统计"),
        ({2024: 240}, "pass", "2021年无会员统计，会员数取2024年度会员统计"),
    ],
)
def test_tianjin_seven_counts_the_members_reported_for_the_reelection_year(
    society, reelected_2021, stats, status, source
):
    from .factories import make_member_stat

    for year, individual in stats.items():
        make_member_stat(society, year=year, individual=individual)
    assert tianjin(society, "T7").status == status
    assert source in tianjin(society, "G2").explanation


@pytest.mark.django_db
def test_the_reelection_figures_take_the_same_queries_for_thirty_societies_as_for_three(
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reelected(n, offset):
        ids = []
        for i in range(n):
            society = f.make_society()
            term = f.make_term(
                society, number=3, start_on=dt.date(2019, 1, 1) + dt.timedelta(days=offset + i)
            )
            f.make_position(term, Office.DIRECTOR)
            ids.append(society.pk)
        return ids

    few = reelected(3, 0)
    many = few + reelected(27, 10)
    with CaptureQueriesContext(connection) as captured:
        gather(few, ON)
    with django_assert_num_queries(len(captured)):
        facts = gather(many, ON)
    assert all(facts[pk]["reelection.facts"]["council.size"] == 1 for pk in many)
