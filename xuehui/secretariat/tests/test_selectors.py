import datetime as dt

import pytest

from xuehui.secretariat.selectors import staff_counts_for, staff_under_contract

from .factories import make_staff

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 6, 30)


def test_staff_under_contract_counts_the_first_and_last_day_and_open_ended_contracts(
    society_a, society_b
):
    starts_today = make_staff(society_a, contract_start=DAY)
    ends_today = make_staff(society_a, contract_start=dt.date(2020, 1, 1), contract_end=DAY)
    open_ended = make_staff(society_a, contract_start=dt.date(2019, 1, 1))
    make_staff(society_a, contract_start=dt.date(2019, 1, 1), contract_end=dt.date(2024, 6, 29))
    make_staff(society_a, contract_start=dt.date(2024, 7, 1))
    other = make_staff(society_b)
    assert set(staff_under_contract(DAY, society=society_a)) == {
        starts_today,
        ends_today,
        open_ended,
    }
    assert other in staff_under_contract(DAY)


def test_staff_counts_for_many_societies_take_one_query(
    django_assert_num_queries, society_a, society_b
):
    make_staff(society_a, is_party_member=True)
    make_staff(society_a, is_finance_staff=True, has_finance_certificate=True)
    make_staff(society_a, has_social_insurance=False, contract_end=dt.date(2021, 1, 1))
    make_staff(society_b, is_finance_staff=True)
    with django_assert_num_queries(1):
        counts = staff_counts_for([society_a.pk, society_b.pk], DAY)
    assert counts[society_a.pk] == {"total": 2, "insured": 2, "party": 1, "certified_finance": 1}
    assert counts[society_b.pk]["certified_finance"] == 0
