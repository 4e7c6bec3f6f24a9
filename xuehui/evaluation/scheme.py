"""An indicator system's definition (the YAML of `evaluation/library/`, the JSON the database
keeps) read into plain objects and checked, every problem said in Chinese. The format is
documented in `docs/evaluation-schemes.md`."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from xuehui.rules.facts.base import FACT_LABELS

from .choices import Method, Tier

MAX_LEVEL = 4
# What a rule leaf earns per engine status, as a share of its points, unless the scheme says.
STATUS_SHARES = {
    "pass": Decimal(1),
    "not_applicable": Decimal(1),
    "fail": Decimal(0),
    "needs_evidence": Decimal(0),
    "needs_review": Decimal(0),
    "pending": Decimal(0),
}
# What a verdict leaf earns per state of the campaign's item (passed / failed / anything else).
VERDICT_SHARES = {"passed": Decimal(1), "failed": Decimal(0), "other": Decimal(0)}


class SchemeError(ValueError):
    """The definition cannot be used; `problems` lists every reason, in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass(frozen=True)
class Band:
    min: Decimal | None
    max: Decimal | None
    score: Decimal

    def holds(self, value: Decimal) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def text(self) -> str:
        if self.min is not None and self.min == self.max:
            return _num(self.min)
        if self.min is not None and self.max is not None:
            return f"{_num(self.min)}～{_num(self.max)}"
        if self.min is not None:
            return f"≥{_num(self.min)}"
        return f"≤{_num(self.max)}"


@dataclass(frozen=True)
class Steps:
    """专职工作人员 3 points for one, +1 per further, at most 5: from 1, base 3, each 1, max 5."""

    start: Decimal
    base: Decimal
    each: Decimal
    max: Decimal

    def score(self, value: Decimal) -> Decimal:
        if value < self.start:
            return Decimal(0)
        return min(self.max, self.base + (value - self.start) * self.each)


@dataclass
class Indicator:
    code: str
    name: str
    points: Decimal
    level: int
    clause: str = ""
    note: str = ""
    children: list["Indicator"] = field(default_factory=list)
    method: str = ""
    ref: str = ""  # rule / verdict: "framework:requirement"
    ref_label: str = ""  # how people read it: 湖北实施意见 四（一）2「理事会3/4以上…」
    fact: str = ""
    bands: list[Band] = field(default_factory=list)
    steps: Steps | None = None
    mandatory: bool = False

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def requirement(self) -> str:
        return self.ref_label or f"要求 {self.ref}"

    @property
    def method_label(self) -> str:
        return Method(self.method).label if self.method else ""

    def how(self) -> str:
        """How the leaf is scored, in a sentence."""
        if self.method == Method.RULE:
            return f"按{self.requirement}的自动核验结果计分"
        if self.method == Method.VERDICT:
            return f"按评估检查中{self.requirement}的评审结论计分"
        if self.method == Method.EXPERT:
            return "专家按得分率打分（专家多于3人时去掉一个最高分和一个最低分）"
        label = FACT_LABELS.get(self.fact, self.fact)
        if self.steps:
            s = self.steps
            return (
                f"{label}：达到{_num(s.start)}得{_num(s.base)}分，每增加1再加{_num(s.each)}分，"
                f"最多{_num(s.max)}分"
            )
        bands = "，".join(f"{b.text()}得{_num(b.score)}分" for b in self.bands)
        return f"{label}：{bands}，其余0分"


@dataclass
class Classification:
    key_support_min: Decimal | None = None
    key_support_quota: int | None = None
    cultivate_min: Decimal | None = None
    cultivate_quota: int | None = None
    restructure_below: Decimal | None = None
    veto_no_party: bool = True
    veto_overdue_grace_days: int | None = 0
    veto_failed_mandatory: bool = True
    party_fact: str = "party.organisation_formal"
    targets: dict[str, int] = field(default_factory=dict)
    target_period: str = ""

    @property
    def is_set(self) -> bool:
        return any(
            v is not None
            for v in (
                self.key_support_min,
                self.key_support_quota,
                self.cultivate_min,
                self.cultivate_quota,
                self.restructure_below,
            )
        )


@dataclass(frozen=True)
class StarLevel:
    stars: int
    min_score: Decimal
    requires: tuple[tuple[str, Decimal], ...] = ()


@dataclass
class StarScheme:
    levels: list[StarLevel]
    valid_years: int = 3
    applicants_only: bool = False
    need_party: bool = True
    need_no_overdue_term: bool = True


@dataclass
class Scheme:
    key: str
    name: str
    year: int | None
    indicators: list[Indicator]
    weights_note: str = ""
    source: str = ""
    federation: str = ""
    status_shares: dict[str, Decimal] = field(default_factory=lambda: dict(STATUS_SHARES))
    verdict_shares: dict[str, Decimal] = field(default_factory=lambda: dict(VERDICT_SHARES))
    false_answers_zero_at: int | None = None
    false_answers_level: int = 1
    classification: Classification = field(default_factory=Classification)
    stars: StarScheme | None = None
    publicity_days: int = 7
    answer_days: int = 15
    peer_objections: bool = False

    def walk(self) -> Iterator[Indicator]:
        def down(nodes):
            for node in nodes:
                yield node
                yield from down(node.children)

        return down(self.indicators)

    def leaves(self) -> list[Indicator]:
        return [node for node in self.walk() if node.is_leaf]

    def find(self, code: str) -> Indicator | None:
        return next((node for node in self.walk() if node.code == code), None)

    @property
    def total_points(self) -> Decimal:
        return sum((node.points for node in self.indicators), Decimal(0))

    def refs(self) -> set[str]:
        return {leaf.ref for leaf in self.leaves() if leaf.method == Method.RULE}

    def verdict_refs(self) -> set[str]:
        return {leaf.ref for leaf in self.leaves() if leaf.method == Method.VERDICT}

    def facts_used(self) -> set[str]:
        return {leaf.fact for leaf in self.leaves() if leaf.method == Method.FACT}


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


class _Reader:
    """Reads a definition, collecting every problem instead of stopping at the first."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, text: str) -> None:
        self.problems.append(text)

    def decimal(self, value: Any, where: str, *, allow_none: bool = False) -> Decimal | None:
        if value is None or value == "":
            if not allow_none:
                self.fail(f"{where}缺少数值")
            return None
        if isinstance(value, bool):
            self.fail(f"{where}应为数字，不是“{value}”")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(f"{where}应为数字，不是“{value}”")
            return None
        if not number.is_finite():
            self.fail(f"{where}应为数字，不是“{value}”")
            return None
        return number

    def integer(self, value: Any, where: str, *, allow_none: bool = True) -> int | None:
        number = self.decimal(value, where, allow_none=allow_none)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 0:
            self.fail(f"{where}应为非负整数，不是“{value}”")
            return None
        return int(number)

    def mapping(self, value: Any, where: str) -> Mapping:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(f"{where}应为键值表")
            return {}
        return value

    def flag(self, value: Any, where: str, default: bool) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.fail(f"{where}应为 true 或 false")
        return default


def parse(data: Any, *, frameworks: Mapping[str, Any] | None = None) -> Scheme:
    """Read a definition. `frameworks` (key → FrameworkSpec), when given, is used to check that
    every rule and verdict leaf names a requirement that exists."""
    r = _Reader()
    if not isinstance(data, Mapping):
        raise SchemeError(["指标体系定义应为键值表（YAML 映射）"])
    key = str(data.get("key") or "").strip()
    if not key:
        r.fail("缺少指标体系代码（key）")
    elif not all(c.isascii() and (c.isalnum() or c in "-_") for c in key) or len(key) > 40:
        r.fail(f"指标体系代码“{key}”只能由字母、数字、连字符组成，至多40个字符")
    name = str(data.get("name") or "").strip()
    if not name:
        r.fail("缺少指标体系名称（name）")
    year = r.integer(data.get("year"), "考核年度（year）")
    if year is not None and not 2000 <= year <= 2100:
        r.fail(f"考核年度（year）{year}不在2000～2100年之间")
    codes: set[str] = set()
    raw = data.get("indicators")
    if not isinstance(raw, list) or not raw:
        r.fail("缺少指标（indicators），应为列表")
        raw = []
    indicators = [_indicator(r, item, 1, codes, frameworks) for item in raw]
    scheme = Scheme(
        key=key,
        name=name,
        year=year,
        indicators=[i for i in indicators if i is not None],
        weights_note=str(data.get("weights_note") or "").strip(),
        source=str(data.get("source") or "").strip(),
        federation=str(data.get("federation") or "").strip(),
    )
    _shares(r, data, scheme)
    _false_answers(r, data, scheme)
    scheme.classification = _classification(r, data.get("classification"), scheme)
    scheme.stars = _stars(r, data.get("stars"))
    publicity = r.mapping(data.get("publicity"), "公示设置（publicity）")
    scheme.publicity_days = r.integer(publicity.get("days"), "公示天数") or 7
    scheme.answer_days = r.integer(publicity.get("answer_days"), "异议答复期限") or 15
    scheme.peer_objections = r.flag(
        publicity.get("peer_objections"), "允许对其他学会提出异议（peer_objections）", False
    )
    unknown = set(data) - TOP_KEYS
    for extra in sorted(unknown, key=str):
        r.fail(f"无法识别的设置“{extra}”")
    if r.problems:
        raise SchemeError(r.problems)
    return scheme


# The sections after the tree; with the plain keys, every key a definition may have.
SECTIONS = ("rule_statuses", "verdicts", "false_answers", "classification", "stars", "publicity")
TOP_KEYS = {"key", "name", "year", "federation", "weights_note", "source", "indicators", *SECTIONS}
LEAF_KEYS = {"rule", "fact", "verdict", "expert"}
NODE_KEYS = {"code", "name", "points", "clause", "note", "children", "mandatory", "bands", "steps"}


def _indicator(r: _Reader, item: Any, level: int, codes: set[str], frameworks) -> Indicator | None:
    if not isinstance(item, Mapping):
        r.fail(f"第{level}级指标应为键值表")
        return None
    code = str(item.get("code") or "").strip()
    where = f"指标“{code or item.get('name') or '?'}”"
    if not code:
        r.fail(f"{where}缺少编号（code）")
    elif code in codes:
        r.fail(f"指标编号“{code}”重复")
    codes.add(code)
    name = str(item.get("name") or "").strip()
    if not name:
        r.fail(f"{where}缺少名称（name）")
    if level > MAX_LEVEL:
        r.fail(f"{where}超过{MAX_LEVEL}级，指标体系至多{MAX_LEVEL}级")
    points = r.decimal(item.get("points"), f"{where}的分值（points）")
    if points is not None and points < 0:
        r.fail(f"{where}的分值不能为负数")
    node = Indicator(
        code=code,
        name=name,
        points=points if points is not None else Decimal(0),
        level=level,
        clause=str(item.get("clause") or "").strip(),
        note=str(item.get("note") or "").strip(),
    )
    for extra in sorted(set(item) - NODE_KEYS - LEAF_KEYS, key=str):
        r.fail(f"{where}有无法识别的设置“{extra}”")
    children = item.get("children")
    methods = [m for m in ("rule", "fact", "verdict", "expert") if item.get(m) not in (None, False)]
    if children:
        if methods:
            r.fail(f"{where}有下级指标，不能再设计分方式（{'、'.join(methods)}）")
        if not isinstance(children, list):
            r.fail(f"{where}的下级指标（children）应为列表")
            return node
        node.children = [
            c for c in (_indicator(r, c, level + 1, codes, frameworks) for c in children) if c
        ]
        total = sum((c.points for c in node.children), Decimal(0))
        if points is not None and total != points:
            r.fail(f"{where}分值为{_num(points)}，下级指标分值之和为{_num(total)}，两者应相等")
        return node
    if len(methods) != 1:
        r.fail(
            f"{where}是末级指标，应且只应设一种计分方式："
            "rule（规则计算）、fact（统计项）、verdict（评估检查结论）或 expert（专家打分）"
        )
        return node
    node.method = methods[0]
    if node.method in (Method.RULE, Method.VERDICT):
        node.ref = str(item[node.method]).strip()
        node.ref_label = _check_ref(r, where, node.ref, frameworks)
        node.mandatory = r.flag(item.get("mandatory"), f"{where}的 mandatory", False)
    elif node.method == Method.FACT:
        node.fact = str(item["fact"]).strip()
        if node.fact not in FACT_LABELS:
            r.fail(f"{where}的统计项“{node.fact}”不是平台已知的数据项")
        _scale(r, where, item, node)
    elif item["expert"] is not True:
        r.fail(f"{where}的 expert 应写作 true")
    if node.method != Method.FACT and (item.get("bands") or item.get("steps")):
        r.fail(f"{where}只有统计项（fact）才能设分档（bands）或递增（steps）")
    return node


def _check_ref(r: _Reader, where: str, ref: str, frameworks) -> str:
    """Checks the reference; returns how people read it (the framework's short name, the
    clause and the requirement's title) when the framework is known."""
    framework, _, requirement = ref.partition(":")
    if not framework or not requirement:
        r.fail(f"{where}的要求“{ref}”应写作“框架代码:条目编号”")
        return ""
    if frameworks is None:
        return ""
    spec = frameworks.get(framework)
    node = spec.find(requirement) if spec is not None else None
    if spec is None:
        r.fail(f"{where}引用的政策框架“{framework}”不存在")
    elif node is None:
        r.fail(f"{where}引用的条目“{requirement}”不在政策框架“{framework}”中")
    else:
        return f"{spec.name} {node.clause}「{node.title}」"
    return ""


def _scale(r: _Reader, where: str, item: Mapping, node: Indicator) -> None:
    bands, steps = item.get("bands"), item.get("steps")
    if bool(bands) == bool(steps):
        r.fail(f"{where}是统计项，应设分档（bands）或递增（steps）之一")
        return
    if steps:
        s = r.mapping(steps, f"{where}的递增（steps）")
        values = [
            r.decimal(s.get(k), f"{where}的 steps.{k}") for k in ("from", "base", "each", "max")
        ]
        if None in values:
            return
        start, base, each, most = values
        assert start is not None and base is not None and each is not None and most is not None
        node.steps = Steps(start=start, base=base, each=each, max=most)
        if most > node.points:
            r.fail(f"{where}递增的上限{_num(most)}分超过指标分值{_num(node.points)}分")
        return
    if not isinstance(bands, list):
        r.fail(f"{where}的分档（bands）应为列表")
        return
    for n, band in enumerate(bands, start=1):
        b = r.mapping(band, f"{where}第{n}档")
        low = r.decimal(b.get("min"), f"{where}第{n}档的下限", allow_none=True)
        high = r.decimal(b.get("max"), f"{where}第{n}档的上限", allow_none=True)
        score = r.decimal(b.get("score"), f"{where}第{n}档的得分")
        if low is None and high is None:
            r.fail(f"{where}第{n}档应设下限（min）或上限（max）")
            continue
        if low is not None and high is not None and low > high:
            r.fail(f"{where}第{n}档下限{_num(low)}大于上限{_num(high)}")
        if score is None:
            continue
        if score > node.points or score < 0:
            r.fail(f"{where}第{n}档得分{_num(score)}应在0到指标分值{_num(node.points)}之间")
        node.bands.append(Band(min=low, max=high, score=score))


def _shares(r: _Reader, data: Mapping, scheme: Scheme) -> None:
    for name, target, allowed in (
        ("rule_statuses", scheme.status_shares, STATUS_SHARES),
        ("verdicts", scheme.verdict_shares, VERDICT_SHARES),
    ):
        given = r.mapping(data.get(name), name)
        for status, share in given.items():
            if status not in allowed:
                r.fail(f"{name} 中的“{status}”不是可用的结果（可用：{'、'.join(allowed)}）")
                continue
            value = r.decimal(share, f"{name}.{status}")
            if value is not None and not 0 <= value <= 1:
                r.fail(f"{name}.{status} 应为0到1之间的得分比例")
            elif value is not None:
                target[status] = value


def _false_answers(r: _Reader, data: Mapping, scheme: Scheme) -> None:
    given = r.mapping(data.get("false_answers"), "虚假认定（false_answers）")
    scheme.false_answers_zero_at = r.integer(
        given.get("zero_indicator_at"), "false_answers.zero_indicator_at"
    )
    if scheme.false_answers_zero_at == 0:
        r.fail("false_answers.zero_indicator_at 应至少为1")
    level = r.integer(given.get("level"), "false_answers.level")
    if level is not None:
        if not 1 <= level <= MAX_LEVEL:
            r.fail(f"false_answers.level 应在1到{MAX_LEVEL}之间")
        scheme.false_answers_level = level


def _classification(r: _Reader, given: Any, scheme: Scheme) -> Classification:
    c = Classification()
    data = r.mapping(given, "分类设置（classification）")
    for tier in data:
        if tier not in ("key_support", "cultivate", "restructure", "vetoes", "targets"):
            r.fail(f"分类设置中无法识别的“{tier}”")
    key = r.mapping(data.get("key_support"), "classification.key_support")
    c.key_support_min = r.decimal(key.get("min_score"), "重点支持的最低分", allow_none=True)
    c.key_support_quota = r.integer(key.get("quota"), "重点支持的名额")
    cultivate = r.mapping(data.get("cultivate"), "classification.cultivate")
    c.cultivate_min = r.decimal(cultivate.get("min_score"), "培育扶持的最低分", allow_none=True)
    c.cultivate_quota = r.integer(cultivate.get("quota"), "培育扶持的名额")
    restructure = r.mapping(data.get("restructure"), "classification.restructure")
    c.restructure_below = r.decimal(
        restructure.get("below_score"), "重组淘汰的分数线", allow_none=True
    )
    if (
        c.key_support_min is not None
        and c.cultivate_min is not None
        and c.cultivate_min > c.key_support_min
    ):
        r.fail("培育扶持的最低分不应高于重点支持的最低分")
    vetoes = r.mapping(data.get("vetoes"), "classification.vetoes")
    c.veto_no_party = r.flag(
        vetoes.get("no_party_organisation"), "vetoes.no_party_organisation", True
    )
    grace = vetoes.get("overdue_term_grace_days", 0)
    c.veto_overdue_grace_days = (
        None if grace is False else r.integer(grace, "vetoes.overdue_term_grace_days")
    )
    c.veto_failed_mandatory = r.flag(
        vetoes.get("failed_mandatory"), "vetoes.failed_mandatory", True
    )
    party_fact = str(vetoes.get("party_fact") or c.party_fact)
    if party_fact not in FACT_LABELS or not party_fact.startswith("party."):
        r.fail(f"vetoes.party_fact“{party_fact}”不是党组织数据项")
    c.party_fact = party_fact
    targets = r.mapping(data.get("targets"), "classification.targets")
    for tier in (Tier.KEY_SUPPORT, Tier.CULTIVATE, Tier.RESTRUCTURE):
        if targets.get(tier.value) is not None:
            number = r.integer(targets.get(tier.value), f"targets.{tier.value}")
            if number is not None:
                c.targets[tier.value] = number
    c.target_period = str(targets.get("period") or "").strip()
    return c


def _stars(r: _Reader, given: Any) -> StarScheme | None:
    if given is None:
        return None
    data = r.mapping(given, "星级设置（stars）")
    levels: list[StarLevel] = []
    raw = data.get("levels")
    if not isinstance(raw, list) or not raw:
        r.fail("星级设置缺少等级（stars.levels）")
        raw = []
    for n, item in enumerate(raw, start=1):
        level = r.mapping(item, f"星级第{n}项")
        stars = r.integer(level.get("stars"), f"星级第{n}项的星数", allow_none=False)
        if stars is not None and not 1 <= stars <= 5:
            r.fail(f"星级第{n}项的星数应为1～5")
            continue
        low = r.decimal(level.get("min_score"), f"{stars}星的最低分")
        requires = []
        for fact, minimum in r.mapping(level.get("requires"), f"{stars}星的规模条件").items():
            if fact not in FACT_LABELS:
                r.fail(f"{stars}星的规模条件“{fact}”不是平台已知的数据项")
                continue
            value = r.decimal(minimum, f"{stars}星的规模条件“{fact}”")
            if value is not None:
                requires.append((str(fact), value))
        if stars is not None and low is not None:
            levels.append(StarLevel(stars=stars, min_score=low, requires=tuple(requires)))
    if len({lv.stars for lv in levels}) != len(levels):
        r.fail("星级等级的星数重复")
    minimum = r.mapping(data.get("minimum"), "stars.minimum")
    rate = data.get("rate", "all")
    if rate not in ("all", "applicants"):
        r.fail("stars.rate 应为 all（科协评定全部学会）或 applicants（仅评定申请的学会）")
    valid_years = r.integer(data.get("valid_years"), "星级有效年数")
    if valid_years == 0:
        r.fail("星级有效年数应至少为1")
    return StarScheme(
        levels=sorted(levels, key=lambda lv: -lv.stars),
        valid_years=valid_years or 3,
        applicants_only=rate == "applicants",
        need_party=r.flag(
            minimum.get("party_organisation"), "stars.minimum.party_organisation", True
        ),
        need_no_overdue_term=r.flag(
            minimum.get("no_overdue_term"), "stars.minimum.no_overdue_term", True
        ),
    )
