"""The 留言 / 投诉举报 form: CSRF, throttling per address and per session, the minimum fill
time, the hidden field, length limits; and what a published reply shows (no links)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.portal import throttle
from xuehui.portal.choices import FeedbackStatus
from xuehui.portal.models import Feedback

from .factories import open_portal

TEXT = "学会网站上的会费标准与章程不一致，请核实。"


@pytest.fixture
def portal(federation, society_a, settings):
    settings.XUEHUI_FEEDBACK_MIN_SECONDS = 0
    open_portal(federation)
    return reverse("public:feedback", args=[federation.code, society_a.pk])


def _send(client: Client, url: str, **data):
    client.get(url)
    return client.post(url, {"kind": "message", "text": TEXT, "contact": "", **data})


@pytest.mark.django_db
def test_a_message_is_stored_with_a_hashed_address_and_audited(portal, society_a):
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = _send(client, portal, contact="王先生 13800001111")
    assert response.status_code == 302 and response["Location"].endswith("/feedback/thanks/")
    feedback = Feedback.objects.get()
    assert feedback.society == society_a and feedback.status == FeedbackStatus.OPEN
    assert feedback.contact == "王先生 13800001111"
    assert "10.1.2.3" not in feedback.address_hash and len(feedback.address_hash) == 64
    assert AuditEntry.objects.filter(action="feedback_submit", society=society_a).exists()


@pytest.mark.django_db
def test_the_form_refuses_a_post_without_its_csrf_token(portal):
    client = Client(enforce_csrf_checks=True)
    page = client.get(portal)
    assert "csrfmiddlewaretoken" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    response = client.post(portal, {"kind": "message", "text": TEXT})
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    token = client.cookies["csrftoken"].value
    ok = client.post(portal, {"kind": "message", "text": TEXT, "csrfmiddlewaretoken": token})
    assert ok.status_code == 302 and Feedback.objects.count() == 1


@pytest.mark.django_db
def test_one_session_is_throttled(portal, settings):
    settings.XUEHUI_FEEDBACK_PER_SESSION = 2
    client = Client()
    assert _send(client, portal).status_code == 302
    assert _send(client, portal).status_code == 302
    refused = _send(client, portal)
    assert refused.status_code == 429
    assert "您提交的留言过多" in refused.content.decode()
    assert Feedback.objects.count() == 2


@pytest.mark.django_db
def test_one_address_is_throttled_across_sessions(portal, settings):
    settings.XUEHUI_FEEDBACK_PER_ADDRESS = 3
    for _ in range(3):
        assert _send(Client(REMOTE_ADDR="10.9.9.9"), portal).status_code == 302
    refused = _send(Client(REMOTE_ADDR="10.9.9.9"), portal)
    assert refused.status_code == 429 and "来自您所在网络的留言过多" in refused.content.decode()
    assert _send(Client(REMOTE_ADDR="10.9.9.8"), portal).status_code == 302
    assert Feedback.objects.count() == 4


@pytest.mark.django_db
def test_the_address_behind_the_trusted_proxy_counts(portal, settings):
    settings.XUEHUI_FEEDBACK_PER_ADDRESS = 1
    settings.XUEHUI_PROXY_COUNT = 1
    forged = {"HTTP_X_FORWARDED_FOR": "1.1.1.1, 10.0.0.7", "REMOTE_ADDR": "127.0.0.1"}
    assert _send(Client(**forged), portal).status_code == 302
    again = {"HTTP_X_FORWARDED_FOR": "2.2.2.2, 10.0.0.7", "REMOTE_ADDR": "127.0.0.1"}
    assert _send(Client(**again), portal).status_code == 429


@pytest.mark.django_db
def test_a_post_without_the_form_page_or_too_fast_is_refused(portal, settings):
    client = Client()
    response = client.post(portal, {"kind": "message", "text": TEXT})
    assert response.status_code == 429 and "请在留言页面填写后提交" in response.content.decode()
    settings.XUEHUI_FEEDBACK_MIN_SECONDS = 60
    fast = _send(Client(), portal)
    assert fast.status_code == 429 and "提交过快" in fast.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(portal):
    response = _send(Client(), portal, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_too_long_or_empty_texts_are_refused_with_a_chinese_error(portal, settings):
    long = _send(Client(), portal, text="长" * (settings.XUEHUI_FEEDBACK_MAX_CHARS + 1))
    assert long.status_code == 200 and "1000" in long.content.decode()
    empty = _send(Client(), portal, text="")
    assert empty.status_code == 200 and "该字段是必填项" in empty.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_the_form_page_sets_the_time_it_was_shown(portal):
    client = Client()
    before = time.time()
    client.get(portal)
    assert client.session[throttle.FORM_SHOWN_KEY] >= before


def test_counting_survives_an_expired_key(monkeypatch, rf):
    from django.core.cache import cache

    request = rf.post("/")
    request.session = type("S", (), {"session_key": ""})()
    monkeypatch.setattr(cache, "add", lambda *a, **k: False)

    def expired(key):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", expired)
    throttle.count(request)  # no error: the counter starts again
