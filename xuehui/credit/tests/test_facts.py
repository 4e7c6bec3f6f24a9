import datetime as dt

from xuehui.credit.choices import CommendationLevel, SanctionKind
from xuehui.rules.facts import gather

from .factories import make_commendation, make_listing, make_sanction

D = dt.date


def test_the_year_counts_commendations_sanctions_and_talks(society_a, society_b):
    make_commendation(society_a, on=D(2025, 1, 1), level=CommendationLevel.NATIONAL)
    make_commendation(society_a, on=D(2025, 12, 31), level=CommendationLevel.MUNICIPAL)
    make_commendation(society_a, on=D(2026, 1, 1))  # the next year
    make_sanction(society_a, on=D(2025, 5, 1), kind=SanctionKind.PENALTY)
    make_sanction(society_a, on=D(2025, 6, 1), kind=SanctionKind.TALK)
    facts = gather([society_a.pk, society_b.pk], D(2026, 3, 1), year=2025)
    a, b = facts[society_a.pk], facts[society_b.pk]
    assert (a["credit.commendations"], a["credit.commendations_provincial"]) == (2, 1)
    assert (a["credit.sanctions"], a["credit.penalties"], a["credit.talks"]) == (1, 1, 1)
    assert b["credit.commendations"] == b["credit.sanctions"] == 0
    assert a["credit.listed"] is False


def test_a_listing_that_overlaps_the_year_counts_and_one_removed_before_it_does_not(
    society_a, society_b
):
    make_listing(society_a, on=D(2024, 7, 1), removed_on=D(2025, 1, 2), removal_reason="已补报")
    make_listing(society_b, on=D(2024, 7, 1), removed_on=D(2025, 1, 1), removal_reason="已补报")
    facts = gather([society_a.pk, society_b.pk], D(2026, 3, 1), year=2025)
    assert facts[society_a.pk]["credit.listed"].startswith("2024-07-01列入活动异常名录")
    assert facts[society_b.pk]["credit.listed"] is False
