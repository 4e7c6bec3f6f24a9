"""`IdList` and `plain_rows`: the same rows as the ORM's own `__in` filter and values_list (the
suite runs on both databases, so every test here runs on each)."""

import datetime as dt

import pytest

from xuehui.lib.queries import IdList, plain_rows
from xuehui.members.choices import CountSource
from xuehui.members.models import IndividualMember, MembershipProfile, MemberYearStat
from xuehui.members.selectors import member_counts_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(society_a, society_b):
    for society, count in ((society_a, 3), (society_b, 2)):
        for n in range(count):
            IndividualMember.objects.create(
                society=society, name=f"会员{n}", join_date=dt.date(2021, 1, 1 + n)
            )
    return society_a, society_b


def test_an_id_list_filters_as_a_plain_list_does(members):
    a, b = members
    for ids in ([a.pk], [b.pk, a.pk], [a.pk, a.pk], [str(b.pk)], [a.pk, b.pk + 1000]):
        by_orm = IndividualMember.objects.filter(society_id__in=ids).order_by("pk")
        by_list = IndividualMember.objects.filter(society_id__in=IdList(ids)).order_by("pk")
        assert list(by_list) == list(by_orm)


def test_an_empty_id_list_matches_nothing_as_an_empty_list_does(members):
    assert list(IndividualMember.objects.filter(society_id__in=IdList([]))) == []
    assert plain_rows(IndividualMember.objects.filter(society_id__in=IdList([]))) == []


def test_an_id_list_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        IdList(["1 OR 1=1"])


def test_plain_rows_are_the_cursor_s_rows_of_the_queryset(members):
    a, _ = members
    query = IndividualMember.objects.filter(society_id__in=IdList([a.pk])).order_by("pk")
    rows = plain_rows(query.values_list("pk", "name"))
    assert rows == [tuple(row) for row in query.values_list("pk", "name")]
    assert [name for _, name in rows] == ["会员0", "会员1", "会员2"]


def test_member_counts_for_many_societies_equal_the_counts_one_by_one(members):
    a, b = members
    MembershipProfile.objects.create(society=a, register_since=2020)
    MemberYearStat.objects.create(society=b, year=2024, individual_count=420, institutional_count=7)
    together = member_counts_for([a.pk, b.pk, b.pk + 1000], 2024)
    for society in (a, b):
        alone = member_counts_for([society.pk], 2024)[society.pk]
        assert together[society.pk] == alone
    assert (together[a.pk].source, together[a.pk].individual) == (CountSource.REGISTER, 3)
    assert (together[b.pk].source, together[b.pk].individual) == (CountSource.STATISTICS, 420)
    assert together[b.pk + 1000].source == CountSource.NONE
