import datetime as dt

from xuehui.regulations.choices import RuleKind
from xuehui.regulations.selectors import coverage, kinds_in_force, kinds_in_force_by_society

from .factories import make_rule_document


def test_a_document_is_in_force_from_its_adoption_day(society_a):
    make_rule_document(society_a, kind=RuleKind.FINANCE, adopted_on=dt.date(2023, 4, 1))
    assert kinds_in_force(society_a, dt.date(2023, 3, 31)) == set()
    assert kinds_in_force(society_a, dt.date(2023, 4, 1)) == {RuleKind.FINANCE}


def test_a_repealed_document_stops_counting_on_its_repeal_day(society_a):
    make_rule_document(
        society_a,
        kind=RuleKind.ARCHIVES,
        adopted_on=dt.date(2018, 1, 1),
        repealed_on=dt.date(2024, 1, 1),
    )
    assert kinds_in_force(society_a, dt.date(2023, 12, 31)) == {RuleKind.ARCHIVES}
    assert kinds_in_force(society_a, dt.date(2024, 1, 1)) == set()


def test_kinds_in_force_for_many_societies_take_one_query(
    society_a, society_b, django_assert_num_queries
):
    make_rule_document(society_a, kind=RuleKind.CHARTER)
    make_rule_document(society_a, kind=RuleKind.DISCLOSURE)
    make_rule_document(society_b, kind=RuleKind.CHARTER)
    with django_assert_num_queries(1):
        found = kinds_in_force_by_society([society_a.pk, society_b.pk], dt.date(2025, 1, 1))
    assert found == {
        society_a.pk: {RuleKind.CHARTER, RuleKind.DISCLOSURE},
        society_b.pk: {RuleKind.CHARTER},
    }


def test_coverage_lists_every_named_kind_with_what_is_missing(society_a):
    make_rule_document(society_a, kind=RuleKind.CHARTER)
    items = coverage(society_a, dt.date(2025, 1, 1))
    assert len(items) == len(RuleKind) - 1
    assert [item.kind for item in items if item.in_force] == [RuleKind.CHARTER]
