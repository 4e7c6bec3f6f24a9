import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuehui.audit.models import AuditEntry
from xuehui.credit import services
from xuehui.credit.choices import ListingCause, SanctionKind
from xuehui.credit.models import Commendation, Listing, Sanction
from xuehui.notifications.models import Notification

from .factories import make_commendation, make_listing

D = dt.date


def test_an_administrator_records_a_commendation_with_an_audit(admin_user, society_a):
    entry = Commendation(
        society=society_a, title="全国学会科普工作优秀单位", awarded_on=D(2025, 9, 1),
        awarded_by="中国科协", level="national",
    )  # fmt: skip
    services.credit_entry_save(entry=entry, actor=admin_user)
    assert entry.recorded_by == admin_user
    audit = AuditEntry.objects.get(action="commendation_create")
    assert audit.society_id == society_a.pk and "全国学会科普工作优秀单位" in audit.summary


def test_a_secretary_cannot_grade_its_own_society(secretary_a, society_a):
    entry = Commendation(
        society=society_a, title="自封", awarded_on=D(2025, 1, 1), awarded_by="本会", level="other"
    )
    with pytest.raises(PermissionDenied):
        services.credit_entry_save(entry=entry, actor=secretary_a)
    assert not Commendation.objects.exists()


def test_a_sanction_cannot_be_lifted_before_it_was_issued(admin_user, society_a):
    entry = Sanction(
        society=society_a, kind=SanctionKind.WARNING, issued_on=D(2025, 8, 1),
        issued_by="湖北省民政厅", reason="未按期换届", lifted_on=D(2025, 7, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.credit_entry_save(entry=entry, actor=admin_user)
    assert "解除日期不能早于作出日期" in str(error.value)
    assert not Sanction.objects.exists()


def test_deleting_an_entry_keeps_what_it_said_in_the_audit(admin_user, society_a):
    entry = make_commendation(society_a, title="登记错误的表彰")
    services.credit_entry_delete(entry=entry, actor=admin_user)
    assert not Commendation.objects.exists()
    assert "登记错误的表彰" in AuditEntry.objects.get(action="commendation_delete").summary


def test_listing_tells_the_secretaries_and_cannot_be_doubled(admin_user, secretary_a, society_a):
    listing = services.listing_open(
        society=society_a, cause=ListingCause.ANNUAL_REPORT, year=2025, listed_on=D(2026, 7, 1),
        reason="逾期未报送2025年度工作报告", actor=admin_user,
    )  # fmt: skip
    assert Notification.objects.get(user=secretary_a).title == "本会被列入活动异常名录"
    with pytest.raises(ValidationError) as error:
        services.listing_open(
            society=society_a, cause=ListingCause.ANNUAL_REPORT, year=2025,
            listed_on=D(2026, 7, 2), reason="重复", actor=admin_user,
        )  # fmt: skip
    assert "尚未移出" in str(error.value)
    assert Listing.objects.get() == listing


def test_a_missed_report_listing_names_its_year(admin_user, society_a):
    with pytest.raises(ValidationError) as error:
        services.listing_open(
            society=society_a, cause=ListingCause.ANNUAL_REPORT, listed_on=D(2026, 7, 1),
            reason="未报送", actor=admin_user,
        )  # fmt: skip
    assert "报告年度" in str(error.value)


def test_leaving_the_list_needs_a_reason_and_a_date_after_listing(admin_user, society_a):
    listing = make_listing(society_a, on=D(2026, 7, 1))
    with pytest.raises(ValidationError):
        services.listing_close(
            listing=listing, removed_on=D(2026, 7, 10), removal_reason="  ", actor=admin_user
        )
    with pytest.raises(ValidationError) as error:
        services.listing_close(
            listing=listing, removed_on=D(2026, 6, 30), removal_reason="已补报", actor=admin_user
        )
    assert "移出日期不能早于列入日期" in str(error.value)
    services.listing_close(
        listing=listing, removed_on=D(2026, 7, 10), removal_reason="已补报", actor=admin_user
    )
    listing.refresh_from_db()
    assert (listing.removed_on, listing.removal_reason) == (D(2026, 7, 10), "已补报")
    assert not listing.is_listed_on(D(2026, 7, 10)) and listing.is_listed_on(D(2026, 7, 9))
    with pytest.raises(ValidationError):
        services.listing_close(
            listing=listing, removed_on=D(2026, 7, 11), removal_reason="再次", actor=admin_user
        )


def test_a_society_removed_can_be_listed_again_for_the_same_cause(admin_user, society_a):
    make_listing(society_a, on=D(2026, 7, 1), removed_on=D(2026, 7, 5), removal_reason="已补报")
    services.listing_open(
        society=society_a, cause=ListingCause.ANNUAL_REPORT, year=2025, listed_on=D(2026, 9, 1),
        reason="补报的报告被退回后逾期未改", actor=admin_user,
    )  # fmt: skip
    assert Listing.objects.filter(society=society_a).count() == 2
