"""/files/<pk>/download/ and /preview/ follow the rule of the record that owns the file (W4)."""

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.campaigns import services
from xuehui.campaigns.services import EVIDENCE_PURPOSE
from xuehui.files.choices import EVIDENCE_PURPOSES
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, upload
from xuehui.meetings.services import FILE_PURPOSE as MINUTES_PURPOSE
from xuehui.tests import factories as f

from .conftest import item, submitted

URLS = ["files:download", "files:preview"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader_client(federation):
    return _client(f.make_user("kx_leader", role=Role.FEDERATION_VIEWER, federation=federation))


@pytest.fixture
def evidence_file(entry, secretary_a):
    evidence = services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("秘书处设置文件.pdf", pdf_bytes())
    )
    return evidence.file


# Member registers uploaded before imports waited in xuehui.imports.pending were stored files.
IMPORT_PURPOSE = "会员名册导入"


@pytest.fixture
def register_file(society_a, secretary_a):
    return make_stored_file(
        society_a, name="会员名册.pdf", actor=secretary_a, purpose=IMPORT_PURPOSE
    )


@pytest.fixture
def minutes_file(society_a, secretary_a):
    return make_stored_file(
        society_a, name="会议纪要.pdf", actor=secretary_a, purpose=MINUTES_PURPOSE
    )


def _status(client, name, stored) -> int:
    return client.get(reverse(name, args=[stored.pk])).status_code


def test_the_purposes_are_those_the_owning_apps_store():
    assert EVIDENCE_PURPOSE in EVIDENCE_PURPOSES


@pytest.mark.parametrize("name", URLS)
def test_evidence_files_open_only_for_experts_assigned_to_that_requirement(
    expert_client, expert_user, admin_user, secretary_a, campaign, entry, evidence_file, name
):
    submitted(entry, secretary_a)
    # assigned to requirements under "2": the society is in the expert's scope, 3.1 is not
    services.expert_assign(
        campaign=campaign, expert=expert_user, requirement_prefix="2", actor=admin_user
    )
    assert _status(expert_client, name, evidence_file) == 404
    services.expert_assign(
        campaign=campaign, expert=expert_user, requirement_prefix="3", actor=admin_user
    )
    assert _status(expert_client, name, evidence_file) == 200
    services.campaign_close(campaign=campaign, actor=admin_user)
    assert _status(expert_client, name, evidence_file) == 404


@pytest.mark.parametrize("name", URLS)
def test_an_assigned_expert_cannot_open_evidence_the_society_has_not_submitted(
    expert_client, expert_user, admin_user, secretary_a, campaign, entry, evidence_file, name
):
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    assert _status(expert_client, name, evidence_file) == 404
    submitted(entry, secretary_a)
    assert _status(expert_client, name, evidence_file) == 200


@pytest.mark.parametrize("name", URLS)
def test_evidence_files_open_for_the_society_and_federation_staff(
    secretary_a_client, admin_client, leader_client, secretary_b_client, evidence_file, name
):
    assert _status(secretary_a_client, name, evidence_file) == 200
    assert _status(admin_client, name, evidence_file) == 200
    assert _status(leader_client, name, evidence_file) == 200
    assert _status(secretary_b_client, name, evidence_file) == 404


@pytest.mark.parametrize("name", URLS)
def test_the_raw_member_register_is_only_for_those_who_see_full_id_numbers(
    secretary_a_client,
    admin_client,
    leader_client,
    expert_client,
    assignment,
    secretary_b_client,
    register_file,
    name,
):
    assert _status(secretary_a_client, name, register_file) == 200
    assert _status(admin_client, name, register_file) == 200
    # the leader and the assigned expert read masked pages: the raw file is not theirs
    assert _status(leader_client, name, register_file) == 404
    assert _status(expert_client, name, register_file) == 404
    assert _status(secretary_b_client, name, register_file) == 404


@pytest.mark.parametrize("name", URLS)
def test_other_files_follow_the_society(
    secretary_a_client,
    leader_client,
    expert_client,
    assignment,
    secretary_b_client,
    minutes_file,
    name,
):
    assert _status(secretary_a_client, name, minutes_file) == 200
    assert _status(leader_client, name, minutes_file) == 200
    assert _status(expert_client, name, minutes_file) == 200
    assert _status(secretary_b_client, name, minutes_file) == 404


@pytest.mark.parametrize("name", URLS)
def test_a_hidden_file_answers_exactly_like_a_missing_one(leader_client, register_file, name):
    hidden_url = reverse(name, args=[register_file.pk])
    missing_url = reverse(name, args=[register_file.pk + 1000])
    hidden, missing = leader_client.get(hidden_url), leader_client.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    for response in (hidden, missing):
        text = response.content.decode()
        assert "未找到该文件" in text and "会员名册" not in text
