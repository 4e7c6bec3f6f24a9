"""W8b: every export holding full ID numbers or phones leaves an audit entry (who, which
society, what, how many people, 未脱敏); a masked export leaves none."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Office
from xuehui.members.tests.factories import make_individual_member
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def term_a(society_a):
    term = make_term(society_a, number=3, start_on=TODAY - dt.timedelta(days=30))
    for n in range(3):
        person = make_person(
            society=society_a,
            name=f"成员{n}",
            id_number=make_id_number(dt.date(1965, 3, 15 + n)),
            phone=f"1391234567{n}",
        )
        make_position(term, Office.DIRECTOR, person)
    return term


@pytest.fixture
def viewer_client(client, federation):
    client.force_login(make_user("viewer", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


def _exports():
    return list(AuditEntry.objects.filter(action="export_unmasked"))


def test_a_full_roster_download_is_audited_with_who_what_and_how_many(
    secretary_a, secretary_a_client, society_a, term_a
):
    url = reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
    assert secretary_a_client.get(url).status_code == 200
    [entry] = _exports()
    assert entry.actor == secretary_a and entry.society == society_a
    assert entry.detail["people"] == 3 and entry.detail["masked"] is False
    assert (
        "理事会成员名册" in entry.summary and "未脱敏" in entry.summary and "3人" in entry.summary
    )


def test_a_masked_roster_download_is_not_audited(viewer_client, society_a, term_a):
    url = reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
    assert viewer_client.get(url).status_code == 200
    assert _exports() == []


def test_a_full_member_register_download_is_audited_and_a_masked_one_not(
    secretary_a_client, viewer_client, society_a
):
    for _ in range(4):
        make_individual_member(society_a)
    url = reverse("members:export", args=[society_a.pk, "individual"])
    assert viewer_client.get(url).status_code == 200
    assert _exports() == []
    assert secretary_a_client.get(url).status_code == 200
    [entry] = _exports()
    assert entry.detail["people"] == 4 and "个人会员名册" in entry.summary


def test_a_full_workbook_download_is_audited_and_a_masked_one_not(
    secretary_a_client, viewer_client, society_a, term_a
):
    url = reverse("workbook:export", args=[society_a.pk])
    assert viewer_client.get(url).status_code == 200
    assert _exports() == []
    assert secretary_a_client.get(url).status_code == 200
    [entry] = _exports()
    assert entry.detail["people"] == 3 and "信息填报工作簿" in entry.summary


def test_command_line_exports_are_audited_without_an_actor(society_a, term_a, tmp_path):
    call_command("export_roster", str(tmp_path / "r.xlsx"), society=society_a.uscc, term=3)
    call_command("export_workbook", str(tmp_path / "w.xlsx"), society=society_a.uscc)
    entries = _exports()
    assert len(entries) == 2
    assert all(e.actor is None and e.society == society_a for e in entries)
    assert {e.detail["people"] for e in entries} == {3}
