"""One to-do model every feature feeds.

A to-do is work someone still owes: a self-assessment to submit, a plan to approve, items to
review. It is not stored: each feature registers a provider (`register`, from its `todos.py`,
loaded in its `AppConfig.ready`) that reads the feature's own state and yields the open to-dos
of a user. Finishing the work changes that state, so the to-do is gone the next time anyone
looks: nothing has to remember to close it. A provider registered `from_records=True` reads only
records that services write (and audit), the user's scope and the day: its to-dos are kept
across requests until the next audited write (lib.kept, audit.versions); the others (an upload
waiting for its user) are asked every time. A notice sent about a to-do carries the to-do's key
(`Notification.todo_key`); `settle` marks such notices read once their to-do is no longer open.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xuehui.audit.versions import data_version
from xuehui.lib.kept import kept

from .choices import KIND_ORDER, TodoKind

NEAR_DAYS = 7  # a deadline this close is shown as near


@dataclass(frozen=True)
class Todo:
    """One piece of open work for one user."""

    key: str  # stable: "<what>:<pk>", the key its notices carry
    kind: TodoKind
    title: str
    url: str
    due: dt.date | None = None
    count: int = 1  # how many things it stands for (items to review, societies late…)
    detail: str = ""
    covers: tuple[str, ...] = field(default=())  # other notice keys it keeps open

    def days_left(self, day: dt.date) -> int | None:
        return None if self.due is None else (self.due - day).days

    def urgency(self, day: dt.date) -> str:
        """ "overdue", "near" or "" for the page's colours."""
        left = self.days_left(day)
        if left is None:
            return ""
        if left < 0:
            return "overdue"
        return "near" if left <= NEAR_DAYS else ""


Provider = Callable[[object, dt.date], Iterable[Todo]]
PROVIDERS: list[Provider] = []
FROM_RECORDS: set[Provider] = set()  # the providers whose to-dos may be kept (see above)


def register(provider: Provider | None = None, *, from_records: bool = False):
    """Add a feature's provider (a decorator: `@register` or `@register(from_records=True)`)."""

    def add(provider: Provider) -> Provider:
        if provider not in PROVIDERS:
            PROVIDERS.append(provider)
        if from_records:
            FROM_RECORDS.add(provider)
        return provider

    return add if provider is None else add(provider)


def _order(todo: Todo) -> tuple:
    return (
        todo.due is None,
        todo.due or dt.date.max,
        KIND_ORDER.get(todo.kind, len(KIND_ORDER)),
        todo.title,
    )


def todos_for(user, day: dt.date) -> list[Todo]:
    """Every open to-do of `user`, the most urgent first (overdue, then by deadline)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    recorded = kept(
        repr(("todos", user.pk, day.isoformat())),
        data_version,
        lambda: _asked(user, day, recorded=True),
    )
    return sorted([*recorded, *_asked(user, day, recorded=False)], key=_order)


def _asked(user, day: dt.date, *, recorded: bool) -> list[Todo]:
    """The to-dos of the providers registered `from_records=recorded`, in registration order."""
    return [
        todo
        for provider in PROVIDERS
        if (provider in FROM_RECORDS) == recorded
        for todo in provider(user, day)
    ]


@dataclass
class Group:
    kind: TodoKind
    todos: list[Todo]

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def count(self) -> int:
        return sum(todo.count for todo in self.todos)

    def overdue(self, day: dt.date) -> int:
        return sum(1 for todo in self.todos if todo.urgency(day) == "overdue")


def grouped(todos: list[Todo]) -> list[Group]:
    """The to-dos by kind, in the kinds' order, each group most urgent first."""
    groups: dict[str, Group] = {}
    for todo in todos:
        groups.setdefault(todo.kind, Group(todo.kind, [])).todos.append(todo)
    return sorted(groups.values(), key=lambda g: KIND_ORDER.get(g.kind, len(KIND_ORDER)))


def open_keys(todos: Iterable[Todo]) -> set[str]:
    return {key for todo in todos for key in (todo.key, *todo.covers)}
