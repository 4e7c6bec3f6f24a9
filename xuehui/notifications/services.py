"""Sending notifications: in the centre always, by e-mail where the user has an address."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def notification_send(
    *,
    user,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    todo_key: str = "",
    email: bool = True,
) -> Notification | None:
    """Notify `user`; with a `dedupe_key` the same event is never sent twice (returns None).
    A notice about a to-do names it (`todo_key`) and is marked read once the work is done."""
    if dedupe_key and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
        return None
    notification = Notification(
        user=user,
        kind=kind,
        title=title,
        body=body,
        url=url,
        dedupe_key=dedupe_key,
        todo_key=todo_key,
    )
    notification.full_clean(exclude=["user"])
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # a concurrent run sent it first
        return None
    if email and user.email:
        _mail(notification)
    return notification


def _mail(notification: Notification) -> None:
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.XUEHUI_SITE_URL.rstrip('/')}{notification.url}"
    try:
        send_mail(
            f"【学会改革管理平台】{notification.title}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.user.email],
        )
    except OSError:
        logger.exception("通知邮件发送失败：%s", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notices_settle(*, user, open_keys: set[str]) -> int:
    """Mark read the user's unread notices about to-dos that are no longer open."""
    done = (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .exclude(todo_key="")
        .exclude(todo_key__in=open_keys)
    )
    return done.update(read_at=timezone.now())
