"""Reads of the rules app shared by pages and commands: frameworks as specs, evaluations."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Aggregate, Avg, Count, F, OuterRef, Q, Subquery

from xuehui.access import federation_subtrees, societies_visible
from xuehui.lib.collector import paused_collector
from xuehui.lib.text import compact
from xuehui.pilots.models import PilotMembership, PilotProgramme
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Federation, Society

from .engine import Judged, Result, evaluate, pass_rate, summarise
from .facts import gather
from .facts.adoption import Adoption, adoption_tables, adoptions_by_federation
from .models import Framework, FrameworkVersion, StoredResult
from .reports import adoption_line
from .spec import FrameworkSpec, parse_framework
from .statuses import BareResult, judge
from .stored import stored_rows

_SPECS: dict[str, FrameworkSpec] = {}  # parsed specs by content digest: the data never changes


def spec_of(version: FrameworkVersion) -> FrameworkSpec:
    if version.sha256 not in _SPECS:
        _SPECS[version.sha256] = parse_framework(version.content)
    return _SPECS[version.sha256]


def current_versions() -> list[FrameworkVersion]:
    """The current version of every framework, in key order (one query). Their content (the
    whole framework as JSON, 75 KB for the library's five) is read only by `spec_of`, once per
    process and digest: pages asked for it on every request."""
    return list(
        FrameworkVersion.objects.filter(version=F("framework__version"))
        .select_related("framework")
        .defer("content")
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
    spec: FrameworkSpec, society_ids: Iterable[int], on: dt.date, *, year: int | None = None
) -> dict[int, list[Result]]:
    """`year`: the year the 每年 requirements judge (default: the date's year, up to the date)."""
    with paused_collector():
        facts = gather(society_ids, on, young_age=spec.young_age, year=year)
        return evaluate(spec, facts, on, year=year)


def evaluate_frameworks(
    specs: Iterable[FrameworkSpec],
    society_ids: Iterable[int],
    on: dt.date,
    *,
    year: int | None = None,
) -> dict[str, dict[int, list[Result]]]:
    """Every framework for every society; facts are gathered once per distinct young_age."""
    ids, by_age, results = list(society_ids), {}, {}
    with paused_collector():  # a third of the time went to full collections (lib/collector)
        for spec in specs:
            if spec.young_age not in by_age:
                by_age[spec.young_age] = gather(ids, on, young_age=spec.young_age, year=year)
            results[spec.key] = evaluate(spec, by_age[spec.young_age], on, year=year)
    return results


def judge_frameworks(
    specs: Iterable[FrameworkSpec],
    society_ids: Iterable[int],
    on: dt.date,
    *,
    year: int | None = None,
) -> dict[str, dict[int, list[BareResult]]]:
    """Every framework's statuses for every society, without explanations (rules/statuses.py):
    what the stored results and the counts need, the same statuses as evaluate_frameworks."""
    ids, by_age, found = list(society_ids), {}, {}
    with paused_collector():
        for spec in specs:
            if spec.young_age not in by_age:
                by_age[spec.young_age] = gather(ids, on, young_age=spec.young_age, year=year)
            found[spec.key] = judge(spec, by_age[spec.young_age], on, year=year)
    return found


def framework_list() -> list[Framework]:
    return list(Framework.objects.order_by("key"))


# ---- pages -----------------------------------------------------------------------------------


@dataclass
class OverviewCell:
    key: str
    rate: float | None
    summary: dict
    reference: bool = False  # the society's 科协 adopted this framework for reference only
    pending: bool = False  # not computed yet under the framework's current version
    url: str = ""  # the society's results under this framework (set for the page)

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.0%}"

    @cached_property
    def band(self) -> "RateBand | None":
        return rate_band(self.rate)


@dataclass(frozen=True)
class RateBand:
    """A range of pass rates and its colour, on the overview page and in its export alike."""

    floor: float
    name: str
    label: str
    fill: str  # RGB, as the xlsx fills it
    css: str  # the table cell's class on the page


RATE_BANDS = (
    RateBand(0.9, "high", "90%及以上", "C6EFCE", "table-success"),
    RateBand(0.75, "good", "75%至90%", "DDEBF7", "table-primary"),
    RateBand(0.6, "fair", "60%至75%", "FFEB9C", "table-warning"),
    RateBand(0.0, "low", "60%以下", "FFC7CE", "table-danger"),
)


def rate_band(rate: float | None) -> RateBand | None:
    if rate is None:
        return None
    return next(band for band in RATE_BANDS if rate >= band.floor)


def overview_programmes(user):
    """The pilot programmes the overview can filter by: those of the 科协 the user sees."""
    programmes = PilotProgramme.objects.select_related("federation").order_by("name")
    return programmes.filter(memberships__society__in=visible_societies(user)).distinct()


def overview_societies(
    user, on: dt.date, *, federation_id=None, category: str = "", programme_id=None
):
    """The overview's societies: those the user sees, narrowed to a 科协 (with those below it),
    a discipline category, or the members of a pilot programme on `on`."""
    societies = visible_societies(user)
    if federation_id:
        societies = societies.filter(federation_id__in=federation_subtrees([federation_id]))
    if category:
        societies = societies.filter(category=category)
    if programme_id:
        members = PilotMembership.objects.filter(programme_id=programme_id, since__lte=on).filter(
            Q(until__isnull=True) | Q(until__gte=on)
        )
        societies = societies.filter(pk__in=members.values("society_id"))
    return societies


@dataclass
class OverviewRow:
    society: Society
    cells: list
    url: str = ""  # the society's compliance page (set for the page)


def overview_rows(
    societies, specs: list[FrameworkSpec], on: dt.date, *, sort: str = "name"
) -> list[OverviewRow]:
    """Societies × frameworks: pass rates and status counts, in a fixed number of queries."""
    societies = list(societies.select_related("federation").order_by("name_pinyin", "name", "pk"))
    results = judge_frameworks(specs, [s.pk for s in societies], on)
    rows = [
        OverviewRow(s, [_cell(spec.key, results[spec.key][s.pk]) for spec in specs])
        for s in societies
    ]
    keys = [spec.key for spec in specs]
    if sort.lstrip("-") in keys:
        index = keys.index(sort.lstrip("-"))
        rows.sort(
            key=lambda r: (r.cells[index].rate is None, r.cells[index].rate or 0),
            reverse=sort.startswith("-"),
        )
        if sort.startswith("-"):  # keep “不适用” last either way
            rows.sort(key=lambda r: r.cells[index].rate is None)
    return rows


def versions_of(
    specs: list[FrameworkSpec], versions: list[FrameworkVersion]
) -> list[FrameworkVersion]:
    """The given frameworks' versions among `versions` (the page's `current_versions()`, read
    once with the specs), in the specs' order."""
    by_key = {v.framework.key: v for v in versions}
    return [by_key[spec.key] for spec in specs if spec.key in by_key]


def overview_ordered(societies, versions: list[FrameworkVersion], sort: str):
    """The overview's societies in the order asked for: by name (拼音), or by the stored pass
    rate of one framework (those it does not apply to last either way), in the database."""
    by_name = ("name_pinyin", "name", "pk")
    societies = societies.select_related("federation")
    version = next((v for v in versions if v.framework.key == sort.lstrip("-")), None)
    if version is None:
        return societies.order_by(*by_name)
    rate = StoredResult.objects.filter(society=OuterRef("pk"), version=version).values("rate")
    societies = societies.annotate(sort_rate=Subquery(rate[:1]))
    order = (
        F("sort_rate").desc(nulls_last=True)
        if sort.startswith("-")
        else F("sort_rate").asc(nulls_last=True)
    )
    return societies.order_by(order, *by_name)


def overview_stored_rows(societies, versions: list[FrameworkVersion]) -> list[OverviewRow]:
    """The rows of the given societies (in their order) from the stored results."""
    societies = list(societies)
    stored = stored_rows([s.pk for s in societies], versions)
    rows = []
    for society in societies:
        cells = []
        for version in versions:
            row = stored.get((society.pk, version.pk))
            key = version.framework.key
            if row is None:
                cells.append(OverviewCell(key, None, {}, pending=True))
            else:
                cells.append(OverviewCell(key, row.rate, row.summary, row.reference))
        rows.append(OverviewRow(society, cells))
    return rows


def stored_averages(societies, versions: list[FrameworkVersion]) -> dict[str, float | None]:
    """Each framework's mean pass rate over all the societies (not only the page's), in
    one query: the overview's 平均 row."""
    rows = StoredResult.objects.filter(society_id__in=societies.values("pk"), version__in=versions)
    found = rows.aggregate(**{f"v{v.pk}": Avg("rate", filter=Q(version=v)) for v in versions})
    return {v.framework.key: found[f"v{v.pk}"] for v in versions}


@dataclass
class BandCounts:
    """One framework's societies by pass-rate band, from the stored results."""

    spec: FrameworkSpec
    average: float | None
    counts: list[tuple[RateBand, int]]
    not_applicable: int


def band_counts(societies, specs: list[FrameworkSpec], versions: list[FrameworkVersion]):
    """Each framework's societies by band and its mean rate, in one query (the 工作台 card)."""
    rows = StoredResult.objects.filter(society_id__in=societies.values("pk"), version__in=versions)
    aggregates: dict[str, Aggregate] = {}
    for v in versions:
        mine = Q(version=v)
        aggregates[f"avg{v.pk}"] = Avg("rate", filter=mine)
        aggregates[f"none{v.pk}"] = Count("pk", filter=mine & Q(rate__isnull=True))
        ceiling = None
        for band in RATE_BANDS:  # highest first: each band is [floor, the band above's floor)
            within = mine & Q(rate__gte=band.floor)
            if ceiling is not None:
                within &= Q(rate__lt=ceiling)
            aggregates[f"{band.name}{v.pk}"] = Count("pk", filter=within)
            ceiling = band.floor
    found = rows.aggregate(**aggregates) if versions else {}
    return [
        BandCounts(
            spec,
            found[f"avg{v.pk}"],
            [(band, found[f"{band.name}{v.pk}"]) for band in RATE_BANDS],
            found[f"none{v.pk}"],
        )
        for spec, v in zip(specs, versions, strict=True)
    ]


def row_averages(rows: list[OverviewRow], specs: list[FrameworkSpec]) -> dict[str, float | None]:
    """The same mean over rows evaluated for another date."""
    averages = {}
    for index, spec in enumerate(specs):
        rates = [row.cells[index].rate for row in rows if row.cells[index].rate is not None]
        averages[spec.key] = sum(rates) / len(rates) if rates else None
    return averages


def _cell(key: str, results: Sequence[Judged]) -> OverviewCell:
    reference = bool(adoption_line(results))
    return OverviewCell(
        key,
        pass_rate(results, reference=reference),
        summarise(results, reference=reference),
        reference,
    )


def overview_specs(user, specs: list[FrameworkSpec], *, show_all: bool) -> tuple[list, str]:
    """The overview's frameworks: those the viewer's 科协 adopted as binding (all of them with
    `show_all`, or when nothing is adopted), and the sentence that says so."""
    roots = top_federation_ids(user)
    maps = adoptions_by_federation(roots)
    if len(roots) != 1:
        if show_all or any(not m for m in maps.values()):
            return list(specs), ""
        keys = {k for m in maps.values() for k, a in m.items() if a.binding}
        return [s for s in specs if s.key in keys], "按所辖各科协采用的约束性文件显示。"
    adoptions = maps[roots[0]]
    shown = list(specs) if show_all else binding_specs(specs, adoptions)
    return shown, adoption_text(specs, adoptions)


def visible_societies(user):
    return societies_visible(user).exclude(status=SocietyStatus.DEREGISTERED)


def filter_results(
    results: list[Result], *, status: str = "", obligation: str = ""
) -> list[Result]:
    return [
        r
        for r in results
        if (not status or r.status == status)
        and (not obligation or r.requirement.obligation == obligation)
    ]


def requirement_across(
    spec: FrameworkSpec, ref: str, societies, on: dt.date
) -> list[tuple[Society, Result]]:
    """One requirement for every given society (facts gathered once for all)."""
    societies = list(societies.select_related("federation").order_by("name", "pk"))
    results = evaluate_societies(spec, [s.pk for s in societies], on)
    return [(s, next(r for r in results[s.pk] if r.requirement.key == ref)) for s in societies]


def pilot_memberships(society) -> list:
    from xuehui.pilots.models import PilotMembership

    return list(
        PilotMembership.objects.filter(society=society)
        .select_related("programme__framework")
        .order_by("-since")
    )


@dataclass
class Topic:
    title: str
    rows: list  # (spec, node, threshold text)


def comparison_topics() -> list[Topic]:
    """Rules several frameworks share, side by side, and the 300-member rules with their wording."""
    from .describe import TOPIC_TITLES, comparison_key, threshold
    from .facts.base import FACT_LABELS

    specs = list(framework_specs().values())
    groups: dict[tuple, list] = {}
    for spec in specs:
        for node in spec.walk():
            key = comparison_key(node)
            if key is not None:
                groups.setdefault(key, []).append((spec, node, threshold(node, spec)))
    topics = [
        Topic(TOPIC_TITLES.get(key) or FACT_LABELS.get(key[0]) or rows[0][2], rows)
        for key, rows in groups.items()
        if len({spec.key for spec, _, _ in rows}) > 1
    ]
    members = [
        (spec, node, threshold(node, spec))
        for spec in specs
        for node in spec.walk()
        if node.decision
        and 300 in (node.decision.params.get(k) for k in ("min", "value", "threshold"))
    ]
    topics.insert(0, Topic("会员人数300：“以上”与“超过”", members))
    return topics


# ---- adoption: which documents bind whom --------------------------------------------------------


def adoptions_of(federation_id: int | None) -> dict[str, Adoption]:
    """Framework key → how it binds the federation's societies (its own adoption or the nearest
    parent's); empty when no 科协 of the chain has adopted anything."""
    if federation_id is None:
        return {}
    return adoptions_by_federation([federation_id])[federation_id]


def top_federation_ids(user) -> list[int]:
    """The top-most federations a user sees (the overview's point of view)."""
    from xuehui.access import federations_visible

    rows = list(federations_visible(user).values_list("pk", "parent_id"))
    seen = {pk for pk, _ in rows}
    return [pk for pk, parent in rows if parent not in seen]


def binding_specs(specs: list[FrameworkSpec], adoptions: dict[str, Adoption]) -> list:
    """The frameworks adopted as binding; every framework when nothing has been adopted."""
    if not adoptions:
        return list(specs)
    return [spec for spec in specs if getattr(adoptions.get(spec.key), "binding", False)]


def adoption_text(specs: list[FrameworkSpec], adoptions: dict[str, Adoption]) -> str:
    """«本科协采用：《…》（约束性）；《…》（仅供参考）», or what holds when nothing is adopted."""
    if not adoptions:
        return "本科协尚未设置采用的政策框架：各政策框架均按约束性显示。"
    binding = [f"《{s.title}》" for s in specs if getattr(adoptions.get(s.key), "binding", None)]
    reference = [
        f"《{s.title}》" for s in specs if getattr(adoptions.get(s.key), "binding", None) is False
    ]
    parts = []
    if binding:
        parts.append(f"{'、'.join(binding)}（约束性）")
    if reference:
        parts.append(f"{'、'.join(reference)}（仅供参考）")
    return "本科协采用：" + ("；".join(parts) or "无约束性文件") + "。"


def adoption_rows(framework: Framework, user) -> list[dict]:
    """For each federation the user administers: its own adoption of the framework and the one
    in effect (possibly inherited), for the framework page's adoption panel."""
    from xuehui.access import federation_ids_administered

    tree, own = tables = adoption_tables()
    ids = federation_ids_administered(user, tree.keys())
    effective = adoptions_by_federation(ids, tables)
    return [
        {
            "federation": Federation(pk=pk, name=tree[pk][1], parent_id=tree[pk][0]),
            "own": own.get(pk, {}).get(framework.key),
            "effective": effective[pk].get(framework.key),
        }
        for pk in ids
    ]


# ---- 自选任务 (a society's chosen tasks) ----------------------------------------------------------


@dataclass
class TaskGroup:
    node: object  # the spec's group requiring at least N of its tasks
    chosen: list | None  # None: no choice recorded, every task is judged
    tasks: list  # (key, name, checked)


def task_groups(society, spec: FrameworkSpec) -> list[TaskGroup]:
    """The framework's 自选 groups with the society's recorded choice (no query without any)."""
    from .models import TaskChoice

    groups = [node for node in spec.walk() if node.at_least is not None]
    if not groups:
        return []
    recorded = dict(
        TaskChoice.objects.filter(society=society, framework__key=spec.key).values_list(
            "group_key", "task_keys"
        )
    )
    return [
        TaskGroup(
            group,
            recorded.get(group.key),
            [
                (c.key, f"{c.clause} {c.title}".strip(), c.key in recorded.get(group.key, []))
                for c in group.children
            ],
        )
        for group in groups
    ]
