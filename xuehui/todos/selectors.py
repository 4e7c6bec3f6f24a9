"""A user's open to-dos, read once per request, with their notices settled on the way."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from xuehui.notifications.services import notices_settle

from .registry import Group, Todo, grouped, open_keys, todos_for


@dataclass
class Worklist:
    """What a user still has to do on a day."""

    day: dt.date
    todos: list[Todo]

    @property
    def groups(self) -> list[Group]:
        return grouped(self.todos)

    @property
    def count(self) -> int:
        """The bell's number: how many to-dos are open (not how many items they hold)."""
        return len(self.todos)

    @property
    def overdue(self) -> int:
        return sum(1 for todo in self.todos if todo.urgency(self.day) == "overdue")


def worklist(user, day: dt.date) -> Worklist:
    """The user's open to-dos; notices about to-dos done since are marked read."""
    todos = todos_for(user, day)
    if getattr(user, "is_authenticated", False):
        notices_settle(user=user, open_keys=open_keys(todos))
    return Worklist(day=day, todos=todos)


def settle_notices(user) -> None:
    """Before the user's notices are read: mark read those whose to-do is done."""
    worklist(user, timezone.localdate())
