import datetime as dt

from xuehui.credit import selectors
from xuehui.credit.choices import SanctionKind
from xuehui.evaluation.choices import Stage, Tier
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport
from xuehui.subsidies.tests.factories import publish
from xuehui.tests.factories import make_society

from .factories import make_commendation, make_listing, make_sanction

D = dt.date


def _confirm(evaluation, on):
    evaluation.stage = Stage.CONFIRMED
    evaluation.confirmed_at = dt.datetime(on.year, on.month, on.day, 10, tzinfo=dt.UTC)
    evaluation.save()


def test_a_class_holds_from_its_confirmation_to_the_next(federation, society_a):
    _confirm(publish(federation, 2024, {society_a: (90, Tier.KEY_SUPPORT)}), D(2025, 3, 10))
    _confirm(publish(federation, 2025, {society_a: (70, Tier.CULTIVATE)}), D(2026, 3, 20))
    publish(federation, 2026, {society_a: (50, Tier.CULTIVATE)})  # in 公示, not final
    record = selectors.record_of(society_a, D(2026, 12, 1))
    years = {y.year: y for y in record.years}
    assert years[2024].standing.tier_label == "重点支持"
    assert (years[2024].standing.valid_from, years[2024].standing.valid_until) == (
        D(2025, 3, 10),
        D(2026, 3, 19),
    )
    assert years[2025].standing.valid_until is None
    assert years[2026].standing is None and years[2026].publicity


def test_the_record_gathers_each_year_and_the_listing_across_years(federation, society_a):
    make_commendation(society_a, on=D(2025, 12, 31))
    make_sanction(society_a, on=D(2026, 1, 1), kind=SanctionKind.TALK)
    make_listing(society_a, on=D(2025, 7, 1), removed_on=D(2026, 2, 1), removal_reason="已补报")
    record = selectors.record_of(society_a, D(2026, 12, 1))
    years = {y.year: y for y in record.years}
    assert [y.year for y in record.years] == [2026, 2025]
    assert years[2025].report is None  # its 科协 has taken no report on the platform yet
    assert years[2026].report is None  # not owed before the year is over
    assert len(years[2025].commendations) == 1 and not years[2026].commendations
    assert len(years[2026].sanctions) == 1
    assert len(years[2025].listings) == len(years[2026].listings) == 1
    assert record.listed == []


def test_reports_are_owed_from_the_first_year_the_federation_took_them(federation, society_a):
    other = make_society(federation=federation, name="湖北省土壤学会")
    AnnualReport.objects.create(society=other, year=2024, status=ReportStatus.DRAFT)
    record = selectors.record_of(society_a, D(2026, 12, 1))
    years = {y.year: y for y in record.years}
    assert years[2025].report.status == "未报送" and years[2025].report.lateness == "逾期未报送"
    assert years[2024].report.lateness == "逾期未报送"
    assert 2023 not in years  # filed on paper, if at all


def test_the_federation_list_shows_who_is_listed_on_the_day(federation, society_a):
    other = make_society(federation=federation, name="湖北省土壤学会")
    make_listing(society_a, on=D(2026, 7, 1))
    make_listing(other, on=D(2026, 7, 1), removed_on=D(2026, 8, 1), removal_reason="已补报")
    ids = [federation.pk]
    assert [row.society for row in selectors.listings_of(ids, on=D(2026, 9, 1))] == [society_a]
    assert len(selectors.listings_of(ids, on=D(2026, 9, 1), current=False)) == 2
    assert set(selectors.listed_society_ids([society_a.pk, other.pk], D(2026, 7, 15))) == {
        society_a.pk,
        other.pk,
    }


def test_the_record_takes_the_same_queries_whatever_it_holds(
    federation, society_a, django_assert_num_queries
):
    for day in range(1, 20):
        make_commendation(society_a, on=D(2020 + day % 6, 1, day))
        make_sanction(society_a, on=D(2020 + day % 6, 2, day))
    with django_assert_num_queries(11):
        selectors.record_of(society_a, D(2026, 12, 1))
