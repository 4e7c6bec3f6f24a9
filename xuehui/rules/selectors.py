"""Reads of the rules app shared by pages and commands: frameworks as specs, evaluations."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Q

from xuehui.lib.text import compact
from xuehui.societies.models import Society

from .engine import Result, evaluate
from .facts import Facts, gather
from .models import Framework, FrameworkVersion
from .spec import FrameworkSpec, parse_framework

_SPECS: dict[str, FrameworkSpec] = {}  # parsed specs by content digest: the data never changes


def spec_of(version: FrameworkVersion) -> FrameworkSpec:
    if version.sha256 not in _SPECS:
        _SPECS[version.sha256] = parse_framework(version.content)
    return _SPECS[version.sha256]


def current_versions() -> list[FrameworkVersion]:
    """The current version of every framework, in key order (one query)."""
    return list(
        FrameworkVersion.objects.filter(version=F("framework__version"))
        .select_related("framework")
        .order_by("framework__key")
    )


def framework_spec(key: str) -> FrameworkSpec | None:
    version = FrameworkVersion.objects.filter(
        framework__key=key, version=F("framework__version")
    ).first()
    return spec_of(version) if version else None


def framework_specs() -> dict[str, FrameworkSpec]:
    return {v.framework.key: spec_of(v) for v in current_versions()}


def society_by_code(code: str) -> Society | None:
    """A society named on the command line: its unified social credit code, its id, or its exact name."""
    text = compact(code).upper()
    query = Q(uscc=text) | Q(name=code.strip())
    if text.isdigit():
        query |= Q(pk=int(text))
    return Society.objects.select_related("federation").filter(query).order_by("pk").first()


def evaluate_societies(
    spec: FrameworkSpec, society_ids: Iterable[int], on: dt.date
) -> dict[int, list[Result]]:
    return evaluate(spec, gather(society_ids, on, young_age=spec.young_age), on)


def evaluate_frameworks(
    specs: Iterable[FrameworkSpec], society_ids: Iterable[int], on: dt.date
) -> dict[str, dict[int, list[Result]]]:
    """Every framework for every society; facts are gathered once per distinct young_age."""
    ids, by_age, results = list(society_ids), {}, {}
    for spec in specs:
        if spec.young_age not in by_age:
            by_age[spec.young_age] = gather(ids, on, young_age=spec.young_age)
        results[spec.key] = evaluate(spec, by_age[spec.young_age], on)
    return results


def facts_for(society_ids: Iterable[int], on: dt.date, *, young_age: int = 45) -> dict[int, Facts]:
    return gather(society_ids, on, young_age=young_age)


def framework_list() -> list[Framework]:
    return list(Framework.objects.order_by("key"))
