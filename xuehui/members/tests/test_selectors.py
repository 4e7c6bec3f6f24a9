import datetime as dt

import pytest

from xuehui.members.choices import CountSource, MemberStatus
from xuehui.members.models import MembershipProfile
from xuehui.members.selectors import member_count_history, member_counts, member_counts_for

from .factories import make_individual_member, make_institutional_member, make_year_stat

pytestmark = pytest.mark.django_db


def keep_register_since(society, year):
    MembershipProfile.objects.create(society=society, register_since=year)


def test_it_uses_the_hand_entered_2016_baseline_when_the_register_starts_later(society_a):
    keep_register_since(society_a, 2022)
    make_year_stat(society_a, 2016, 180, 12)
    make_individual_member(society_a, join_date=dt.date(2010, 1, 1))
    count = member_counts(society_a, 2016)
    assert (count.individual, count.institutional) == (180, 12)
    assert count.source == CountSource.STATISTICS


def test_it_counts_from_the_register_for_years_it_is_kept(society_a):
    keep_register_since(society_a, 2020)
    make_year_stat(society_a, 2023, 999)  # a hand-entered figure the register overrides
    make_individual_member(society_a, join_date=dt.date(2019, 3, 1))
    make_individual_member(society_a, join_date=dt.date(2023, 12, 31))  # counts: on 31 Dec
    make_individual_member(society_a, join_date=dt.date(2024, 1, 1))  # joined after
    make_individual_member(society_a, join_date=None)  # before the register began
    make_individual_member(
        society_a,
        join_date=dt.date(2015, 1, 1),
        status=MemberStatus.WITHDRAWN,
        left_on=dt.date(2023, 6, 30),
    )
    make_individual_member(
        society_a,
        join_date=dt.date(2015, 1, 1),
        status=MemberStatus.EXPELLED,
        left_on=dt.date(2024, 2, 1),  # still a member at the end of 2023
    )
    make_institutional_member(society_a, join_date=dt.date(2021, 5, 1))
    count = member_counts(society_a, 2023)
    assert count.source == CountSource.REGISTER
    assert (count.individual, count.institutional) == (4, 1)
    assert count.hand_entered.individual_count == 999


def test_a_year_with_neither_source_says_so(society_a):
    count = member_counts(society_a, 2016)
    assert count.source == CountSource.NONE and count.individual is None
    assert not count.has_data


def test_without_a_register_start_the_register_is_not_used(society_a):
    make_individual_member(society_a)
    make_year_stat(society_a, 2024, 50)
    assert member_counts(society_a, 2024).source == CountSource.STATISTICS


def test_counts_for_many_societies_take_four_queries(django_assert_num_queries, society_a):
    from xuehui.tests.factories import make_society

    societies = [make_society(federation=society_a.federation) for _ in range(6)]
    for i, society in enumerate(societies):
        if i % 2:
            keep_register_since(society, 2020)
            for _ in range(i):
                make_individual_member(society)
        else:
            make_year_stat(society, 2024, 100 + i)
    with django_assert_num_queries(4):
        counts = member_counts_for([s.pk for s in societies], 2024)
    assert [counts[s.pk].individual for s in societies] == [100, 1, 102, 3, 104, 5]
    assert counts[societies[1].pk].source == CountSource.REGISTER


def test_history_runs_from_2016_and_mixes_sources(django_assert_max_num_queries, society_a):
    keep_register_since(society_a, 2022)
    make_year_stat(society_a, 2016, 150)
    make_year_stat(society_a, 2019, 210)
    make_individual_member(society_a, join_date=dt.date(2021, 1, 1))
    with django_assert_max_num_queries(4):
        history = member_count_history(society_a, until=2024)
    by_year = {c.year: c for c in history}
    assert [c.year for c in history] == list(range(2024, 2015, -1))
    assert by_year[2016].individual == 150 and by_year[2016].source == CountSource.STATISTICS
    assert by_year[2017].source == CountSource.NONE
    assert by_year[2022].source == CountSource.REGISTER and by_year[2022].individual == 1
