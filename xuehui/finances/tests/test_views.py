import json
from decimal import Decimal

import pytest
from django.urls import reverse

from xuehui.finances.models import FinanceYear

from .factories import make_finance_year


def _post_data(**overrides):
    data = {
        "year": "2024",
        "income_dues": "100000",
        "income_government": "200000.50",
        "income_technical": "0",
        "income_training": "0",
        "income_donations": "0",
        "income_other": "0",
        "total_expenditure": "250000",
        "net_assets": "-12000",
        "is_audited": "on",
    }
    return data | overrides


def test_total_income_is_the_sum_of_the_sources(society_a):
    year = make_finance_year(society_a)
    assert year.total_income == Decimal("551500.50")


def test_the_list_shows_totals_and_the_chart_data(secretary_a_client, society_a):
    make_finance_year(society_a, year=2023, income_dues=Decimal("1000"))
    make_finance_year(society_a, year=2024)
    response = secretary_a_client.get(reverse("finances:list", args=[society_a.pk]))
    content = response.content.decode()
    assert "551,500.50" in content
    assert "vendor/echarts/echarts.min.js" in content
    chart = response.context["chart"]
    assert chart["years"] == ["2023", "2024"]
    dues = next(s for s in chart["series"] if s["name"] == "会费")
    assert dues["data"] == [1000.0, 120000.0]
    json.dumps(chart)


def test_a_secretary_adds_a_year(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("finances:create", args=[society_a.pk]), _post_data()
    )
    assert response.status_code == 302
    year = FinanceYear.objects.get(society=society_a, year=2024)
    assert year.total_income == Decimal("300000.50")
    assert year.net_assets == Decimal("-12000")
    assert year.is_audited and not year.is_disclosed


def test_a_year_entered_twice_is_refused(secretary_a_client, society_a):
    make_finance_year(society_a, year=2024)
    response = secretary_a_client.post(
        reverse("finances:create", args=[society_a.pk]), _post_data()
    )
    assert "该学会已有这一年度的财务数据" in response.content.decode()
    assert FinanceYear.objects.count() == 1


def test_a_negative_income_is_refused(secretary_a_client, society_a):
    data = _post_data(income_dues="-5")
    response = secretary_a_client.post(reverse("finances:create", args=[society_a.pk]), data)
    assert "会费收入不能为负数" in response.content.decode()
    assert not FinanceYear.objects.exists()


def test_an_implausible_year_is_refused(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("finances:create", args=[society_a.pk]), _post_data(year="24")
    )
    assert "年度应在1949至2200之间" in response.content.decode()


def test_the_same_year_of_another_society_is_allowed(secretary_a_client, society_a, society_b):
    make_finance_year(society_b, year=2024)
    response = secretary_a_client.post(
        reverse("finances:create", args=[society_a.pk]), _post_data()
    )
    assert response.status_code == 302
    assert FinanceYear.objects.filter(society=society_a, year=2024).count() == 1
    assert FinanceYear.objects.filter(society=society_b, year=2024).count() == 1


@pytest.mark.parametrize("name", ["list", "create"])
def test_society_pages_are_scoped(name, secretary_b_client, anonymous_client, society_a):
    url = reverse(f"finances:{name}", args=[society_a.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_finance_actions_are_scoped(
    name, secretary_b_client, viewer_client, anonymous_client, society_a
):
    year = make_finance_year(society_a)
    url = reverse(f"finances:{name}", args=[year.pk])
    assert secretary_b_client.post(url, _post_data()).status_code == 404
    assert viewer_client.post(url, _post_data()).status_code == 403
    assert anonymous_client.post(url).status_code == 302
    assert FinanceYear.objects.filter(pk=year.pk).exists()


def test_the_list_query_count_does_not_grow_with_years(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    url = reverse("finances:list", args=[society_a.pk])
    make_finance_year(society_a, year=2000)
    with django_assert_max_num_queries(20) as small:
        secretary_a_client.get(url)
    for year in range(2001, 2025):
        make_finance_year(society_a, year=year)
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary_a_client.get(url)
