"""A society's 经费补贴 tab: its applications by year with what was allocated, decided and
paid; a secretary sees only its own society's."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from xuehui.subsidies.models import SubsidyPayment

from .factories import make_application


def test_the_tab_lists_the_societys_applications_with_what_was_paid(
    client, category, society_a, secretary_a, secretary_b
):
    application = make_application(
        category, society_a, decision="approved", approved_amount=Decimal(30000)
    )
    SubsidyPayment.objects.create(
        application=application,
        paid_on=dt.date(2025, 6, 1),
        amount=Decimal(10000),
        voucher_no="记-001",
    )
    url = reverse("subsidies:society", args=[society_a.pk])
    client.force_login(secretary_a)
    page = client.get(url).content.decode()
    assert category.name in page and "30000" in page and "10000" in page and "批准" in page
    client.force_login(secretary_b)
    assert client.get(url).status_code == 404


def test_an_expert_reviewing_the_society_sees_nothing_of_its_subsidies(
    client, category, society_a, federation, expert_user
):
    from xuehui.accounts.tests.factories import assign_expert, make_campaign

    make_application(category, society_a, decision="approved", approved_amount=Decimal(30000))
    assign_expert(make_campaign(federation=federation, societies=[society_a]), expert_user)
    client.force_login(expert_user)
    assert client.get(reverse("societies:detail", args=[society_a.pk])).status_code == 200
    assert client.get(reverse("subsidies:society", args=[society_a.pk])).status_code == 404
