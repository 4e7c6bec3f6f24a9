"""Facts from the 科协's adoption of frameworks (rules.FrameworkAdoption): which documents bind a
society. A 科协 adopts a framework as binding (约束性) or for reference (参考); a lower 科协
inherits its parent's adoptions and may override any of them with its own."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from xuehui.lib.queries import IdList

from .base import Facts


@dataclass(frozen=True)
class Adoption:
    """One framework as it binds a federation's societies, and which 科协 decided it."""

    binding: bool
    federation_id: int
    federation_name: str

    @property
    def label(self) -> str:
        return "约束性" if self.binding else "仅供参考"


def adoption_tables() -> tuple[dict, dict]:
    """In one query: the federation tree (id → parent id, name) and every 科协's own adoptions
    (id → framework key → binding)."""
    from xuehui.societies.models import Federation

    tree: dict[int, tuple[int | None, str]] = {}
    own: dict[int, dict[str, bool]] = {}
    rows = Federation.objects.values_list(
        "pk",
        "parent_id",
        "name",
        "framework_adoptions__framework__key",
        "framework_adoptions__binding",
    )
    for pk, parent, name, key, binding in rows:
        tree[pk] = (parent, name)
        if key is not None:
            own.setdefault(pk, {})[key] = binding
    return tree, own


def adoptions_by_federation(
    federation_ids: Iterable[int], tables: tuple[dict, dict] | None = None
) -> dict[int, dict[str, Adoption]]:
    """For each federation, framework key → the nearest adoption up its chain (one query).
    An empty map means no 科协 of the chain has adopted anything."""
    tree, own = tables or adoption_tables()
    found = {}
    for federation_id in set(federation_ids):
        chosen: dict[str, Adoption] = {}
        current, seen = federation_id, set()
        while current is not None and current not in seen and current in tree:
            seen.add(current)
            for key, binding in own.get(current, {}).items():
                chosen.setdefault(key, Adoption(binding, current, tree[current][1]))
            current = tree[current][0]
        found[federation_id] = chosen
    return found


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.societies.models import Society

    federation_of = dict(
        Society.objects.filter(pk__in=IdList(ids)).values_list("pk", "federation_id")
    )
    maps = adoptions_by_federation(federation_of.values())
    for society_id in ids:
        federation_id = federation_of.get(society_id)
        chosen = maps.get(federation_id, {}) if federation_id is not None else {}
        # None when no 科协 of the chain adopted anything: every framework then binds as loaded.
        facts[society_id]["adoption.frameworks"] = (
            {key: a.binding for key, a in chosen.items()} if chosen else None
        )
