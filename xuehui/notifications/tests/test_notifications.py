from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.models import Notification
from xuehui.notifications.services import notification_send


def test_an_event_with_a_dedupe_key_is_notified_and_mailed_once(secretary_a):
    secretary_a.email = "sec@example.org"
    secretary_a.save()
    for _ in range(3):
        notification_send(
            user=secretary_a,
            kind=NotificationKind.DEADLINE_NEAR,
            title="自评将于3天后截止",
            url="/x/",
            dedupe_key="deadline:1:2026-11-21",
        )
    assert Notification.objects.filter(user=secretary_a).count() == 1
    assert len(mail.outbox) == 1
    assert "自评将于3天后截止" in mail.outbox[0].subject


def test_the_header_shows_the_unread_count_and_reading_clears_it(secretary_a, secretary_a_client):
    notification_send(user=secretary_a, kind=NotificationKind.SYSTEM, title="欢迎使用")
    page = secretary_a_client.get(reverse("notifications:list"))
    assert page.context["unread_notification_count"] == 1
    secretary_a_client.post(reverse("notifications:read"))
    page = secretary_a_client.get(reverse("notifications:list"))
    assert page.context["unread_notification_count"] == 0


def test_a_user_cannot_mark_or_see_another_users_notifications(
    secretary_a, secretary_b, secretary_b_client
):
    theirs = notification_send(user=secretary_a, kind=NotificationKind.SYSTEM, title="仅A可见")
    page = secretary_b_client.get(reverse("notifications:list"))
    assert "仅A可见" not in page.content.decode()
    secretary_b_client.post(reverse("notifications:read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_query_count_does_not_grow_with_notifications(secretary_a, secretary_a_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            secretary_a_client.get(reverse("notifications:list"))
        return len(captured)

    notification_send(user=secretary_a, kind=NotificationKind.SYSTEM, title="通知")
    one = queries()
    for i in range(40):
        notification_send(user=secretary_a, kind=NotificationKind.SYSTEM, title=f"通知{i}")
    assert queries() == one


def test_anonymous_visitors_are_sent_to_login(anonymous_client):
    response = anonymous_client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
