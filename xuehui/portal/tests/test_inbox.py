"""The 科协's inbox: list, assign, reply privately or publicly, close, each step audited;
leaders read only and do not see the contact; secretaries and experts see nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.portal.choices import FeedbackStatus
from xuehui.portal.models import Feedback
from xuehui.portal.services import feedback_submit
from xuehui.tests import factories as f

from .factories import open_portal


@pytest.fixture
def feedback(federation, society_a):
    open_portal(federation)
    return feedback_submit(
        society=society_a, kind="complaint", text="投诉：见 http://spam.example 与 13911112222",
        contact="李女士 13911112222", address_hash="x" * 64,
    )  # fmt: skip


@pytest.fixture
def leader_client(federation):
    client = Client()
    client.force_login(f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


@pytest.mark.django_db
def test_the_administrator_assigns_replies_publicly_and_closes(
    admin_client, admin_user, feedback, federation, society_a
):
    inbox = admin_client.get(reverse("portal:inbox"))
    assert "投诉举报" in inbox.content.decode()
    detail = admin_client.get(reverse("portal:feedback", args=[feedback.pk])).content.decode()
    assert "李女士 13911112222" in detail
    admin_client.post(
        reverse("portal:feedback_assign", args=[feedback.pk]), {"assignee": admin_user.pk}
    )
    feedback.refresh_from_db()
    assert feedback.assignee == admin_user and feedback.status == FeedbackStatus.ASSIGNED
    admin_client.post(
        reverse("portal:feedback_reply", args=[feedback.pk]),
        {"text": "已核实，详见 www.example.cn，已责成学会整改。", "is_public": "on"},
    )
    admin_client.post(reverse("portal:feedback_reply", args=[feedback.pk]), {"text": "电话已回复"})
    admin_client.post(reverse("portal:feedback_close", args=[feedback.pk]))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.CLOSED and feedback.closed_at
    actions = set(AuditEntry.objects.filter(society=society_a).values_list("action", flat=True))
    assert {"feedback_submit", "feedback_assign", "feedback_reply", "feedback_close"} <= actions

    public = Client().get(reverse("public:society", args=[federation.code, society_a.pk]))
    text = public.content.decode()
    assert "已责成学会整改" in text and "电话已回复" not in text
    assert "example" not in text and "13911112222" not in text and "李女士" not in text
    assert "［链接已删除］" in text and '<a href="http' not in text

    again = admin_client.post(reverse("portal:feedback_close", args=[feedback.pk]), follow=True)
    assert "该留言已关闭" in again.content.decode()


@pytest.mark.django_db
def test_a_bad_assignee_or_empty_reply_is_refused_and_changes_nothing(
    admin_client, feedback, secretary_a
):
    response = admin_client.post(
        reverse("portal:feedback_assign", args=[feedback.pk]), {"assignee": secretary_a.pk},
        follow=True,
    )  # fmt: skip
    assert "承办人" in response.content.decode()
    admin_client.post(reverse("portal:feedback_reply", args=[feedback.pk]), {"text": " "})
    feedback.refresh_from_db()
    assert feedback.assignee is None and feedback.status == FeedbackStatus.OPEN
    assert not feedback.replies.exists()


@pytest.mark.django_db
def test_a_leader_reads_without_the_contact_and_may_not_act(leader_client, feedback):
    assert leader_client.get(reverse("portal:inbox")).status_code == 200
    page = leader_client.get(reverse("portal:feedback", args=[feedback.pk])).content.decode()
    assert "13911112222" not in page.split("内容")[0] and "仅科协管理员可见" in page
    for name in ("portal:feedback_assign", "portal:feedback_reply", "portal:feedback_close"):
        assert leader_client.post(reverse(name, args=[feedback.pk])).status_code == 403


@pytest.mark.django_db
def test_secretaries_and_experts_see_no_messages(secretary_a_client, expert_client, feedback):
    for client in (secretary_a_client, expert_client):
        assert client.get(reverse("portal:inbox")).status_code == 403
        assert client.get(reverse("portal:feedback", args=[feedback.pk])).status_code == 404


@pytest.mark.django_db
def test_the_inbox_filters_by_status_in_a_fixed_number_of_queries(
    admin_client, feedback, society_a, django_assert_max_num_queries
):
    for n in range(15):
        feedback_submit(
            society=society_a, kind="message", text=f"留言{n}", contact="", address_hash="y" * 64
        )
    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("portal:inbox") + "?status=open")
    assert page.content.decode().count("待处理") >= 16
    closed = admin_client.get(reverse("portal:inbox") + "?status=closed").content.decode()
    assert "留言3" not in closed
    assert Feedback.objects.count() == 16
