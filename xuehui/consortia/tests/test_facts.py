"""The facts activities.consortium / consortium_hosted count a joint activity for its lead
society (its own record) and for each member that organised it with the lead."""

import datetime as dt

from xuehui.rules.facts import gather
from xuehui.tests.factories import make_term

from .factories import add_member, make_consortium, record_activity

D = dt.date


def test_a_joint_activity_counts_for_the_lead_and_each_co_organiser(federation):
    consortium = make_consortium(federation)
    lead, co, bystander = (add_member(consortium, order=n).society for n in (1, 2, 3))
    for society in (lead, co, bystander):
        make_term(society, start_on=D(2023, 6, 1))
    record_activity(consortium, lead, co, start_on=D(2024, 5, 1))
    record_activity(consortium, lead, co, start_on=D(2023, 9, 1))  # last year, in the term
    record_activity(consortium, lead, co, start_on=D(2025, 1, 5))  # after the date
    facts = gather([lead.pk, co.pk, bystander.pk], D(2024, 12, 31))
    for society in (lead, co):
        assert facts[society.pk]["activities.consortium"] == 1
        assert facts[society.pk]["activities.consortium_hosted"] == 1
        assert facts[society.pk]["activities.consortium_hosted_in_term"] == 2
    assert facts[co.pk]["activities.total"] == 0  # the lead's record, not the co-organiser's
    assert facts[bystander.pk]["activities.consortium"] == 0


def test_a_co_organiser_without_a_current_term_counts_in_the_year_only(federation):
    consortium = make_consortium(federation)
    lead, co = (add_member(consortium, order=n).society for n in (1, 2))
    record_activity(consortium, lead, co, start_on=D(2024, 5, 1))
    facts = gather([co.pk], D(2024, 12, 31))
    assert facts[co.pk]["activities.consortium"] == 1
