"""What the read routes return: society A's records, personal numbers masked for every role as
on the pages, lists filtered by federation, and the query count bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xuehui.activities.tests.factories import make_activity
from xuehui.finances.tests.factories import make_finance_year
from xuehui.meetings.tests.factories import make_meeting
from xuehui.rules.models import StoredResult
from xuehui.secretariat.tests.factories import make_staff
from xuehui.tests import factories
from xuehui.workplans.tests.factories import framework_version

from .conftest import ADMIN, EXPERT, LEADER, SECRETARY


@pytest.mark.parametrize("role", [ADMIN, LEADER, SECRETARY, EXPERT])
def test_the_roster_masks_id_numbers_and_phones_for_every_role(world, role):
    response = world.clients[role].get(f"/api/societies/{world.society.pk}/terms/")
    assert response.status_code == 200
    body = response.content.decode()
    person = world.person
    assert person.id_number not in body and person.phone not in body
    (term,) = response.data
    (position,) = term["positions"]
    assert position["id_number"] == person.masked_id_number
    assert position["phone"] == "139****5678"
    assert position["name"] == person.name and position["office_label"]


@pytest.mark.parametrize(
    ("role", "phone"),
    [
        (ADMIN, "027-87654321、13912345678"),
        (SECRETARY, "027-87654321、13912345678"),
        (LEADER, "027-87654321、139****5678"),
    ],
)
def test_the_society_s_mobile_number_is_masked_for_those_who_do_not_work_with_it(
    world, role, phone
):
    world.society.phone = "027-87654321、13912345678"
    world.society.save()
    response = world.clients[role].get(f"/api/societies/{world.society.pk}/")
    assert response.data["phone"] == phone
    assert response.data["federation_name"] == world.federation.name
    listed = world.clients[role].get("/api/societies/").content.decode()
    assert ("13912345678" in listed) == (role != LEADER)


def test_a_societys_records_are_listed(world):
    society = world.society
    make_meeting(society, title="五届三次理事会")
    make_activity(society, title="学术年会")
    make_finance_year(society, year=2024)
    make_staff(society, name="王秘书")
    StoredResult.objects.create(
        society=society,
        version=framework_version(),
        on=timezone.localdate(),
        computed_at=timezone.now(),
        rate=0.5,
        summary={"pass": 1, "fail": 1},
        statuses={"1": "pass", "2": "fail"},
        fail_count=1,
    )
    client = world.clients[SECRETARY]
    base = f"/api/societies/{society.pk}"
    assert client.get(f"{base}/meetings/").data["results"][0]["title"] == "五届三次理事会"
    activities = client.get(f"{base}/activities/").data
    assert activities["count"] == 1 and activities["results"][0]["title"] == "学术年会"
    assert [row["year"] for row in client.get(f"{base}/finances/").data] == [2024]
    assert [row["name"] for row in client.get(f"{base}/staff/").data] == ["王秘书"]
    (result,) = client.get(f"{base}/results/").data
    assert result["rate"] == 0.5 and result["statuses"] == {"1": "pass", "2": "fail"}
    (entry,) = client.get(f"{base}/campaign-entries/").data
    assert entry["campaign"] == world.campaign.pk and entry["state_label"]


def test_an_expert_sees_no_campaign_work_of_a_society_it_reviews(world):
    response = world.clients[EXPERT].get(f"/api/societies/{world.society.pk}/campaign-entries/")
    assert response.status_code == 200 and response.data == []


def test_a_campaigns_entries_and_an_evaluations_results(world):
    client = world.clients[LEADER]
    entries = client.get(f"/api/campaigns/{world.campaign.pk}/entries/").data["results"]
    assert [row["society"] for row in entries] == [world.society.pk]
    (result,) = client.get(f"/api/evaluations/{world.evaluation.pk}/results/").data["results"]
    # Only the breakdown's published keys, and only its lines that are records.
    assert result["breakdown"] == [{"code": "1", "indicator": "学术水平", "points": 10, "score": 8}]


@pytest.mark.parametrize("route", ["societies", "campaigns", "evaluations"])
def test_lists_filter_by_federation(world, route):
    from xuehui.access import SYSTEM
    from xuehui.api.services import token_issue
    from xuehui.tests.factories import make_user

    from .conftest import client_with

    root = make_user("root", role="system_admin")
    client = client_with(token_issue(user=root, actor=SYSTEM)[1])
    everything = client.get(f"/api/{route}/").data["count"]
    own = client.get(f"/api/{route}/", {"federation": world.federation.pk}).data
    assert 0 < own["count"] < everything or route == "evaluations"
    assert own["count"] >= 1
    assert client.get(f"/api/{route}/", {"federation": "x"}).status_code == 400
    nowhere = client.get(f"/api/{route}/", {"federation": 999999}).data
    assert nowhere["count"] == 0


def test_a_federation_filter_outside_the_scope_lists_nothing(world):
    response = world.clients[ADMIN].get(
        "/api/societies/", {"federation": world.other_society.federation_id}
    )
    assert response.data["count"] == 0


def test_the_society_list_takes_the_pages_filters(world):
    client = world.clients[ADMIN]
    assert client.get("/api/societies/", {"q": "环境"}).data["count"] == 1
    assert client.get("/api/societies/", {"q": "化学"}).data["count"] == 0
    assert client.get("/api/societies/", {"status": "nonsense"}).data["count"] == 1
    assert client.get("/api/societies/", {"page": 9}).status_code == 404


def test_the_society_list_reads_a_bounded_number_of_queries(world):
    for n in range(30):
        factories.make_society(name=f"湖北省测试学会{n}", federation=world.federation)
    client = world.clients[ADMIN]
    client.get("/api/societies/")  # warm: the token's last use is written once a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/societies/")
    assert response.data["count"] == 31
    assert len(queries) <= 8
