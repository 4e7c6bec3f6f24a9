"""`__in` look-ups in batches: a file's rows never become one query over the parameter limit."""

import pytest

from xuehui.lib import batching
from xuehui.societies.models import Federation, Society
from xuehui.tests.factories import make_society

pytestmark = pytest.mark.django_db


def test_filter_in_finds_every_match_across_batches(
    monkeypatch, federation, django_assert_num_queries
):
    monkeypatch.setattr(batching, "IN_BATCH", 2)
    societies = [make_society(federation=federation, name=f"学会{i}") for i in range(5)]
    wanted = [s.uscc for s in societies] + ["不存在", societies[0].uscc]
    with django_assert_num_queries(3):  # six distinct values, two per query
        found = batching.filter_in(Society.objects.all(), "uscc__in", wanted)
    assert sorted(s.pk for s in found) == sorted(s.pk for s in societies)


def test_filter_any_in_is_an_or_without_repeats(monkeypatch, federation):
    monkeypatch.setattr(batching, "IN_BATCH", 1)
    found = batching.filter_any_in(
        Federation.objects.all(),
        {"name__in": [federation.name, "无"], "code__in": [federation.code]},
    )
    assert found == [federation]


def test_a_lookup_with_more_values_than_sqlite_takes_in_one_query(federation):
    society = make_society(federation=federation, name="某学会")
    wanted = [f"X{i:017d}" for i in range(300_000)] + [society.uscc]
    assert batching.filter_in(Society.objects.all(), "uscc__in", wanted) == [society]
