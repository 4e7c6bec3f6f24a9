"""A framework as plain data: parsed and validated from its YAML file (docs/frameworks.md).

Nothing here touches the database: the loader stores what this module accepts, and the
engine evaluates the objects it builds.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from xuehui.regulations.choices import RuleKind
from xuehui.societies.choices import FederationLevel

from .choices import Addressee, AppliesTo, DecisionKind, Obligation, Period, Require

FRAMEWORK_FIELDS = (
    "key",
    "title",
    "issuer",
    "document_number",
    "source",
    "jurisdiction_level",
    "effective_on",
    "version",
)
RULE_KIND_BY_LABEL = {kind.label: kind.value for kind in RuleKind}


class FrameworkError(Exception):
    """A framework file that cannot be loaded; `problems` lists every reason, in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Any
    label: str
    note: str = ""


@dataclass(frozen=True)
class Applicability:
    """To whom a requirement applies: all, re-elected since the effective date, a pilot, a size, a condition."""

    kind: AppliesTo = AppliesTo.ALL
    pilot: str = ""
    label: str = ""
    fact: str = ""
    more_than: float | None = None
    at_least: float | None = None
    condition: str = ""

    def describe(self, effective_on: dt.date) -> str:
        if self.kind == AppliesTo.REELECTED:
            return f"{effective_on:%Y-%m-%d}以后换届的学会"
        if self.kind == AppliesTo.PILOT:
            return self.label or f"试点项目 {self.pilot} 的学会"
        if self.kind == AppliesTo.FACT:
            bound = (
                f"超过{self.more_than:g}"
                if self.more_than is not None
                else f"不少于{self.at_least:g}"
            )
            return self.label or f"{self.fact} {bound}的学会"
        if self.kind == AppliesTo.CONDITION:
            return self.condition
        return "全部学会"


@dataclass(frozen=True)
class Decision:
    by: str
    fact: str = ""
    check: str = ""
    params: dict = field(default_factory=dict)
    kinds: tuple = ()  # rule-document kinds (values of RuleKind)
    require: Require = Require.ANY  # for documents naming several kinds
    since_effective: bool = False
    evidence: str = ""
    show: tuple = ()


@dataclass
class Requirement:
    key: str
    title: str
    clause: str
    excerpt: str = ""
    obligation: str = ""
    applies: Applicability = field(default_factory=Applicability)
    decision: Decision | None = None
    note: str = ""
    selection: Any = "all"  # "all" | {"at_least": N} | {"required": [keys]}
    addressee: str = Addressee.SOCIETY
    due_on: dt.date | None = None
    period: str = ""  # year | term | none (Period); "" = not declared, read as none
    children: list = field(default_factory=list)
    parent_key: str = ""
    depth: int = 0

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    @property
    def leaf_decision(self) -> Decision:
        """The decision of a requirement judged on its own; only such requirements ask for it
        (a group that sums up its children has none)."""
        if self.decision is None:
            raise ValueError(f"requirement {self.key} has no decision of its own")
        return self.decision

    @property
    def obligation_label(self) -> str:
        return Obligation(self.obligation).label if self.obligation else ""

    @property
    def period_label(self) -> str:
        return Period(self.period).label if self.period else ""

    @property
    def encouraged(self) -> bool:
        return self.obligation == Obligation.ENCOURAGED

    @property
    def decision_label(self) -> str:
        if self.decision is None:
            return "按下级要求汇总"
        return DecisionKind(self.decision.by).label

    @property
    def at_least(self) -> int | None:
        """N for a group of which a society chooses its tasks and must meet at least N."""
        if isinstance(self.selection, dict) and "at_least" in self.selection:
            return self.selection["at_least"]
        return None

    def optional(self, child: "Requirement") -> bool:
        """True for a child outside the ones a group requires (选做: T13.4 and T13.5 beside the
        required 第1、2、3、6项): judged, but never counted against the group or the society."""
        required = self.selection.get("required") if isinstance(self.selection, dict) else None
        return required is not None and child.key not in required

    @property
    def selection_text(self) -> str:
        if isinstance(self.selection, dict) and "at_least" in self.selection:
            return f"至少{self.selection['at_least']}项达标"
        if isinstance(self.selection, dict) and "required" in self.selection:
            names = {c.key: c.clause or c.title for c in self.children}
            return f"须完成{'、'.join(names.get(k, k) for k in self.selection['required'])}"
        return "全部达标"


@dataclass
class FrameworkSpec:
    key: str
    title: str
    issuer: str
    document_number: str
    source: str
    jurisdiction_level: str
    effective_on: dt.date
    version: int
    note: str = ""
    short_title: str = ""  # how screens and documents name it (湖北实施意见); the title if blank
    applies: Applicability = field(default_factory=Applicability)
    parameters: dict = field(default_factory=dict)
    requirements: list = field(default_factory=list)

    @property
    def name(self) -> str:
        """The short Chinese name used in headers and columns."""
        return self.short_title or self.title

    def walk(self) -> Iterator[Requirement]:
        """Every requirement in document order, parents before their children."""
        stack = list(reversed(self.requirements))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, key: str) -> Requirement | None:
        return next((node for node in self.walk() if node.key == key), None)

    def param(self, name: str) -> Any:
        return self.parameters[name].value

    @property
    def young_age(self) -> int:
        parameter = self.parameters.get("young_age")
        return int(parameter.value) if parameter else 45


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class _Parser:
    def __init__(self, data: dict):
        self.data = data
        self.problems: list[str] = []
        self.keys: set[str] = set()

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}" if where else message)

    def parse(self) -> FrameworkSpec:
        data = self.data if isinstance(self.data, dict) else {}
        if not isinstance(self.data, dict):
            raise FrameworkError(["文件内容不是一个框架（应为键值结构）"])
        for name in FRAMEWORK_FIELDS:
            if name not in data or (data[name] in (None, "") and name != "document_number"):
                self.fail("", f"缺少框架字段「{name}」")
        if self.problems:
            raise FrameworkError(self.problems)
        spec = FrameworkSpec(
            key=str(data["key"]),
            title=str(data["title"]),
            issuer=str(data["issuer"]),
            document_number=str(data.get("document_number") or ""),
            source=str(data["source"]),
            jurisdiction_level=str(data["jurisdiction_level"]),
            # dt.date.min stands in for a date that is not one, as version() does: the problem
            # is recorded and raised below, so the placeholder never leaves this method.
            effective_on=self.date("", "effective_on", data["effective_on"]) or dt.date.min,
            version=self.version(data["version"]),
            note=str(data.get("note") or ""),
            short_title=str(data.get("short_title") or "")[:30],
            applies=self.applies("", data.get("applies")),
            parameters=self.parameters(data.get("parameters") or {}),
        )
        if spec.jurisdiction_level not in FederationLevel.values:
            self.fail(
                "",
                f"层级「{spec.jurisdiction_level}」无效，应为 {'/'.join(FederationLevel.values)}",
            )
        nodes = data.get("requirements")
        if not isinstance(nodes, list) or not nodes:
            self.fail("", "没有任何要求（requirements）")
        else:
            spec.requirements = [self.node(item, parent=None, depth=0) for item in nodes]
            self.check_params(spec)
        if self.problems:
            raise FrameworkError(self.problems)
        return spec

    def version(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail("", f"版本号「{value}」应为正整数")
            return 1
        return value

    def date(self, where: str, name: str, value: Any) -> dt.date | None:
        try:
            return _date(value)
        except (TypeError, ValueError):
            self.fail(where, f"「{name}」不是有效日期（应为 YYYY-MM-DD）：{value}")
            return None

    def parameters(self, raw: dict) -> dict:
        result = {}
        if not isinstance(raw, dict):
            self.fail("", "参数（parameters）应为键值结构")
            return result
        for name, item in raw.items():
            if not isinstance(item, dict) or "value" not in item or not item.get("label"):
                self.fail("", f"参数「{name}」应有 value 和 label（并说明 note）")
                continue
            result[name] = Parameter(
                name, item["value"], str(item["label"]), str(item.get("note") or "")
            )
        return result

    def applies(self, where: str, raw: Any) -> Applicability:
        if raw in (None, "all"):
            return Applicability()
        if raw == "reelected":
            return Applicability(kind=AppliesTo.REELECTED)
        if isinstance(raw, dict) and raw.get("pilot"):
            return Applicability(
                kind=AppliesTo.PILOT, pilot=str(raw["pilot"]), label=str(raw.get("label", ""))
            )
        if isinstance(raw, dict) and raw.get("condition"):
            return Applicability(kind=AppliesTo.CONDITION, condition=str(raw["condition"]))
        if isinstance(raw, dict) and raw.get("fact") and ("more_than" in raw or "at_least" in raw):
            return Applicability(
                kind=AppliesTo.FACT,
                fact=str(raw["fact"]),
                more_than=raw.get("more_than"),
                at_least=raw.get("at_least"),
                label=str(raw.get("label", "")),
            )
        self.fail(where, f"适用范围（applies）无法识别：{raw}")
        return Applicability()

    def node(self, raw: Any, *, parent: Requirement | None, depth: int) -> Requirement:
        if not isinstance(raw, dict) or not raw.get("key"):
            self.fail("", f"要求缺少 key：{raw!r:.80}")
            return Requirement(key="?", title="", clause="")
        key = str(raw["key"])
        where = f"要求 {key}"
        if key in self.keys:
            self.fail(where, "key 重复")
        self.keys.add(key)
        for name in ("title", "clause"):
            if not raw.get(name):
                self.fail(where, f"缺少「{name}」")
        node = Requirement(
            key=key,
            title=str(raw.get("title", "")),
            clause=str(raw.get("clause", "")),
            excerpt=str(raw.get("excerpt") or ""),
            obligation=str(raw.get("obligation") or ""),
            applies=self.applies(where, raw.get("applies")),
            note=str(raw.get("note") or ""),
            selection=raw.get("selection", "all"),
            addressee=str(raw.get("addressee") or Addressee.SOCIETY),
            due_on=self.date(where, "due_on", raw["due_on"]) if raw.get("due_on") else None,
            period=str(raw.get("period") or ""),
            parent_key=parent.key if parent else "",
            depth=depth,
        )
        if node.addressee not in Addressee.values:
            self.fail(where, f"addressee「{node.addressee}」无效")
        if node.period and node.period not in Period.values:
            self.fail(where, f"period「{node.period}」无效，应为 {'/'.join(Period.values)}")
        if node.obligation and node.obligation not in Obligation.values:
            self.fail(
                where, f"obligation「{node.obligation}」无效，应为 {'/'.join(Obligation.values)}"
            )
        node.children = [
            self.node(c, parent=node, depth=depth + 1) for c in raw.get("children") or []
        ]
        if raw.get("decide") is not None:
            node.decision = self.decision(where, raw["decide"])
        self.check_node(where, node)
        return node

    def check_node(self, where: str, node: Requirement) -> None:
        if not node.children and node.decision is None:
            self.fail(where, "没有下级要求时必须写明如何核验（decide）")
        if node.decision is not None and node.addressee == Addressee.SOCIETY:
            if not node.obligation:
                self.fail(where, "核验项必须写明 obligation（mandatory / expected / encouraged）")
            if not node.excerpt:
                self.fail(where, "核验项必须摘录条文原文（excerpt）")
        self.check_selection(where, node)

    def check_selection(self, where: str, node: Requirement) -> None:
        selection = node.selection
        child_keys = {child.key for child in node.children}
        if selection == "all":
            return
        if isinstance(selection, dict) and isinstance(selection.get("at_least"), int):
            if not 0 < selection["at_least"] <= len(child_keys):
                self.fail(where, f"at_least 应在1到下级要求数（{len(child_keys)}）之间")
            return
        if isinstance(selection, dict) and isinstance(selection.get("required"), list):
            unknown = [key for key in selection["required"] if key not in child_keys]
            if unknown or not selection["required"]:
                self.fail(where, f"required 中的要求不是本项的下级：{unknown}")
            return
        self.fail(where, f"selection 无法识别：{selection}")

    def decision(self, where: str, raw: Any) -> Decision | None:
        if not isinstance(raw, dict) or raw.get("by") not in DecisionKind.values:
            self.fail(where, f"decide.by 应为 {'/'.join(DecisionKind.values)}")
            return None
        by = raw["by"]
        if by == DecisionKind.AUTOMATIC:
            self.check_known(where, raw.get("check"), raw.get("params") or {})
            if not raw.get("fact"):
                self.fail(where, "自动核验须写明事实（fact）")
        kinds = []
        if by == DecisionKind.DOCUMENT:
            for label in raw.get("kinds") or []:
                if label not in RULE_KIND_BY_LABEL:
                    self.fail(where, f"未知的制度类型「{label}」")
                else:
                    kinds.append(RULE_KIND_BY_LABEL[label])
            if not kinds:
                self.fail(where, "制度核验须写明制度类型（kinds）")
            if raw.get("require", Require.ANY) not in Require._value2member_map_:
                self.fail(where, "require 应为 any 或 all")
        if by == DecisionKind.EVIDENCE and not raw.get("evidence"):
            self.fail(where, "佐证核验须说明需要的材料（evidence）")
        return Decision(
            by=by,
            fact=str(raw.get("fact") or ""),
            check=str(raw.get("check") or ""),
            params=dict(raw.get("params") or {}),
            kinds=tuple(kinds),
            require=Require(raw.get("require", Require.ANY))
            if raw.get("require", Require.ANY) in Require._value2member_map_
            else Require.ANY,
            since_effective=bool(raw.get("since_effective")),
            evidence=str(raw.get("evidence") or ""),
            show=tuple(raw.get("show") or ()),
        )

    def check_known(self, where: str, name: Any, params: dict) -> None:
        """The check is registered, and takes exactly the parameters given (all it requires)."""
        from .checks import CHECKS

        registered = CHECKS.get(name) if isinstance(name, str) else None
        if registered is None:
            self.fail(where, f"未知的核验函数「{name}」")
            return
        given = set(params) if isinstance(params, dict) else set()
        if unknown := sorted(given - registered.params):
            known = "、".join(sorted(registered.params)) or "无"
            self.fail(where, f"核验函数「{name}」没有参数：{'、'.join(unknown)}（可用：{known}）")
        if missing := sorted(registered.required - given):
            self.fail(where, f"核验函数「{name}」缺少参数：{'、'.join(missing)}")

    def check_params(self, spec: FrameworkSpec) -> None:
        for node in spec.walk():
            if node.decision is None:
                continue
            for name, value in node.decision.params.items():
                if (
                    isinstance(value, str)
                    and value.startswith("$")
                    and value[1:] not in spec.parameters
                ):
                    self.fail(f"要求 {node.key}", f"参数「{name}」引用了未定义的框架参数 {value}")


def parse_framework(data: dict) -> FrameworkSpec:
    """Validate a framework's data and build it; raises FrameworkError listing every problem."""
    return _Parser(data).parse()


def json_safe(value: Any) -> Any:
    """The YAML data with dates as ISO strings, to be stored as JSON."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
