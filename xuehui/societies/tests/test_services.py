import datetime as dt

from xuehui.access import SYSTEM
from xuehui.societies.choices import DatePrecision
from xuehui.societies.services import society_update
from xuehui.tests import factories as f


def test_a_whole_founding_date_typed_over_a_year_only_one_is_known_to_the_day(db):
    society = f.make_society(founded_on=dt.date(1981, 1, 1), founded_precision=DatePrecision.YEAR)
    society_update(society=society, actor=SYSTEM, founded_on=dt.date(1981, 5, 20), address="武汉市")
    society.refresh_from_db()
    assert (society.founded_on, society.founded_precision) == (
        dt.date(1981, 5, 20),
        DatePrecision.DAY,
    )


def test_saving_the_form_without_touching_a_year_only_date_keeps_it_a_year(db):
    society = f.make_society(founded_on=dt.date(1981, 1, 1), founded_precision=DatePrecision.YEAR)
    society_update(society=society, actor=SYSTEM, founded_on=dt.date(1981, 1, 1), address="武汉市")
    society.refresh_from_db()
    assert society.founded_precision == DatePrecision.YEAR
