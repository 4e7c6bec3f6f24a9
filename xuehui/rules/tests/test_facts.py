"""Facts for many societies at once: the number of queries does not grow with the societies."""

import datetime as dt

import pytest

from xuehui.rules.facts import gather
from xuehui.rules.selectors import evaluate_frameworks, framework_specs
from xuehui.rules.services import frameworks_load_library
from xuehui.tests import factories as f

from .factories import make_council, make_member_stat, make_standing

ON = dt.date(2024, 6, 1)


def societies(n: int) -> list[int]:
    ids = []
    for _ in range(n):
        society = f.make_society()
        term = f.make_term(society, start_on=dt.date(2022, 6, 1))
        make_council(term, size=4, frontline=3)
        make_standing(term, size=2, frontline=2)
        make_member_stat(society, year=2024, individual=310)
        ids.append(society.pk)
    return ids


def count_queries(django_assert_num_queries, ids, specs) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        evaluate_frameworks(specs, ids, ON)
    return len(captured)


@pytest.mark.django_db
def test_evaluating_every_framework_takes_as_many_queries_for_thirty_societies_as_for_three(
    django_assert_num_queries,
):
    frameworks_load_library()
    specs = list(framework_specs().values())
    few = societies(3)
    many = few + societies(27)
    expected = count_queries(django_assert_num_queries, few, specs)
    with django_assert_num_queries(expected):
        evaluate_frameworks(specs, many, ON)


@pytest.mark.django_db
def test_facts_of_one_society_are_those_of_the_same_society_among_many():
    ids = societies(3)
    alone = gather([ids[1]], ON)[ids[1]]
    together = gather(ids, ON)[ids[1]]
    assert alone == together
    assert (
        together["council.size"],
        together["council.frontline"],
        together["standing_council.size"],
    ) == (6, 5, 2)
    assert together["members.individual"] == 310


@pytest.mark.django_db
def test_finances_are_read_for_the_year_judged_when_it_is_complete():
    from xuehui.finances.tests.factories import make_finance_year
    from xuehui.tests.factories import make_society

    society = make_society()
    make_finance_year(society, year=2023, is_audited=True)
    make_finance_year(society, year=2024, is_audited=False)
    on = dt.date(2025, 3, 1)
    assert gather([society.pk], on)[society.pk]["finance.audited"] is False  # 2024, last full
    assert gather([society.pk], on, year=2023)[society.pk]["finance.audited"] is True
    assert gather([society.pk], on, year=2025)[society.pk]["finance.audited"] is False  # not over
    missing = gather([society.pk], on, year=2022)[society.pk]
    assert "finance.audited" not in missing
    assert missing.missing["finance.audited"] == "尚无2022年度财务记录"


def _legal_representative_offices_compared_with_every_post(ids: list[int]) -> dict:
    """The legal representative's office as read before the name's index was used: every
    current post's holder compared with its society's representative."""
    from django.db.models import F

    from xuehui.governance.choices import Office
    from xuehui.governance.composition import Body, counts_in
    from xuehui.governance.models import Position
    from xuehui.rules.facts.roster import current_positions_q

    found: dict = dict.fromkeys(ids)
    rows = (
        Position.objects.filter(society_id__in=ids)
        .filter(current_positions_q(ON), person__name=F("society__legal_representative"))
        .values_list("society_id", "office", "selection")
        .order_by("society_id", "office")
    )
    for society_id, office, selection in rows:
        if counts_in(Body.COUNCIL, office, selection) and not found[society_id]:
            found[society_id] = Office(office).label
    return found


@pytest.mark.django_db
def test_the_legal_representatives_office_is_read_as_from_every_current_post():
    from xuehui.governance.choices import Office, Selection

    def society(representative: str, *posts) -> int:
        s = f.make_society(legal_representative=representative)
        term = f.make_term(s)
        for name, office, fields in posts:
            f.make_position(term, office, f.make_person(society=s, name=name), **fields)
        return s.pk

    none: dict = {}
    ids = [
        society("张三", ("张三", Office.VICE_PRESIDENT, none), ("张三", Office.PRESIDENT, none)),
        society("李四", ("李四", Office.SUPERVISOR, none)),  # not a council post
        society("王五", ("张三", Office.PRESIDENT, none)),  # 张三 represents another society
        society("赵六", ("赵六", Office.SECRETARY_GENERAL, {"selection": Selection.ELECTED})),
        society("钱七", ("钱七", Office.DIRECTOR, {"end_on": dt.date(2023, 1, 1)})),  # ended
        society("", ("孙八", Office.DIRECTOR, none)),  # no representative recorded
        society("周九"),  # no posts
    ]
    facts = gather(ids, ON)
    found = {pk: facts[pk]["society.legal_representative_office"] for pk in ids}
    assert found == _legal_representative_offices_compared_with_every_post(ids)
    assert list(found.values()) == ["理事长", None, None, "秘书长", None, None, None]


@pytest.mark.django_db
def test_officers_and_officials_are_the_current_posts_read_with_the_history():
    """The holders' posts of every term are read once, for the history and the current
    officers: the current ones picked from them are those the current-posts filter gives,
    in its order, around each boundary of a post and of a term."""
    from django.db.models import Q

    from xuehui.governance.choices import Office
    from xuehui.governance.models import Position
    from xuehui.rules.facts.roster import OFFICER_OFFICES, current_positions_q

    s = f.make_society()
    old = f.make_term(s, number=1, start_on=dt.date(2017, 6, 1), ended_on=dt.date(2022, 6, 1))
    term = f.make_term(s, number=2, start_on=dt.date(2022, 6, 1))
    president = f.make_person(society=s, name="乙")
    f.make_position(old, Office.PRESIDENT, president)
    f.make_position(term, Office.PRESIDENT, president)
    f.make_position(old, Office.VICE_PRESIDENT, f.make_person(society=s, name="丙"))
    for name, fields in [
        ("丁", {}),
        ("甲", {}),
        ("戊", {"end_on": ON}),  # ends on the day: not current
        ("己", {"end_on": dt.date(2024, 6, 2)}),
        ("庚", {"start_on": dt.date(2024, 6, 2)}),  # begins after the day
        ("辛", {"start_on": ON}),
    ]:
        f.make_position(term, Office.VICE_PRESIDENT, f.make_person(society=s, name=name), **fields)
    official = f.make_person(society=s, name="壬", is_retired_official=True)
    f.make_position(term, Office.DIRECTOR, official)
    f.make_position(old, Office.DIRECTOR, f.make_person(society=s, is_serving_official=True))
    other = f.make_society()
    f.make_position(f.make_term(other), Office.PRESIDENT)

    facts = gather([s.pk, other.pk], ON)[s.pk]
    holders = (
        Q(office__in=list(OFFICER_OFFICES))
        | Q(person__is_retired_official=True)
        | Q(person__is_serving_official=True)
    )
    expected = list(
        Position.objects.filter(society=s)
        .filter(current_positions_q(ON), holders)
        .order_by("office", "person__name", "person_id")
        .values_list("person_id", "office")
    )
    seen = [
        (p["person_id"], p["office"])
        for name in ("officers.president", "officers.vice_presidents", "posts.officials")
        for p in facts[name]
    ]
    assert sorted(seen) == sorted(expected)
    vice = [p["person_id"] for p in facts["officers.vice_presidents"]]
    assert vice == [pk for pk, office in expected if office == Office.VICE_PRESIDENT]
    names = sorted(p["name"] for p in facts["officers.leaders"])
    assert names == sorted(["乙", "丁", "己", "甲", "辛"])
    assert facts["officers.president"][0]["consecutive_terms"] == 2
    assert [p["name"] for p in facts["posts.officials"]] == ["壬"]


@pytest.mark.django_db
def test_each_activity_counter_counts_what_its_filter_matches_in_the_year_and_the_term():
    """The counters are read as one integer of bits per activity: each must still count the
    activities its own filter matches (one activity in several counters, the periods' edges)."""
    from django.db.models import Q

    from xuehui.activities.choices import ActivityKind as K
    from xuehui.activities.choices import ActivityLevel, ActivityRole
    from xuehui.activities.models import Activity
    from xuehui.rules.facts.activities import counters

    society = f.make_society()
    f.make_term(society, start_on=dt.date(2023, 3, 1))
    kinds = [K.ACADEMIC_EXCHANGE, K.TECHNICAL_SERVICE, K.CONSORTIUM, K.CONTINUING_EDUCATION]
    days = [dt.date(2023, 2, 28), dt.date(2023, 3, 1), dt.date(2024, 1, 1), ON, ON.replace(day=2)]
    for i, (kind, day) in enumerate((k, d) for k in kinds for d in days):
        Activity.objects.create(
            society=society, kind=kind, title=f"活动{i}", start_on=day, end_on=day,
            level=ActivityLevel.PROVINCIAL, role=[ActivityRole.HOST, ActivityRole.CO_ORGANIZER][i % 2],
            revenue=[0, 100][i % 3 == 0], in_science_week=i % 4 == 0, into_schools=i % 5 == 0,
        )  # fmt: skip
    facts = gather([society.pk], ON)[society.pk]
    mine = Activity.objects.filter(society=society, start_on__lte=ON)
    for name, q in counters().items():
        in_year = mine.filter(q or Q(), start_on__gte=dt.date(2024, 1, 1)).count()
        in_term = mine.filter(q or Q(), start_on__gte=dt.date(2023, 3, 1)).count()
        assert (facts[f"activities.{name}"], facts[f"activities.{name}_in_term"]) == (
            in_year,
            in_term,
        ), name
    assert (
        facts["activities.total"] == 8 and facts["activities.paid_technical_service_in_term"] == 1
    )
