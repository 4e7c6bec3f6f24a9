"""Every page and action of campaigns against the society B secretary (404), an expert with no
assignment (404), a 科协 leader who may read but not change (200 / 403) and an anonymous
visitor (sent to the login page)."""

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.campaigns import services
from xuehui.campaigns.models import Transition
from xuehui.files.tests.factories import pdf_bytes, upload
from xuehui.tests import factories as f

from .conftest import assess_all, item

READ = {"secretary_b": 404, "expert": 404, "viewer": 200, "anonymous": 302}
WRITE = {"secretary_b": 404, "expert": 404, "viewer": 403, "anonymous": 302}
EXPERT_ONLY = {"secretary_b": 404, "expert": 404, "viewer": 404, "anonymous": 302}

PAGES = [
    ("detail", "get", "campaign", READ),
    ("export", "get", "campaign", READ),
    ("refresh", "post", "campaign", WRITE),
    ("close", "post", "campaign", WRITE),
    ("assignments", "get", "campaign", READ),
    ("assignments", "post", "campaign", WRITE),
    ("disputes", "get", "campaign", READ),
    ("assignment_delete", "post", "assignment", WRITE),
    ("entry", "get", "entry", READ),
    ("accept_automatic", "post", "entry", WRITE),
    ("submit", "post", "entry", WRITE),
    ("entry_docx", "get", "entry", READ),
    ("entry_pdf", "get", "entry", READ),
    ("item_assess", "post", "item", WRITE),
    ("item_evidence", "get", "item", WRITE),
    ("item_evidence", "post", "item", WRITE),
    ("item_answer", "post", "item", WRITE),
    ("item_resolve", "post", "item", WRITE),
    ("evidence_remove", "post", "evidence", WRITE),
    ("evidence_download", "get", "evidence", READ),
    ("evidence_preview", "get", "evidence", READ),
    ("transition_revert", "post", "transition", WRITE),
    ("review", "get", "entry", EXPERT_ONLY),
    ("review_start", "post", "entry", EXPERT_ONLY),
    ("review_conclude", "post", "entry", EXPERT_ONLY),
    ("item_verdict", "post", "item", EXPERT_ONLY),
]


@pytest.fixture
def objects(entry, secretary_a, admin_user):
    evidence = services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
    )
    assess_all(entry, secretary_a)
    services.entry_submit(entry=entry, actor=secretary_a)
    other_expert = f.make_user("expert_other", role=Role.EXPERT)
    return {
        "campaign": entry.campaign,
        "entry": entry,
        "item": item(entry, "3.1"),
        "evidence": evidence,
        "transition": Transition.objects.get(entry=entry, item__isnull=True),
        "assignment": services.expert_assign(
            campaign=entry.campaign, expert=other_expert, actor=admin_user
        ),
    }


@pytest.fixture
def clients(secretary_b, expert_user, federation):
    viewer = f.make_user("kx_leader", role=Role.FEDERATION_VIEWER, federation=federation)
    logged_in = {}
    for name, user in (("secretary_b", secretary_b), ("expert", expert_user), ("viewer", viewer)):
        logged_in[name] = Client()
        logged_in[name].force_login(user)
    return logged_in | {"anonymous": Client()}


@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES]
)
def test_each_page_answers_each_outsider_as_the_access_rules_say(
    objects, clients, name, method, target, expected
):
    url = reverse(f"campaigns:{name}", args=[objects[target].pk])
    for who, status in expected.items():
        response = getattr(clients[who], method)(url)
        assert response.status_code == status, f"{who} {method.upper()} {url}"
        if status == 302:
            assert "/accounts/login/" in response.url


def test_the_launch_form_sends_anonymous_visitors_to_login(anonymous_client):
    response = anonymous_client.get(reverse("campaigns:launch"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
