import datetime as dt
import importlib

from django.apps import apps

from xuehui.access import SYSTEM
from xuehui.governance.models import Term
from xuehui.governance.selectors import current_term, term_rows, terms_of
from xuehui.governance.services import term_create
from xuehui.tests import factories as f

TODAY = dt.date(2026, 12, 5)


def test_an_earlier_term_recorded_after_the_current_one_ends_when_the_next_began(db):
    society = f.make_society()
    current = term_create(actor=SYSTEM, society=society, number=8, start_on=dt.date(2023, 5, 1))
    earlier = term_create(actor=SYSTEM, society=society, number=7, start_on=dt.date(2018, 4, 20))
    assert earlier.ended_on == dt.date(2023, 5, 1)
    current.refresh_from_db()
    assert current.ended_on is None
    states = {row.term.number: row.state for row in term_rows(terms_of(society), TODAY)}
    assert states == {8: "当前届次", 7: "已结束"}
    assert current_term(society, TODAY) == current
    # Its posts are not current either (Position.is_current_on follows the term).
    post = f.make_position(earlier)
    assert not post.is_current_on(TODAY)
    assert post.is_current_on(dt.date(2020, 1, 1))


def test_an_explicit_end_date_is_kept_for_an_earlier_term(db):
    society = f.make_society()
    term_create(actor=SYSTEM, society=society, number=8, start_on=dt.date(2023, 5, 1))
    earlier = term_create(
        actor=SYSTEM,
        society=society,
        number=7,
        start_on=dt.date(2018, 4, 20),
        ended_on=dt.date(2023, 4, 30),
    )
    assert earlier.ended_on == dt.date(2023, 4, 30)


def test_the_migration_closes_terms_left_open_beside_a_later_one(db):
    society = f.make_society()
    other = f.make_society()
    for owner, number, year in ((society, 8, 2023), (society, 7, 2018), (other, 3, 2020)):
        # Written as older code left them: both open (no term_create to close them).
        Term.objects.create(
            society=owner,
            number=number,
            start_on=dt.date(year, 5, 1),
            planned_end_on=dt.date(year + 5, 5, 1),
        )
    alone = Term.objects.get(society=other)
    migration = importlib.import_module("xuehui.governance.migrations.0008_close_superseded_terms")
    migration.close_superseded(apps, None)
    ended = dict(Term.objects.filter(society=society).values_list("number", "ended_on"))
    assert ended == {7: dt.date(2023, 5, 1), 8: None}  # the 2018 term ends when 2023's began
    alone.refresh_from_db()
    assert alone.ended_on is None
