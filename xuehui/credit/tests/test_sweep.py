"""The 活动异常名录 kept in step with the annual reports: a missing report lists its society
after the due date, filing takes it off on the day it filed, a report returned and not
corrected in time lists it again; the command and the scheduled task run the same sweep."""

import datetime as dt

import pytest
from django.core.management import call_command

from xuehui.access import SYSTEM
from xuehui.credit import selectors, tasks
from xuehui.credit.models import Listing
from xuehui.credit.services import listings_sweep
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport
from xuehui.societies.models import Society
from xuehui.tests.factories import make_society

D = dt.date
DUE = D(2026, 5, 31)  # the default deadline of 2025's reports


@pytest.fixture
def societies(federation):
    return {
        name: make_society(federation=federation, name=name, founded_on=D(2000, 1, 1))
        for name in ("按时学会", "缺报学会", "退回学会")
    }


def _report(society, **fields) -> AnnualReport:
    fields.setdefault("status", ReportStatus.SUBMITTED)
    return AnnualReport.objects.create(society=society, year=2025, **fields)


def _sweep(on):
    return listings_sweep(societies=Society.objects.all(), on=on, actor=SYSTEM)


def test_nothing_is_listed_before_or_on_the_due_date(societies):
    assert _sweep(DUE) == (0, 0)
    assert not Listing.objects.exists()


def test_a_missing_report_lists_its_society_once_and_filing_takes_it_off(societies):
    _report(societies["按时学会"], first_submitted_on=D(2026, 5, 20), submitted_on=D(2026, 5, 20))
    _report(societies["退回学会"], first_submitted_on=D(2026, 5, 30), submitted_on=D(2026, 5, 30))
    assert _sweep(D(2026, 6, 1)) == (1, 0)
    listing = Listing.objects.get()
    assert listing.society == societies["缺报学会"] and listing.year == 2025
    assert listing.listed_on == D(2026, 6, 1) and "截止日期2026-05-31" in listing.reason
    assert _sweep(D(2026, 6, 2)) == (0, 0)  # run again: nothing changes
    _report(societies["缺报学会"], first_submitted_on=D(2026, 6, 15), submitted_on=D(2026, 6, 15))
    assert _sweep(D(2026, 6, 20)) == (0, 1)
    listing.refresh_from_db()
    assert listing.removed_on == D(2026, 6, 15)
    assert listing.removal_reason == "已于2026-06-15报送2025年度工作报告"
    record = selectors.record_of(societies["缺报学会"], D(2026, 6, 20))
    years = {y.year: y for y in record.years}
    assert years[2025].report.status == "已报送待审" and years[2025].report.lateness == "逾期报送"
    assert years[2026].listings == [listing] and record.listed == []


def test_a_return_not_corrected_in_time_lists_until_resubmitted(societies):
    for society in societies.values():
        _report(society, first_submitted_on=D(2026, 5, 20), submitted_on=D(2026, 5, 20))
    returned = AnnualReport.objects.get(society=societies["退回学会"])
    returned.status, returned.correction_due_on = ReportStatus.RETURNED, D(2026, 6, 12)
    returned.save()
    assert _sweep(D(2026, 6, 12)) == (0, 0)  # still within the correction period
    assert _sweep(D(2026, 6, 15)) == (1, 0)
    listing = Listing.objects.get()
    assert "改正期限2026-06-12" in listing.reason
    assert _sweep(D(2026, 6, 16)) == (0, 0)  # the earlier submission does not take it off
    returned.status, returned.submitted_on = ReportStatus.SUBMITTED, D(2026, 6, 18)
    returned.save()
    assert _sweep(D(2026, 6, 19)) == (0, 1)
    listing.refresh_from_db()
    assert listing.removed_on == D(2026, 6, 18)


def test_a_society_founded_after_the_year_owes_nothing(federation):
    make_society(federation=federation, name="新成立学会", founded_on=D(2026, 3, 1))
    assert _sweep(D(2026, 7, 1)) == (0, 0)


def test_the_command_sweeps_one_federation_and_checks_its_arguments(
    societies, other_federation, capsys
):
    make_society(federation=other_federation, name="外省学会", founded_on=D(2000, 1, 1))
    call_command(
        "credit_sweep", "--federation", societies["缺报学会"].federation.code, "--on", "2026-06-01"
    )
    assert "列入活动异常名录 3 个学会" in capsys.readouterr().out
    assert not Listing.objects.filter(society__name="外省学会").exists()
    for bad, message in (
        (["--on", "2026-13-01"], "核对日期「2026-13-01」无效"),
        (["--federation", "NOPE"], "未找到科协：NOPE"),
        (["--year", "2026", "--on", "2026-06-01"], "报告年度「2026」无效"),
    ):
        with pytest.raises(SystemExit):
            call_command("credit_sweep", *bad)
        assert message in capsys.readouterr().err


def test_the_scheduled_task_sweeps_today(societies, monkeypatch):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: D(2026, 6, 1))
    assert tasks.sweep_listings() == 3
    assert Listing.objects.count() == 3
