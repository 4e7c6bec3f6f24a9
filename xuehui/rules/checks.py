"""Checks: small pure functions keyed by name, parameterised from the framework data.

Each takes the society's facts, the fact name the requirement names, its parameters and
the context (date, framework parameters) and returns an Outcome whose explanation, in
Chinese, carries the actual and expected values and what it would take to pass. A check
that needs a fact nobody knows lets MissingFact through: the engine turns it into
“待补充材料” with the reason.
"""

import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from xuehui.governance.choices import Office, Selection
from xuehui.governance.composition import BODY_LABELS, PART_LABELS

from .choices import Status
from .facts.base import FACT_LABELS, Facts

CHINESE_FRACTIONS = {
    Fraction(3, 4): "四分之三",
    Fraction(2, 3): "三分之二",
    Fraction(1, 3): "三分之一",
    Fraction(1, 2): "二分之一",
}
MEMBER_NOUNS = {"council": "理事", "standing_council": "常务理事"}


@dataclass(slots=True)
class Outcome:
    status: str
    explanation: str
    actual: str = ""
    expected: str = ""
    people: list = field(default_factory=list)


@dataclass(frozen=True)
class CheckContext:
    on: dt.date
    effective_on: dt.date
    young_age: int = 45
    year: int = 0  # the calendar year judged (the date's year)
    year_complete: bool = False  # the date is 31 December: the whole year is judged


@dataclass(frozen=True)
class Check:
    """A registered check: its pure function, the parameters it takes (`required` ones must
    be given; a framework naming any other is refused when it loads) and what it measures in
    the words of the documents (`describe(params, fact)`, for the framework pages)."""

    name: str
    run: Callable[..., Outcome]
    describe: Callable[[dict, str], str]
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    # The status alone, without the sentence (rules/statuses.py), for the checks the library
    # uses most; the others' status is read from their outcome.
    status: Callable[..., str] | None = None
    # The status alone for one requirement's fact and parameters, bound once
    # (`compile(fact, params, ctx)` → a function of the facts): for the checks most
    # requirements use, judged for every society by the compiled statuses path.
    compile: Callable[[str, dict, "CheckContext"], Callable[[Facts], str]] | None = None

    @property
    def params(self) -> frozenset[str]:
        return self.required | self.optional

    def __call__(self, facts: Facts, fact: str, params: dict, ctx: "CheckContext") -> Outcome:
        return self.run(facts, fact, params, ctx)

    def judge(self, facts: Facts, fact: str, params: dict, ctx: "CheckContext") -> str:
        """The status `run` would give, without writing its explanation when it can."""
        if self.status is not None:
            return self.status(facts, fact, params, ctx)
        return self.run(facts, fact, params, ctx).status


CHECKS: dict[str, Check] = {}


def check(
    name: str,
    *,
    describe: Callable[[dict, str], str],
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
):
    """Register a check under `name`, with its parameters and its description."""

    def register(fn):
        CHECKS[name] = Check(name, fn, describe, frozenset(required), frozenset(optional))
        return fn

    return register


def status_of(name: str):
    """Register the status-only twin of the check `name` (the same status, no sentence; a test
    compares both over the demo data and boundary societies)."""

    def register(fn):
        CHECKS[name] = replace(CHECKS[name], status=fn)
        return fn

    return register


def compiled_status(name: str):
    """Register the compiled form of the check `name`'s status (the same status as its twin;
    a test compares both with the check over the demo data and boundary societies)."""

    def register(fn):
        CHECKS[name] = replace(CHECKS[name], compile=fn)
        return fn

    return register


def fact_label(fact: str) -> str:
    """The fact in Chinese; never its key."""
    return FACT_LABELS.get(fact, "相关数据")


def body_label(fact: str) -> str:
    return BODY_LABELS.get(fact, fact_label(fact))


def part_label(part: str) -> str:
    return PART_LABELS.get(part, "相关人员")


def _describe_growth(p: dict, fact: str) -> str:
    base, threshold = p.get("baseline_year"), p.get("threshold")
    growth = 1 + float(p.get("growth", 0))
    return (
        f"{base}年底会员不超过{threshold}人的，现有会员不少于其{growth:g}倍；"
        f"超过{threshold}人的，多于{base}年底"
    )


def ratio(value: Any) -> Fraction:
    """“3/4”, 0.75 or 3/4 as an exact fraction."""
    return Fraction(str(value))


def ratio_text(r: Fraction) -> str:
    return f"{r.numerator}/{r.denominator}"


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%"


def measure(noun: str) -> str:
    """The measure word a noun phrase starts with (名、次、项、个), for “还差2名”."""
    return noun[0] if noun[:1] in "名次项个人" else ""


def part_noun(part: str, ctx: CheckContext) -> str:
    """The part counted, with the age that makes a person young in this framework."""
    if part == "young":
        return f"{PART_LABELS['young']}（{ctx.young_age}周岁及以下）"
    return part_label(part)


def people_names(people: list[dict]) -> list[str]:
    return [
        f"{p['name']}（{p['office_label']}）" if p.get("office_label") else p["name"]
        for p in people
    ]


# ---- ratios and shares -------------------------------------------------------------------


def additions_needed(k: int, n: int, r: Fraction) -> int:
    """Fewest people x to add, all of the kind, so that (k + x) / (n + x) ≥ r."""
    if Fraction(k, n) >= r:
        return 0
    return math.ceil((r * n - k) / (1 - r))


def switches_needed(k: int, n: int, r: Fraction) -> int:
    """Fewest members y to replace by (or re-classify as) the kind so that (k + y) / n ≥ r."""
    return max(0, math.ceil(r * n - k))


@check(
    "ratio_at_least",
    required=("part", "ratio"),
    describe=lambda p, fact: (
        f"{body_label(fact)}中{part_label(p.get('part', ''))}占比不低于{p.get('ratio')}（含本数）"
    ),
)
def ratio_at_least(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """理事会3/4以上为一线: share of `part` in the body `fact` at least `ratio` (以上 includes it)."""
    part, r = params["part"], ratio(params["ratio"])
    n, k = facts.need(f"{fact}.size"), facts.need(f"{fact}.{part}")
    body = BODY_LABELS.get(fact, fact)
    expected = f"不低于{ratio_text(r)}"
    if n == 0:
        if fact == "standing_council":
            return Outcome(
                Status.NOT_APPLICABLE,
                "未设常务理事会（核验日期无在任常务理事），本项不适用。",
                "0人",
                expected,
            )
        return Outcome(
            Status.FAIL, f"核验日期{body}没有在任成员，无法达到{ratio_text(r)}。", "0人", expected
        )
    noun = part_noun(part, ctx)
    actual = f"{k}/{n}（{percent(k, n)}）"
    head = f"{body}{n}人中{noun}{k}人，占{percent(k, n)}"
    if Fraction(k, n) >= r:
        return Outcome(Status.PASS, f"{head}，不低于{ratio_text(r)}。", actual, expected)
    unknown = facts.get(f"{fact}.{part}_unknown", 0)
    if unknown and Fraction(k + unknown, n) >= r:
        # 未填 is not 否: the result depends on people whose trait nobody has recorded.
        return Outcome(
            Status.NEEDS_EVIDENCE,
            f"{head}，低于{ratio_text(r)}；但有{unknown}人未填写是否为{noun}，"
            f"补填后才能判断是否达到{ratio_text(r)}。",
            actual,
            expected,
        )
    x, y = additions_needed(k, n, r), switches_needed(k, n, r)
    member = MEMBER_NOUNS.get(fact, "成员")
    short = noun.split("（")[0]
    if part == "frontline":
        remedy = f"需再增加{x}名{short}，或将{y}名非一线{member}调整为一线"
    else:
        remedy = f"需再增加{x}名{short}，或以{y}名{short}替换现有{member}"
    return Outcome(Status.FAIL, f"{head}，低于{ratio_text(r)}；{remedy}。", actual, expected)


@functools.cache
def _ratio_of(text: str) -> Fraction:
    return Fraction(text)


@status_of("ratio_at_least")
def ratio_at_least_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    part, r = params["part"], _ratio_of(str(params["ratio"]))
    n, k = facts.need(f"{fact}.size"), facts.need(f"{fact}.{part}")
    if n == 0:
        return Status.NOT_APPLICABLE if fact == "standing_council" else Status.FAIL
    if Fraction(k, n) >= r:
        return Status.PASS
    unknown = facts.get(f"{fact}.{part}_unknown", 0)
    if unknown and Fraction(k + unknown, n) >= r:
        return Status.NEEDS_EVIDENCE
    return Status.FAIL


@compiled_status("ratio_at_least")
def ratio_at_least_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    r = _ratio_of(str(params["ratio"]))
    size, part, unknown = (
        f"{fact}.size",
        f"{fact}.{params['part']}",
        f"{fact}.{params['part']}_unknown",
    )
    empty = Status.NOT_APPLICABLE if fact == "standing_council" else Status.FAIL
    numerator, denominator = r.numerator, r.denominator

    def status(facts: Facts) -> str:
        n, k = facts.need(size), facts.need(part)
        if n == 0:
            return empty
        if type(n) is int and type(k) is int and n > 0:  # k/n ≥ r without making a Fraction
            reached = k * denominator >= numerator * n
        else:
            reached = Fraction(k, n) >= r
        if reached:
            return Status.PASS
        missing = facts.get(unknown, 0)
        if missing and Fraction(k + missing, n) >= r:
            return Status.NEEDS_EVIDENCE
        return Status.FAIL

    return status


@check(
    "share_for_review",
    required=("part",),
    optional=("noun", "whole"),
    describe=lambda p, fact: (
        f"给出{p.get('whole', '')}中{p.get('noun', '')}的比例，由专家判断“相当比例”"
    ),
)
def share_for_review(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """For 相当比例 and the like: the figures, with the judgement left to an expert."""
    n, k = facts.need(f"{fact}.size"), facts.need(f"{fact}.{params['part']}")
    whole, noun = params.get("whole", fact), params.get("noun") or part_noun(params["part"], ctx)
    if n == 0:
        return Outcome(Status.NEEDS_REVIEW, f"{whole}没有在任人员，请专家判断。", "0人", "相当比例")
    return Outcome(
        Status.NEEDS_REVIEW,
        f"{whole}{n}人中{noun}{k}人，占{percent(k, n)}；文件要求“相当比例”，无量化标准，由专家判断。",
        f"{k}/{n}（{percent(k, n)}）",
        "相当比例（由专家判断）",
    )


@status_of("share_for_review")
def share_for_review_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    # The figures must be there for the expert (a missing one is asked for, as the check does).
    facts.need(f"{fact}.size")
    facts.need(f"{fact}.{params['part']}")
    return Status.NEEDS_REVIEW


@check(
    "size_within_share",
    required=("of", "ratio"),
    optional=("label", "of_label"),
    describe=lambda p, fact: (
        f"{p.get('label', '')}不超过{p.get('of_label', '')}的{p.get('ratio')}（含本数）"
    ),
)
def size_within_share(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """常务理事人数控制在理事总人数的三分之一以内 (以内 includes the bound)."""
    size, whole, r = facts.need(fact), facts.need(params["of"]), ratio(params["ratio"])
    label, of_label = params.get("label", fact), params.get("of_label", params["of"])
    if size == 0:
        return Outcome(Status.NOT_APPLICABLE, f"没有在任{label}，本项不适用。", "0人", "")
    limit = r * whole
    expected = f"不超过{of_label}的{ratio_text(r)}（{whole}人的{ratio_text(r)}为{_num(limit)}人）"
    actual = f"{size}人"
    if size <= limit:
        return Outcome(
            Status.PASS,
            f"{label}{size}人，{of_label}{whole}人，在{ratio_text(r)}以内。",
            actual,
            expected,
        )
    excess = size - math.floor(limit)
    return Outcome(
        Status.FAIL,
        f"{label}{size}人，超过{of_label}{whole}人的{ratio_text(r)}（{_num(limit)}人）；需减少{excess}名{label}，"
        f"或理事总人数增加到{math.ceil(size / r)}人以上。",
        actual,
        expected,
    )


@status_of("size_within_share")
def size_within_share_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    size, whole, r = facts.need(fact), facts.need(params["of"]), ratio(params["ratio"])
    if size == 0:
        return Status.NOT_APPLICABLE
    return Status.PASS if size <= r * whole else Status.FAIL


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.1f}"


@check(
    "council_within_share_of_congress",
    required=("ratio",),
    describe=lambda p, fact: (
        f"理事人数不超过会员代表（会员大会制为全体会员）的{p.get('ratio')}（含本数）"
    ),
)
def council_within_share_of_congress(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> Outcome:
    """理事人数控制在会员代表人数的三分之一以内; with a 会员大会, of all members."""
    from xuehui.members.choices import CongressForm

    size, r = facts.need(fact), ratio(params["ratio"])
    form = facts.need("congress.form")
    if form == CongressForm.REPRESENTATIVE:
        base, base_label = facts.need("congress.representatives"), "会员代表"
    else:
        base, base_label = facts.need("members.total"), "会员（会员大会制，以全体会员计）"
    limit = r * base
    expected = f"不超过{base_label}{base}人的{ratio_text(r)}（{_num(limit)}人）"
    if size <= limit:
        return Outcome(
            Status.PASS,
            f"理事会{size}人，{base_label}{base}人，在{ratio_text(r)}以内。",
            f"{size}人",
            expected,
        )
    return Outcome(
        Status.FAIL,
        f"理事会{size}人，超过{base_label}{base}人的{ratio_text(r)}（{_num(limit)}人）；需减少{size - math.floor(limit)}名理事。",
        f"{size}人",
        expected,
    )


@compiled_status("council_within_share_of_congress")
def council_within_share_of_congress_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    """Its status without the sentence (the check wrote one for every society judged), the
    facts asked for in the same order."""
    from xuehui.members.choices import CongressForm

    r, representative = ratio(params["ratio"]), CongressForm.REPRESENTATIVE

    def status(facts: Facts) -> str:
        size = facts.need(fact)
        if facts.need("congress.form") == representative:
            base = facts.need("congress.representatives")
        else:
            base = facts.need("members.total")
        return Status.PASS if size <= r * base else Status.FAIL

    return status


# ---- counts and values ---------------------------------------------------------------------


def _requires(facts: Facts, params: dict) -> Outcome | None:
    """A count that only means something once some records exist (`requires`: a fact that must be > 0)."""
    name = params.get("requires")
    if name and not facts.need(name):
        from .facts.base import FACT_LABELS

        return Outcome(
            Status.NEEDS_EVIDENCE,
            f"尚无记录（{FACT_LABELS.get(name, name)}为0），请先录入。",
            "无记录",
            "",
        )
    return None


@check(
    "count_at_least",
    required=("min",),
    optional=("noun", "requires"),
    describe=lambda p, fact: f"{fact_label(fact)}不少于{p.get('min')}（以上、不少于：含本数）",
)
def count_at_least(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """不少于 / 以上 / 至少: the count includes the bound."""
    pending = _requires(facts, params)
    if pending:
        return pending
    value, minimum, noun = facts.need(fact), params["min"], params.get("noun", "")
    actual, expected = f"{value}{noun}", f"不少于{minimum}{noun}"
    if value >= minimum:
        return Outcome(Status.PASS, f"现有{value}{noun}，不少于{minimum}{noun}。", actual, expected)
    return Outcome(
        Status.FAIL,
        f"现有{value}{noun}，要求不少于{minimum}{measure(noun)}；还差{minimum - value}{measure(noun)}。",
        actual,
        expected,
    )


@status_of("count_at_least")
def count_at_least_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    if _requires(facts, params):
        return Status.NEEDS_EVIDENCE
    return Status.PASS if facts.need(fact) >= params["min"] else Status.FAIL


@compiled_status("count_at_least")
def count_at_least_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    requires, minimum = params.get("requires"), params["min"]

    def status(facts: Facts) -> str:
        if requires and not facts.need(requires):
            return Status.NEEDS_EVIDENCE
        return Status.PASS if facts.need(fact) >= minimum else Status.FAIL

    return status


@check(
    "count_more_than",
    required=("value",),
    optional=("noun",),
    describe=lambda p, fact: f"{fact_label(fact)}超过{p.get('value')}（超过：不含本数）",
)
def count_more_than(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """超过: strictly more than the bound."""
    value, bound, noun = facts.need(fact), params["value"], params.get("noun", "")
    actual, expected = f"{value}{noun}", f"超过{bound}{noun}（不含{bound}）"
    if value > bound:
        return Outcome(Status.PASS, f"现有{value}{noun}，超过{bound}{noun}。", actual, expected)
    return Outcome(
        Status.FAIL,
        f"现有{value}{noun}，要求超过{bound}{noun}（不含本数）；还需增加{bound + 1 - value}{measure(noun)}。",
        actual,
        expected,
    )


@compiled_status("count_more_than")
def count_more_than_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    bound = params["value"]
    return lambda facts: Status.PASS if facts.need(fact) > bound else Status.FAIL


@check(
    "count_at_most",
    required=("max",),
    optional=("done", "noun", "remedy", "requires"),
    describe=lambda p, fact: f"{fact_label(fact)}不超过{p.get('max')}（含本数）",
)
def count_at_most(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """不超过 / 以内: the count includes the bound."""
    pending = _requires(facts, params)
    if pending:
        return pending
    value, maximum, noun = facts.need(fact), params["max"], params.get("noun", "")
    if maximum == 0:
        return _none_allowed(value, noun, params)
    actual, expected = f"{value}{noun}", f"不超过{maximum}{noun}"
    if value <= maximum:
        return Outcome(Status.PASS, f"现有{value}{noun}，不超过{maximum}{noun}。", actual, expected)
    return Outcome(
        Status.FAIL,
        f"现有{value}{noun}，要求不超过{maximum}{noun}；需减少{value - maximum}{measure(noun)}。",
        actual,
        expected,
    )


@compiled_status("count_at_most")
def count_at_most_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    requires, maximum = params.get("requires"), params["max"]

    def status(facts: Facts) -> str:
        if requires and not facts.need(requires):
            return Status.NEEDS_EVIDENCE
        value = facts.need(fact)
        if maximum == 0:  # _none_allowed
            return Status.PASS if value == 0 else Status.FAIL
        return Status.PASS if value <= maximum else Status.FAIL

    return status


def _none_allowed(value: int, noun: str, params: dict) -> Outcome:
    """A count that must be zero, said plainly: «现有3名…；需补全这3名人员的资料» (with `remedy`),
    never «不超过0名…；需减少3名», which reads as removing people."""
    actual, expected = f"{value}{noun}", f"0{measure(noun)}"
    if value == 0:
        return Outcome(
            Status.PASS, f"{params.get('done') or f'没有{noun[1:]}'}。", actual, expected
        )
    unit = measure(noun)
    remedy = params.get("remedy", "需减少{n}" + unit).format(n=value)
    return Outcome(Status.FAIL, f"现有{value}{noun}；{remedy}。", actual, expected)


@check(
    "value_at_least",
    required=("min",),
    optional=("label", "unit"),
    describe=lambda p, fact: (
        f"{p.get('label') or fact_label(fact)}{p.get('min')}{p.get('unit', '')}以上（含本数）"
    ),
)
def value_at_least(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """A measured value (area…) at least `min` (以上 includes it)."""
    value, minimum = facts.need(fact), params["min"]
    label, unit = params.get("label", fact), params.get("unit", "")
    actual, expected = f"{value:g}{unit}", f"{minimum:g}{unit}以上（含）"
    if value >= minimum:
        return Outcome(
            Status.PASS, f"{label}{value:g}{unit}，达到{minimum:g}{unit}以上。", actual, expected
        )
    return Outcome(
        Status.FAIL,
        f"{label}{value:g}{unit}，低于{minimum:g}{unit}；还差{minimum - value:g}{unit}。",
        actual,
        expected,
    )


@compiled_status("value_at_least")
def value_at_least_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    minimum = params["min"]
    return lambda facts: Status.PASS if facts.need(fact) >= minimum else Status.FAIL


@check(
    "value_at_most",
    required=("max",),
    optional=("label", "unit"),
    describe=lambda p, fact: (
        f"{p.get('label') or fact_label(fact)}不超过{p.get('max')}{p.get('unit', '')}（含本数）"
    ),
)
def value_at_most(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """A measured value at most `max` (不超过 includes it)."""
    value, maximum = facts.need(fact), params["max"]
    label, unit = params.get("label", fact), params.get("unit", "")
    actual, expected = f"{value:g}{unit}", f"不超过{maximum:g}{unit}"
    if value <= maximum:
        return Outcome(
            Status.PASS, f"{label}{value:g}{unit}，不超过{maximum:g}{unit}。", actual, expected
        )
    return Outcome(
        Status.FAIL,
        f"{label}{value:g}{unit}，超过{maximum:g}{unit}{value - maximum:g}{unit}。",
        actual,
        expected,
    )


@check(
    "exists",
    optional=("label", "missing", "present", "remedy"),
    describe=lambda p, fact: f"有{p.get('label') or fact_label(fact)}",
)
def exists(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """Something is there: a party organisation, an office, an account, a website."""
    value, label = facts.need(fact), params.get("label", fact)
    if value:
        detail = f"：{value}" if isinstance(value, str) else ""
        text = params.get("present") or f"已具备：{label}{detail}"
        return Outcome(Status.PASS, f"{text}。", "是", "是")
    # `missing` says what is absent without a double negative (学会有挂靠单位), `remedy` what to do.
    text = params.get("missing") or f"尚无{label}"
    remedy = params.get("remedy") or f"如已具备，请在平台中登记{label}"
    return Outcome(Status.FAIL, f"{text}；{remedy}。", "否", "是")


@status_of("exists")
def exists_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    return Status.PASS if facts.need(fact) else Status.FAIL


@compiled_status("exists")
def exists_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    return lambda facts: Status.PASS if facts.need(fact) else Status.FAIL


@check(
    "none_listed",
    optional=("done", "label", "remedy", "requires", "unit"),
    describe=lambda p, fact: f"没有{p.get('label') or fact_label(fact)}",
)
def none_listed(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """A list that must be empty (unfiled branches, meetings without minutes…)."""
    pending = _requires(facts, params)
    if pending:
        return pending
    items, label = facts.need(fact), params.get("label", fact)
    names = [item["name"] if isinstance(item, dict) else str(item) for item in items]
    if not names:
        # `done` states the passing case positively (本年度的会议均有会议纪要), no double negative.
        return Outcome(Status.PASS, f"{params.get('done') or f'没有{label}'}。", "0", "0")
    unit = params.get("unit", "个")  # 名 for people, 项 for resolutions, 次 for meetings
    remedy = f"{params['remedy']}。" if params.get("remedy") else ""
    return Outcome(
        Status.FAIL,
        f"有{len(names)}{unit}{label}：{'、'.join(names)}。{remedy}",
        f"{len(names)}{unit}",
        "0",
        people=names,
    )


@status_of("none_listed")
def none_listed_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    if _requires(facts, params):
        return Status.NEEDS_EVIDENCE
    return Status.FAIL if list(facts.need(fact)) else Status.PASS


@compiled_status("none_listed")
def none_listed_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    requires = params.get("requires")

    def status(facts: Facts) -> str:
        if requires and not facts.need(requires):
            return Status.NEEDS_EVIDENCE
        items = facts.need(fact)
        return Status.FAIL if (items if type(items) is list else list(items)) else Status.PASS

    return status


@check(
    "growth_since_baseline",
    required=("baseline_year", "growth", "threshold"),
    optional=("measure",),
    describe=_describe_growth,
)
def growth_since_baseline(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """Tianjin T7: at most `threshold` members at the baseline → grow by `growth` or more; else grow.

    `measure`: `total` (个人+单位, the default) or `individual` (个人会员 only, T7.3)."""
    year, threshold = params["baseline_year"], params["threshold"]
    growth = Fraction(str(params["growth"]))
    measure = params.get("measure", "total")
    base, now = facts.need(f"{fact}.{measure}_{year}"), facts.need(f"{fact}.{measure}")
    actual = f"{now}人（{year}年底{base}人）"
    noun = "个人会员" if measure == "individual" else "会员"
    return _growth_outcome(base, now, year, threshold, growth, actual, noun)


@compiled_status("growth_since_baseline")
def growth_since_baseline_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    year, threshold = params["baseline_year"], params["threshold"]
    factor = 1 + Fraction(str(params["growth"]))
    measure = params.get("measure", "total")
    base_name, now_name = f"{fact}.{measure}_{year}", f"{fact}.{measure}"

    def status(facts: Facts) -> str:
        base, now = facts.need(base_name), facts.need(now_name)
        if base <= threshold:
            return Status.PASS if now >= base * factor else Status.FAIL
        return Status.PASS if now > base else Status.FAIL

    return status


def _growth_outcome(base, now, year, threshold, growth, actual, noun) -> Outcome:
    if base <= threshold:
        target = base * (1 + growth)
        expected = f"不少于{year}年底的{float(1 + growth):g}倍，即{_ceil(target)}人"
        if now >= target:
            return Outcome(
                Status.PASS,
                f"{year}年底{noun}{base}人（{threshold}人以下），现有{now}人，增加{_growth(base, now)}，达到{float(growth):.0%}以上。",
                actual,
                expected,
            )
        return Outcome(
            Status.FAIL,
            f"{year}年底{noun}{base}人（{threshold}人以下），现有{now}人，增加{_growth(base, now)}，"
            f"低于{float(growth):.0%}；需达到{_ceil(target)}人，还差{_ceil(target) - now}人。",
            actual,
            expected,
        )
    expected = f"多于{year}年底的{base}人"
    if now > base:
        return Outcome(
            Status.PASS,
            f"{year}年底{noun}{base}人（{threshold}人以上），现有{now}人，有所增加。",
            actual,
            expected,
        )
    return Outcome(
        Status.FAIL,
        f"{year}年底{noun}{base}人（{threshold}人以上），现有{now}人，没有增加；至少需{base + 1}人。",
        actual,
        expected,
    )


def _ceil(value: Fraction) -> int:
    return math.ceil(value)


def _growth(base: int, now: int) -> str:
    return percent(now - base, base) if base else "—"


# ---- terms -------------------------------------------------------------------------------


@check(
    "not_overdue",
    describe=lambda p, fact: "核验日期有在任届次，且未超过届满日期（届满当日起即为逾期）",
)
def not_overdue(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """按时换届: a term runs on the date and has not passed its planned end."""
    current, late = facts.need("term.current"), facts.need("term.overdue_days")
    if current is None:
        return Outcome(
            Status.FAIL,
            f"{ctx.on:%Y-%m-%d}没有在任届次，请登记当前届次或办理换届。",
            "无在任届次",
            "有在任届次且未逾期",
        )
    label = (
        f"第{current['number']}届（{current['start_on']}起，届满日期{current['planned_end_on']}）"
    )
    if late > 0:
        return Outcome(
            Status.FAIL,
            f"{label}已于{current['planned_end_on']}届满，至{ctx.on:%Y-%m-%d}逾期{late}天仍未换届。",
            f"逾期{late}天",
            "届满前完成换届",
        )
    return Outcome(Status.PASS, f"{label}在任，未到届满日期。", "在任，未逾期", "届满前完成换届")


@compiled_status("not_overdue")
def not_overdue_compiled(fact: str, params: dict, ctx: CheckContext) -> Callable[[Facts], str]:
    """Its status without the sentence, the facts asked for in the same order."""
    passed, failed = Status.PASS, Status.FAIL

    def status(facts: Facts) -> str:
        current, late = facts.need("term.current"), facts.need("term.overdue_days")
        return failed if current is None or late > 0 else passed

    return status


# ---- people ------------------------------------------------------------------------------


def _holders(facts: Facts, fact: str, offices: list[str] | None = None) -> list[dict]:
    people = facts.need(fact)
    if offices:
        people = [p for p in people if p["office_label"] in offices]
    return people


@check(
    "age_at_most_at_appointment",
    required=("max_age",),
    optional=("office", "when_none"),
    describe=lambda p, fact: (
        f"{p.get('office', '')}任职之日年龄不超过{p.get('max_age')}周岁（含本数）"
    ),
)
def age_at_most_at_appointment(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """任职时年龄不超过N周岁: full years on the day the post began (不超过 includes N)."""
    holders, limit, office = _holders(facts, fact), params["max_age"], params.get("office", "")
    expected = f"任职时不超过{limit}周岁"
    if not holders:
        status = (
            Status.NOT_APPLICABLE if params.get("when_none") == "not_applicable" else Status.FAIL
        )
        return Outcome(status, f"核验日期没有在任{office}。", "无在任人员", expected)
    over = [p for p in holders if p["age_at_start"] > limit]
    lines = [
        f"{p['name']}于{p['start_on']}任{p['office_label']}，任职时{p['age_at_start']}周岁"
        f"（核验日{ctx.on:%Y-%m-%d}时{p['age_on']}周岁）"
        for p in (over or holders)
    ]
    actual = "；".join(f"{p['name']}任职时{p['age_at_start']}周岁" for p in holders)
    if over:
        return Outcome(
            Status.FAIL,
            "；".join(lines) + f"，超过{limit}周岁。",
            actual,
            expected,
            people_names(over),
        )
    return Outcome(
        Status.PASS,
        "；".join(lines) + f"，任职时不超过{limit}周岁（按任职之日计算）。",
        actual,
        expected,
    )


@status_of("age_at_most_at_appointment")
def age_at_most_at_appointment_status(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> str:
    holders, limit = _holders(facts, fact), params["max_age"]
    if not holders:
        return Status.NOT_APPLICABLE if params.get("when_none") == "not_applicable" else Status.FAIL
    return Status.FAIL if any(p["age_at_start"] > limit for p in holders) else Status.PASS


@check(
    "consecutive_terms_at_most",
    required=("max_terms",),
    optional=("offices",),
    describe=lambda p, fact: (
        f"{'、'.join(p.get('offices') or [])}连任不超过{p.get('max_terms')}届（含本数）"
    ),
)
def consecutive_terms_at_most(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """连任不超过两届: consecutive terms in the same office, including the current one."""
    holders, limit = _holders(facts, fact, params.get("offices")), params["max_terms"]
    expected = f"连任不超过{limit}届"
    if not holders:
        return Outcome(Status.NOT_APPLICABLE, "核验日期没有在任的相关负责人。", "无", expected)
    over = [p for p in holders if p["consecutive_terms"] > limit]
    actual = "；".join(
        f"{p['name']}（{p['office_label']}）{p['consecutive_terms']}届" for p in holders
    )
    if over:
        names = "、".join(
            f"{p['name']}（{p['office_label']}，连任第{p['consecutive_terms']}届）" for p in over
        )
        return Outcome(
            Status.FAIL,
            f"{names}超过{limit}届；如经批准继续连任，请上传审查同意文件。",
            actual,
            expected,
            people_names(over),
        )
    return Outcome(Status.PASS, f"在任负责人连任均不超过{limit}届：{actual}。", actual, expected)


@status_of("consecutive_terms_at_most")
def consecutive_terms_at_most_status(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> str:
    holders, limit = _holders(facts, fact, params.get("offices")), params["max_terms"]
    if not holders:
        return Status.NOT_APPLICABLE
    return Status.FAIL if any(p["consecutive_terms"] > limit for p in holders) else Status.PASS


APPROVAL_SCOPE = {
    "any": "没有在任的领导干部兼职人员",
    "retired": "没有在任的退（离）休领导干部兼职人员",
    "serving": "没有在任的现职领导干部兼职人员",
    "serving_or_public": "在任者中没有现职党政领导干部、科员以上公务员或事业单位副科级以上人员",
}


def _officials(people: list[dict], who: str) -> list[dict]:
    """The officials among `people` whose posts need approval, as `who` names them."""
    return [
        p
        for p in people
        if (who in ("any", "retired") and p["is_retired_official"])
        or (who in ("any", "serving", "serving_or_public") and p["is_serving_official"])
        or (who == "serving_or_public" and p.get("is_public_servant"))
    ]


@check(
    "approval_present",
    optional=("who",),
    describe=lambda p, fact: "兼职的领导干部均有兼职审批文号",
)
def approval_present(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """Officials holding posts have their approval (兼职审批文号). `who`: retired | serving |
    serving_or_public (Fengxian 2、（2）1 also names 科员以上公务员 and 副科级以上事业单位人员) | any."""
    who = params.get("who", "any")
    people = _officials(facts.need(fact), who)
    expected = "均有兼职审批文号"
    if not people:
        return Outcome(
            Status.NOT_APPLICABLE, f"{APPROVAL_SCOPE[who]}，本项不涉及。", "无", expected
        )
    missing = [p for p in people if not p["approval_ref"]]
    actual = f"{len(people)}人中{len(people) - len(missing)}人有审批文号"
    if missing:
        return Outcome(
            Status.FAIL,
            f"{'、'.join(people_names(missing))}为领导干部兼职，未登记兼职审批文号。",
            actual,
            expected,
            people_names(missing),
        )
    return Outcome(
        Status.PASS, f"{'、'.join(people_names(people))}均已登记兼职审批文号。", actual, expected
    )


@status_of("approval_present")
def approval_present_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    who = params.get("who", "any")
    people = _officials(facts.need(fact), who)
    if not people:
        return Status.NOT_APPLICABLE
    return Status.FAIL if any(not p["approval_ref"] for p in people) else Status.PASS


@check(
    "retired_officials_unpaid",
    describe=lambda p, fact: "在任的退（离）休领导干部均不领取薪酬",
)
def retired_officials_unpaid(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """退（离）休领导干部兼职不得领取报酬."""
    retired = [p for p in facts.need(fact) if p["is_retired_official"]]
    if not retired:
        return Outcome(Status.PASS, "没有在任的退（离）休领导干部。", "无", "不领取报酬")
    paid = [p for p in retired if p["is_paid"]]
    actual = f"{len(retired)}名退（离）休领导干部中{len(paid)}人领取薪酬"
    if paid:
        return Outcome(
            Status.FAIL,
            f"{'、'.join(people_names(paid))}为退（离）休领导干部，在学会领取薪酬。",
            actual,
            "0人领取",
            people_names(paid),
        )
    return Outcome(
        Status.PASS, f"{len(retired)}名在任退（离）休领导干部均未领取薪酬。", actual, "0人领取"
    )


@compiled_status("retired_officials_unpaid")
def retired_officials_unpaid_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    passed, failed = Status.PASS, Status.FAIL

    def status(facts: Facts) -> str:
        paid = any(p["is_paid"] for p in facts.need(fact) if p["is_retired_official"])
        return failed if paid else passed

    return status


@check(
    "retired_official_approval_and_terms",
    required=("max_terms",),
    describe=lambda p, fact: f"退休干部兼任秘书长：有审批文号，兼职不超过{p.get('max_terms')}届",
)
def retired_official_approval_and_terms(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> Outcome:
    """Jiangxi 4.2.1: a 秘书长 who is a retired cadre of a 党政机关、事业单位 or 国有企业 (not only a
    retired leading cadre) has approval and at most `max_terms` terms."""
    holders, limit = facts.need(fact), params["max_terms"]
    expected = f"有审批文号，兼职不超过{limit}届"
    if not holders:
        return Outcome(Status.NOT_APPLICABLE, "核验日期没有在任秘书长。", "无", expected)
    retired = [p for p in holders if p["is_retired_official"] or p.get("is_retired_cadre")]
    unknown = [p for p in holders if p not in retired and p.get("is_retired_cadre") is None]
    if not retired and unknown:
        return Outcome(
            Status.NEEDS_EVIDENCE,
            f"未填写秘书长{'、'.join(p['name'] for p in unknown)}是否为党政机关、事业单位或"
            "国有企业退休干部，无法判断本项是否适用；请在人员资料中填写。",
            "未填写",
            expected,
            people_names(unknown),
        )
    if not retired:
        return Outcome(
            Status.NOT_APPLICABLE,
            f"秘书长{'、'.join(p['name'] for p in holders)}不是退休干部，本项不适用。",
            "非退休干部",
            expected,
        )
    problems, bad = [], []
    for p in retired:
        if not p["approval_ref"]:
            problems.append(f"{p['name']}未登记审批文号")
            bad.append(p)
        if p["consecutive_terms"] > limit:
            problems.append(f"{p['name']}已兼任第{p['consecutive_terms']}届，超过{limit}届")
            bad.append(p)
    actual = "；".join(
        f"{p['name']}：审批文号{p['approval_ref'] or '无'}，第{p['consecutive_terms']}届"
        for p in retired
    )
    if problems:
        return Outcome(
            Status.FAIL,
            "退休干部兼任秘书长：" + "；".join(problems) + "。",
            actual,
            expected,
            people_names(bad),
        )
    return Outcome(Status.PASS, f"退休干部兼任秘书长：{actual}，符合要求。", actual, expected)


@status_of("retired_official_approval_and_terms")
def retired_official_approval_and_terms_status(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> str:
    holders, limit = facts.need(fact), params["max_terms"]
    if not holders:
        return Status.NOT_APPLICABLE
    retired = [p for p in holders if p["is_retired_official"] or p.get("is_retired_cadre")]
    if not retired:
        unknown = any(p.get("is_retired_cadre") is None for p in holders)
        return Status.NEEDS_EVIDENCE if unknown else Status.NOT_APPLICABLE
    bad = any(not p["approval_ref"] or p["consecutive_terms"] > limit for p in retired)
    return Status.FAIL if bad else Status.PASS


@check(
    "secretary_general_appointed",
    describe=lambda p, fact: "秘书长为理事会聘任",
)
def secretary_general_appointed(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> Outcome:
    """理事会聘任秘书长制: the 秘书长 is appointed (聘任), not elected."""
    holders = facts.need(fact)
    if not holders:
        return Outcome(Status.FAIL, "核验日期没有在任秘书长。", "无秘书长", "聘任制秘书长")
    appointed = [p for p in holders if p["selection"] == Selection.APPOINTED]
    actual = "；".join(f"{p['name']}（{p['selection_label'] or '产生方式未填'}）" for p in holders)
    if appointed:
        return Outcome(Status.PASS, f"秘书长{actual}为理事会聘任。", actual, "聘任制秘书长")
    return Outcome(
        Status.FAIL, f"秘书长{actual}不是聘任制。", actual, "聘任制秘书长", people_names(holders)
    )


@compiled_status("secretary_general_appointed")
def secretary_general_appointed_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    passed, failed, appointed = Status.PASS, Status.FAIL, Selection.APPOINTED

    def status(facts: Facts) -> str:
        holders = facts.need(fact)
        return passed if any(p["selection"] == appointed for p in holders) else failed

    return status


@check(
    "secretary_general_full_time_appointed",
    optional=("deputy_fallback",),
    describe=lambda p, fact: "秘书长专职且由理事会聘任（无秘书长时，专职常务副秘书长需人工确认）",
)
def secretary_general_full_time_appointed(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> Outcome:
    """两化 5.2.1: a full-time 秘书长 appointed by the council (else a full-time 常务副秘书长)."""
    holders, expected = facts.need(fact), "专职、理事会聘任"
    if holders:
        for p in holders:
            gaps = [] if p["is_full_time"] else ["非专职"]
            if p["selection"] != Selection.APPOINTED:
                gaps.append(f"产生方式为{p['selection_label'] or '未填'}而非聘任")
            if not gaps:
                return Outcome(
                    Status.PASS,
                    f"秘书长{p['name']}为专职，由理事会聘任（{p['start_on']}起）。",
                    f"{p['name']}：专职、聘任",
                    expected,
                )
        detail = "；".join(f"{p['name']}" for p in holders)
        return Outcome(
            Status.FAIL,
            f"秘书长{detail}：{'、'.join(gaps)}。",
            "、".join(gaps),
            expected,
            people_names(holders),
        )
    if params.get("deputy_fallback", True):
        deputies = [
            p for p in facts.need("officers.deputy_secretary_generals") if p["is_full_time"]
        ]
        if deputies:
            names = "、".join(p["name"] for p in deputies)
            return Outcome(
                Status.NEEDS_REVIEW,
                f"没有在任秘书长；专职副秘书长{names}是否为理事会聘用的常务副秘书长，需人工确认。",
                f"专职副秘书长{names}",
                expected,
                people_names(deputies),
            )
    return Outcome(
        Status.FAIL, "核验日期没有在任秘书长（也没有专职副秘书长）。", "无秘书长", expected
    )


@compiled_status("secretary_general_full_time_appointed")
def secretary_general_full_time_appointed_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    """Its status without the sentence, the facts asked for in the same order."""
    appointed, fallback = Selection.APPOINTED, params.get("deputy_fallback", True)
    passed, failed, review = Status.PASS, Status.FAIL, Status.NEEDS_REVIEW

    def status(facts: Facts) -> str:
        holders = facts.need(fact)
        if holders:
            found = any(p["is_full_time"] and p["selection"] == appointed for p in holders)
            return passed if found else failed
        if fallback and any(
            p["is_full_time"] for p in facts.need("officers.deputy_secretary_generals")
        ):
            return review
        return failed

    return status


def _staff_record(facts: Facts, holders: list[dict]) -> tuple[dict, dict] | None:
    """The first 秘书长 with a record in the 专职工作人员名册, and that record."""
    staff = {p["name"]: p for p in facts.need("staff.people")}
    for holder in holders:
        record = staff.get(holder["name"])
        if record is not None:
            return holder, record
    return None


@check(
    "secretary_general_contract",
    describe=lambda p, fact: "秘书长的聘用记录有聘用结束日期和薪酬标准",
)
def secretary_general_contract(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """两化 5.2.2: the 秘书长's contract has an end date and a pay standard (专职工作人员名册)."""
    holders, expected = facts.need(fact), "有聘用结束日期和薪酬标准"
    if not holders:
        return Outcome(Status.FAIL, "核验日期没有在任秘书长。", "无秘书长", expected)
    found = _staff_record(facts, holders)
    if found is not None:
        holder, record = found
        gaps = [
            label
            for key, label in (("contract_end", "聘用结束日期"), ("monthly_pay", "薪酬标准"))
            if not record.get(key)
        ]
        actual = f"聘期至{record.get('contract_end') or '未填'}，月薪酬{record.get('monthly_pay') or '未填'}元"
        if gaps:
            return Outcome(
                Status.FAIL,
                f"秘书长{holder['name']}的聘用记录缺少{'、'.join(gaps)}。",
                actual,
                expected,
                [holder["name"]],
            )
        return Outcome(Status.PASS, f"秘书长{holder['name']}{actual}。", actual, expected)
    names = "、".join(p["name"] for p in holders)
    return Outcome(
        Status.NEEDS_EVIDENCE,
        f"专职工作人员名册中没有秘书长{names}的聘用记录，请补充聘用合同信息。",
        "无聘用记录",
        expected,
    )


@status_of("secretary_general_contract")
def secretary_general_contract_status(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> str:
    holders = facts.need(fact)
    if not holders:
        return Status.FAIL
    found = _staff_record(facts, holders)
    if found is None:
        return Status.NEEDS_EVIDENCE
    record = found[1]
    return Status.PASS if record.get("contract_end") and record.get("monthly_pay") else Status.FAIL


# ---- congress ----------------------------------------------------------------------------


@check(
    "representative_congress_only_above",
    required=("value",),
    describe=lambda p, fact: (
        f"实行会员代表大会制度的，会员（个人+单位）超过{p.get('value')}（不含本数）"
    ),
)
def representative_congress_only_above(
    facts: Facts, fact: str, params: dict, ctx: CheckContext
) -> Outcome:
    """奉贤 2.(3): 会员代表大会 only where members (individual + institutional) exceed `value` (超过)."""
    from xuehui.members.choices import CongressForm

    form, bound = facts.need(fact), params["value"]
    expected = f"会员超过{bound}个方可实行会员代表大会制度"
    if form != CongressForm.REPRESENTATIVE:
        return Outcome(
            Status.NOT_APPLICABLE, "实行会员大会制度，本项不涉及。", "会员大会", expected
        )
    total = facts.need("members.total")
    actual = f"会员代表大会，会员{total}个"
    if total > bound:
        return Outcome(
            Status.PASS,
            f"实行会员代表大会制度，会员（个人+单位）{total}个，超过{bound}个。",
            actual,
            expected,
        )
    return Outcome(
        Status.FAIL,
        f"实行会员代表大会制度，但会员（个人+单位）只有{total}个，未超过{bound}个（不含本数）；"
        f"应实行会员大会制度，或会员增加到{bound + 1}个以上。",
        actual,
        expected,
    )


@compiled_status("representative_congress_only_above")
def representative_congress_only_above_compiled(
    fact: str, params: dict, ctx: CheckContext
) -> Callable[[Facts], str]:
    """Its status without the sentence, the facts asked for in the same order."""
    from xuehui.members.choices import CongressForm

    bound, representative = params["value"], CongressForm.REPRESENTATIVE

    def status(facts: Facts) -> str:
        if facts.need(fact) != representative:
            return Status.NOT_APPLICABLE
        return Status.PASS if facts.need("members.total") > bound else Status.FAIL

    return status


@check(
    "only_if_at_least",
    required=("condition_fact", "min"),
    optional=("condition_label", "subject"),
    describe=lambda p, fact: (
        f"设{p.get('subject', '')}的，{p.get('condition_label', '')}不少于{p.get('min')}名（含本数）"
    ),
)
def only_if_at_least(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> Outcome:
    """Tianjin T8.b: a body exists only where another count is at least `min` (以上 includes it)."""
    size, subject = facts.need(fact), params.get("subject", fact)
    condition, minimum = facts.need(params["condition_fact"]), params["min"]
    label = params.get("condition_label", "")
    expected = f"{label}{minimum}名以上方可设{subject}"
    if size == 0:
        return Outcome(
            Status.NOT_APPLICABLE,
            f"未设{subject}，本项不适用。",
            f"{label}{condition}名，未设{subject}",
            expected,
        )
    actual = f"{label}{condition}名，{subject}{size}人"
    if condition >= minimum:
        return Outcome(
            Status.PASS,
            f"{label}{condition}名，达到{minimum}名，可设{subject}（现{size}人）。",
            actual,
            expected,
        )
    return Outcome(
        Status.FAIL,
        f"{label}只有{condition}名，不足{minimum}名，不应设{subject}（现有{size}人）；"
        f"需撤销{subject}，或{label}增加到{minimum}名（还差{minimum - condition}名）。",
        actual,
        expected,
    )


@status_of("only_if_at_least")
def only_if_at_least_status(facts: Facts, fact: str, params: dict, ctx: CheckContext) -> str:
    size = facts.need(fact)
    condition = facts.need(params["condition_fact"])
    if size == 0:
        return Status.NOT_APPLICABLE
    return Status.PASS if condition >= params["min"] else Status.FAIL


OFFICE_LABELS = {office.value: office.label for office in Office}
