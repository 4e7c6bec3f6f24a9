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
