"""Choosing pilots: candidates ranked by the pilot standards they meet on a date, members of
the programme on that date left out; the command's JSON and xlsx; the page and its filters."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.pilots.selectors import readiness
from xuehui.pilots.services import pilot_membership_add, pilot_membership_end
from xuehui.rules.choices import Status
from xuehui.rules.selectors import evaluate_societies, spec_of
from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.tests.factories import make_office, make_staff
from xuehui.societies.choices import SocietyStatus
from xuehui.tests import factories as f

DAY = dt.date(2026, 11, 1)


def _ready(society, *, area="40", staff=2, party=True, owned=True):
    make_office(
        society, area_m2=Decimal(area),
        source=OfficeSource.OWNED if owned else OfficeSource.HOST_PROVIDED,
    )  # fmt: skip
    for _ in range(staff):
        make_staff(society, contract_start=dt.date(2020, 1, 1))
    if party:
        PartyOrganisation.objects.create(
            society=society, form=PartyOrganisationForm.BRANCH, established_on=dt.date(2019, 7, 1)
        )


@pytest.fixture
def societies(federation, other_federation):
    """Three candidates of differing readiness, one at the 25 m² boundary, a member, a former
    member, one that joins later, one deregistered and one of another 科协."""
    made = {
        name: f.make_society(federation=federation, name=name)
        for name in ("湖北省甲学会", "湖北省乙学会", "湖北省丙学会", "湖北省丁学会",
                     "湖北省成员学会", "湖北省退出学会", "湖北省后入学会", "湖北省注销学会")
    }  # fmt: skip
    _ready(made["湖北省甲学会"])
    _ready(made["湖北省乙学会"], area="25", party=False)  # exactly 25 m²: the office passes
    _ready(made["湖北省丙学会"], area="24.9", staff=0, party=False)
    for name in ("湖北省成员学会", "湖北省退出学会", "湖北省后入学会", "湖北省注销学会"):
        _ready(made[name])
    made["湖北省注销学会"].status = SocietyStatus.DEREGISTERED
    made["湖北省注销学会"].save()
    made["外省学会"] = f.make_society(federation=other_federation, name="外省学会")
    _ready(made["外省学会"])
    return made


@pytest.fixture
def memberships(hubei_2h, societies):
    pilot_membership_add(
        programme=hubei_2h, society=societies["湖北省成员学会"], since=dt.date(2017, 10, 1),
        actor=SYSTEM,
    )  # fmt: skip
    left = pilot_membership_add(
        programme=hubei_2h, society=societies["湖北省退出学会"], since=dt.date(2017, 10, 1),
        actor=SYSTEM,
    )  # fmt: skip
    pilot_membership_end(membership=left, until=dt.date(2018, 11, 1), actor=SYSTEM)
    pilot_membership_add(
        programme=hubei_2h, society=societies["湖北省后入学会"], since=dt.date(2027, 2, 1),
        actor=SYSTEM,
    )  # fmt: skip


def test_candidates_are_ranked_by_the_standards_they_meet(hubei_2h, societies, memberships):
    ranked = readiness(hubei_2h, DAY)
    names = [r.society.name for r in ranked]
    assert "湖北省成员学会" not in names  # a member on the day
    assert "湖北省注销学会" not in names and "外省学会" not in names
    assert {"湖北省退出学会", "湖北省后入学会"} <= set(names)  # not members on the day
    by_name = {r.society.name: r for r in ranked}
    a, b, c = (by_name[n] for n in ("湖北省甲学会", "湖北省乙学会", "湖北省丙学会"))
    assert a.met > b.met > c.met
    assert names.index("湖北省甲学会") < names.index("湖北省乙学会") < names.index("湖北省丙学会")
    assert [r.met for r in ranked] == sorted((r.met for r in ranked), reverse=True)


def test_met_and_gaps_are_the_engines_own_results(hubei_2h, societies, memberships):
    spec = spec_of(hubei_2h.framework.current_version)
    wanted = {f"5.1.{n}" for n in range(1, 9)} | {"5.2.1", "5.2.2", "5.2.3"}
    for r in readiness(hubei_2h, DAY):
        results = [
            x for x in evaluate_societies(spec, [r.society.pk], DAY)[r.society.pk]
            if x.requirement.key in wanted
        ]  # fmt: skip
        assert r.met == sum(x.status == Status.PASS for x in results)
        assert {g.requirement.key for g in r.gaps} == {
            x.requirement.key for x in results if x.status in (Status.FAIL, Status.NOT_DONE)
        }
    office = "5.1.3"  # 有专门的固定办公场所（25平方米以上）
    by_name = {r.society.name: r for r in readiness(hubei_2h, DAY)}
    assert office not in {g.requirement.key for g in by_name["湖北省乙学会"].gaps}
    assert office in {g.requirement.key for g in by_name["湖北省丙学会"].gaps}


def test_the_command_prints_the_ranking_as_json(hubei_2h, societies, memberships):
    out = io.StringIO()
    call_command("pilot_readiness", programme="hubei-2h", on="2026-11-01", stdout=out)
    payload = json.loads(out.getvalue())
    assert AuditEntry.objects.get(action="export").detail["rows"] == len(payload)
    assert [row["met"] for row in payload] == sorted((row["met"] for row in payload), reverse=True)
    first = payload[0]
    assert set(first) == {"society", "met", "decided", "gaps"}
    assert set(first["society"]) == {"code", "name"}
    assert first["society"]["code"] == societies[first["society"]["name"]].uscc
    assert "湖北省成员学会" not in {row["society"]["name"] for row in payload}
    gap = next(g for row in payload for g in row["gaps"])
    assert set(gap) == {"requirement", "title", "explanation"}
    assert gap["requirement"].startswith("hubei-2h-2017:5.")
    assert "仅供对照" not in gap["explanation"]  # the note every non-member's result carries
    assert all(row["decided"] >= row["met"] + len(row["gaps"]) for row in payload)


def test_the_command_writes_the_ranking_as_xlsx(hubei_2h, societies, memberships, tmp_path):
    target = tmp_path / "排序.xlsx"
    call_command(
        "pilot_readiness", programme="hubei-2h", on="2026-11-01", format="xlsx",
        output=str(target), stderr=io.StringIO(),
    )  # fmt: skip
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "湖北两化试点候选学会排序" in rows[0][0]
    assert rows[1][:2] == ("排名", "学会")
    assert rows[2][1] == readiness(hubei_2h, DAY)[0].society.name


def test_a_wrong_programme_or_date_exits_2(hubei_2h):
    for options in ({"programme": "nope"}, {"programme": "hubei-2h", "on": "2026-13-01"}):
        with pytest.raises(SystemExit) as exit_:
            call_command("pilot_readiness", stdout=io.StringIO(), stderr=io.StringIO(), **options)
        assert exit_.value.code == 2


def test_the_page_ranks_and_filters_for_the_federation(admin_client, batch, societies, memberships):
    url = reverse("pilots:candidates", args=[batch.pk])
    page = admin_client.get(url, {"on": "2026-11-01"}).content.decode()
    assert page.index("湖北省甲学会") < page.index("湖北省乙学会") < page.index("湖北省丙学会")
    assert "湖北省成员学会" not in page and "外省学会" not in page
    filtered = admin_client.get(url, {"on": "2026-11-01", "min_met": 99}).content.decode()
    assert "湖北省甲学会" not in filtered and "没有符合条件的候选学会" in filtered


def test_a_pilot_secretary_does_not_see_how_others_were_ranked(
    client, batch, societies, memberships
):
    member = societies["湖北省成员学会"]
    secretary = f.make_user("pilot-sec", role="society_editor", society=member)
    member.pilot_memberships.update(batch=batch)
    client.force_login(secretary)
    assert client.get(reverse("pilots:batch", args=[batch.pk])).status_code == 200
    assert client.get(reverse("pilots:candidates", args=[batch.pk])).status_code == 403


def test_the_ranking_costs_the_same_for_3_or_30_candidates(hubei_2h, federation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            readiness(hubei_2h, DAY)
        return len(captured)

    for n in range(3):
        _ready(f.make_society(federation=federation, name=f"湖北省少{n}学会"))
    small = queries()
    for n in range(27):
        _ready(f.make_society(federation=federation, name=f"湖北省多{n}学会"), party=n % 2 == 0)
    assert queries() == small
    assert len(readiness(hubei_2h, DAY)) == 30


def test_the_batch_page_costs_the_same_for_3_or_12_pilot_societies(admin_client, batch, federation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("pilots:batch", args=[batch.pk])

    def add(count: int) -> None:
        for _ in range(count):
            society = f.make_society(federation=federation)
            pilot_membership_add(
                programme=batch.programme, society=society, since=dt.date(2017, 10, 1),
                batch=batch, actor=SYSTEM,
            )  # fmt: skip

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    add(3)
    small = queries()
    add(9)
    assert queries() == small
