"""The API's cast: the page tests' users, each with a token, plus another federation's
administrator and a 科协领导; society A holds a term, records, a stored result, a campaign and a
published evaluation."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.api.services import token_issue
from xuehui.tests import factories

ADMIN, OTHER_ADMIN = "admin", "other_admin"
SECRETARY, OTHER_SECRETARY = "secretary", "other_secretary"
EXPERT, LEADER, ANONYMOUS = "expert", "leader", "anonymous"
ROLES = (ADMIN, OTHER_ADMIN, SECRETARY, OTHER_SECRETARY, EXPERT, LEADER, ANONYMOUS)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def client_with(key: str | None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def key_for(user) -> str:
    return token_issue(user=user, actor=SYSTEM)[1]


@dataclass
class World:
    users: dict
    clients: dict
    society: object
    other_society: object
    federation: object
    campaign: object
    evaluation: object
    result: object
    person: object


@pytest.fixture
def world(federation, other_federation, society_a, society_b, admin_user, secretary_a, secretary_b):
    from xuehui.campaigns.models import ExpertAssignment
    from xuehui.evaluation.choices import Stage
    from xuehui.evaluation.models import Evaluation, EvaluationResult, EvaluationScheme
    from xuehui.workplans.tests.factories import make_campaign, make_entry

    users = {
        ADMIN: admin_user,
        OTHER_ADMIN: factories.make_user(
            "kx_other", role=Role.FEDERATION_ADMIN, federation=other_federation
        ),
        SECRETARY: secretary_a,
        OTHER_SECRETARY: secretary_b,
        EXPERT: factories.make_user("expert_a", role=Role.EXPERT),
        LEADER: factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation),
    }
    campaign = make_campaign(federation)
    make_entry(campaign, society_a)
    other_campaign = make_campaign(other_federation)
    make_entry(other_campaign, society_b)
    ExpertAssignment.objects.create(campaign=campaign, expert=users[EXPERT], society=society_a)
    term = factories.make_term(society_a)
    person = factories.make_person(
        society=society_a,
        id_number=factories.make_id_number(dt.date(1970, 5, 1)),
        phone="13912345678",
    )
    factories.make_position(term, person=person)
    scheme = EvaluationScheme.objects.create(
        federation=federation, key="kp", year=2024, name="2024年度学会考评", definition={}
    )
    evaluation = Evaluation.objects.create(
        scheme=scheme,
        facts_on=dt.date(2024, 12, 31),
        stage=Stage.CONFIRMED,
        computed_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    evaluation.experts.add(users[EXPERT])
    result = EvaluationResult.objects.create(
        evaluation=evaluation,
        society=society_a,
        score=80,
        rank=1,
        breakdown=[{"code": "1", "indicator": "学术水平", "points": 10, "score": 8, "x": 1}, "?"],
    )
    clients = {role: client_with(key_for(user)) for role, user in users.items()}
    clients[ANONYMOUS] = client_with(None)
    return World(
        users, clients, society_a, society_b, federation, campaign, evaluation, result, person
    )
