"""The roster's body counts read in one pass (facts.roster._all_bodies: the posts of the
running and re-election terms, summed in Python) equal the aggregate that counts each body
and trait in SQL (aggregate_counts, here), on the date and as elected, over the demo societies."""

import datetime as dt

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, DateField, F, Max, Q, Value, When

from xuehui.demo.context import DEMO_DATE
from xuehui.governance.composition import FACT_TRAITS, TRAITS, body_q
from xuehui.governance.models import Position
from xuehui.lib.dates import add_years
from xuehui.rules.facts import Facts, roster
from xuehui.rules.tests.test_statuses import small_demo  # noqa: F401  (the fixture)
from xuehui.societies.models import Society


def place_q(place: str) -> Q:
    if place == "leaders":
        return Q(office__in=list(roster.LEADER_OFFICES))
    return body_q(roster._PLACES[place])


def aggregate_counts(positions: Q, cutoff) -> dict[int, dict]:
    """The body and trait counts of the posts matching `positions`, by society (one query):
    the reference the one-pass count (roster._all_bodies) is held to.

    A person counts once per body however many posts they hold: the inner query makes one
    row per society and person with a 0/1 flag for each place they sit in and each trait they
    have (the traits are the person's, the young cutoff the same for all their posts), and the
    outer one sums the products. Equal to COUNT(DISTINCT person) FILTER (body AND trait) for
    each fact, without the per-aggregate sort of the distinct counts."""
    flag = lambda q: Max(Case(When(q, then=Value(1)), default=Value(0)))  # noqa: E731
    flags = {f"p_{place}": flag(place_q(place)) for place in roster._PLACES}
    flags |= {
        f"t_{trait}": flag(TRAITS[trait].q(cutoff)) for trait in FACT_TRAITS if trait != "size"
    }
    inner = (
        Position.objects.filter(positions)
        .values("society_id", "person_id")
        .annotate(**flags)
        .order_by()
    )
    sums = [
        f"SUM(p_{place})" if trait == "size" else f"SUM(p_{place} * t_{trait})"
        for place, trait in roster._BODY_FACTS.values()
    ]
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # no running term among the societies: no posts to count
        return {}
    outer = f"SELECT society_id, {', '.join(sums)} FROM ({sql}) per_person GROUP BY society_id"
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        rows = cursor.fetchall()
    return {row[0]: dict(zip(roster._BODY_FACTS, row[1:], strict=True)) for row in rows}


def counted(ids: list[int], on: dt.date, young_age: int):
    """The roster's one-pass counts now and as elected, the re-election terms, and the
    aggregate's counts of the posts running on the date."""
    facts = {pk: Facts() for pk in ids}
    elected, running = roster._terms(ids, on, facts)
    now, then = roster._post_rows(on, running, elected, young_age)
    current = roster.running_posts_q(running, on) & Q(society_id__in=ids)
    return now, then, elected, aggregate_counts(current, add_years(on, -(young_age + 1)))


def held_at_start_q(term_ids: list[int]) -> Q:
    """The posts of these terms held on the term's first day (as elected)."""
    return (
        Q(term_id__in=term_ids)
        & Q(start_on__lte=F("term__start_on"))
        & (Q(end_on__isnull=True) | Q(end_on__gt=F("term__start_on")))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("on", [DEMO_DATE, dt.date(2025, 12, 31), dt.date(2019, 6, 30)])
@pytest.mark.parametrize("young_age", [35, 45])
def test_the_one_pass_counts_equal_the_aggregate(small_demo, on, young_age):  # noqa: F811
    ids = sorted(Society.objects.values_list("pk", flat=True))
    now, then, elected, expected_now = counted(ids, on, young_age)
    assert now == expected_now
    assert any(counts["council.size"] for counts in now.values())
    if elected:
        days = sorted({term["start_on"] for term in elected.values()})
        cutoff = Case(
            *[When(term__start_on=d, then=Value(add_years(d, -(young_age + 1)))) for d in days],
            output_field=DateField(),
        )
        that_day = held_at_start_q([term["id"] for term in elected.values()])
        assert then == aggregate_counts(that_day, cutoff)


@pytest.mark.django_db
def test_holders_of_several_posts_count_once_as_in_the_aggregate():
    """People holding one post are counted by kind together, holders of several one by one:
    both together equal the aggregate (a person in two places, twice in one place, in two
    societies, one of two posts ended, beside people of the same kind holding one post)."""
    from xuehui.governance.choices import Gender, Office, Selection
    from xuehui.tests import factories as f

    on = dt.date(2024, 6, 1)
    a, b = f.make_society(), f.make_society()
    term_a = f.make_term(a, number=2, start_on=dt.date(2022, 6, 1))
    term_b = f.make_term(b, start_on=dt.date(2021, 1, 1))
    both = f.make_person(society=a, birth_date=dt.date(1990, 1, 1))
    f.make_position(term_a, Office.VICE_PRESIDENT, both)
    f.make_position(term_a, Office.SECRETARY_GENERAL, both, selection=Selection.ELECTED)
    f.make_position(term_b, Office.SUPERVISOR, both)
    twice = f.make_person(society=a, is_frontline=False)
    f.make_position(term_a, Office.DIRECTOR, twice)
    f.make_position(term_a, Office.STANDING_DIRECTOR, twice, end_on=dt.date(2023, 1, 1))
    for _ in range(3):
        f.make_position(term_a, Office.DIRECTOR)
        f.make_position(
            term_b, Office.STANDING_DIRECTOR, f.make_person(society=b, gender=Gender.FEMALE)
        )
    now, then, _elected, expected_now = counted(sorted([a.pk, b.pk]), on, 45)
    assert now == expected_now
    assert (now[a.pk]["council.size"], now[a.pk]["standing_council.size"]) == (5, 1)
    assert now[b.pk]["supervisors.size"] == 1
    cutoff = add_years(term_a.start_on, -46)
    assert then == aggregate_counts(held_at_start_q([term_a.pk]), cutoff)
    assert then[a.pk]["standing_council.size"] == 2


@pytest.mark.parametrize("selection", ["elected", "appointed", "", None])
def test_the_place_bits_of_every_office_are_its_places(selection):
    """The one CASE on the office (roster._place_flags) gives each post the places place_q
    puts it in: checked in Python through counts_in, for every office and selection."""
    from xuehui.governance.choices import Office
    from xuehui.governance.composition import counts_in

    for office in Office.values:
        expected = 0
        for place, bit in roster._PLACE_BITS.items():
            if place == "leaders":
                inside = office in roster.LEADER_OFFICES
            else:
                inside = counts_in(roster._PLACES[place], office, selection)
            expected |= bit if inside else 0
        assert roster._place_bits(office, selection) >> roster._PLACE_SHIFT == expected


@pytest.mark.django_db
def test_every_office_and_selection_counts_as_in_the_aggregate():
    """A post of every office, the 秘书长 with every selection: the one-pass counts with their
    single CASE on the office equal the aggregate's filters on each place."""
    from xuehui.governance.choices import Office, Selection
    from xuehui.tests import factories as f

    on = dt.date(2024, 6, 1)
    society = f.make_society()
    term = f.make_term(society, start_on=dt.date(2022, 6, 1))
    for office in Office.values:
        f.make_position(term, office)
    for selection in Selection.values:
        f.make_position(term, Office.SECRETARY_GENERAL, selection=selection)
    ids = [society.pk]
    facts = {society.pk: Facts()}
    elected, running = roster._terms(ids, on, facts)
    now, _ = roster._post_rows(on, running, elected, 45)
    current = roster.running_posts_q(running, on) & Q(society_id__in=ids)
    assert now == aggregate_counts(current, add_years(on, -46))
    assert now[society.pk]["leaders.size"] == 3 + len(Selection.values)


@pytest.mark.django_db
def test_terms_with_ids_past_32_bits_keep_their_own_posts():
    """A post's term and flags are read as one integer, the term's id above the flags' bits:
    terms of ids past 32 bits, one id apart, each count their own posts (now and as elected)."""
    from xuehui.governance.choices import Office
    from xuehui.tests import factories as f

    on = dt.date(2024, 6, 1)
    a, b = f.make_society(), f.make_society()
    f.make_term(a, number=1, start_on=dt.date(2017, 6, 1), ended_on=dt.date(2022, 6, 1))
    term_a = f.make_term(a, number=2, start_on=dt.date(2022, 6, 1), pk=2**40 + 1)
    term_b = f.make_term(b, start_on=dt.date(2021, 1, 1), pk=2**40 + 2)
    for _ in range(2):
        f.make_position(term_a, Office.DIRECTOR)
    f.make_position(term_b, Office.SUPERVISOR, f.make_person(society=b, is_frontline=True))
    now, then, _elected, expected_now = counted(sorted([a.pk, b.pk]), on, 45)
    assert now == expected_now
    assert (now[a.pk]["council.size"], now[b.pk]["supervisors.size"]) == (2, 1)
    assert now[b.pk]["council.size"] == 0
    assert then[a.pk]["council.size"] == 2 and b.pk not in then
