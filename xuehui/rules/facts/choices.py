"""Facts from the societies' recorded choices of tasks (rules.TaskChoice): for each framework's
自选 group, the tasks the society chose. A group with no recorded choice is absent: then every
task of it is judged."""

import datetime as dt

from xuehui.lib.queries import IdList

from .base import Facts


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.rules.models import TaskChoice

    for society_id in ids:
        facts[society_id]["tasks.chosen"] = {}
    rows = TaskChoice.objects.filter(society_id__in=IdList(ids)).values_list(
        "society_id", "framework__key", "group_key", "task_keys"
    )
    for society_id, framework_key, group_key, keys in rows:
        facts[society_id]["tasks.chosen"].setdefault(framework_key, {})[group_key] = list(keys)
