from collections.abc import Callable

from .models import Notification

# Called before a user's notices are listed or counted, to mark read those whose to-do is done
# (registered by the to-do app, which knows what is still open).
BEFORE_READING: list[Callable[[object], None]] = []


def settle(user) -> None:
    for hook in BEFORE_READING:
        hook(user)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user, *, unread_only: bool = False):
    notifications = Notification.objects.filter(user=user)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications
