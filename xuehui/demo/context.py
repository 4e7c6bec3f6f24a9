"""The state the demo steps share: the demo date, the seeded random generator, the actor and
what earlier steps loaded (federations by code, societies by name, their profiles)."""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from xuehui.access import SYSTEM

# The day the demo describes: ages, overdue terms and "current" posts are planned for it.
# A fixed day keeps every run identical (same birth dates, so same ID numbers), which is
# what makes the command idempotent. Pages compute from today, so figures drift slowly
# with time; every deliberate breach stays a breach.
DEMO_DATE = dt.date(2026, 11, 1)
SEED = 2017  # the year of the Hubei pilot programme (seed 000)


@dataclass
class DemoAccount:
    """A demo login, printed at the end of the run."""

    role_label: str
    username: str
    password: str
    scope: str


@dataclass
class DemoContext:
    """What every step receives. Steps read what earlier steps put here and add their own."""

    today: dt.date = DEMO_DATE
    seed: int = SEED
    scale: float = 1.0
    actor: Any = SYSTEM  # the platform itself, run from the command line
    federations: dict = field(default_factory=dict)  # code → Federation
    societies: dict = field(default_factory=dict)  # name → Society
    profiles: dict = field(default_factory=dict)  # name → SocietySpec (societies.py)
    accounts: list[DemoAccount] = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # steps keep derived plans here
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def rng_for(self, *parts: object) -> random.Random:
        """A generator of its own for one society or one step: adding a step or a society
        elsewhere does not change what this one draws (str seeds are hashed stably)."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def scaled(self, size: int, minimum: int) -> int:
        return max(minimum, round(size * self.scale))
