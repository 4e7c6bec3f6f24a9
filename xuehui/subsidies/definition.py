"""A subsidy programme as data (YAML, see docs/subsidies.md): read and checked field by field, every
problem named in Chinese, before anything is written."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from xuehui.evaluation.choices import Tier

from .choices import CategoryKind, Priority

PROGRAMME_KEYS = {
    "key", "name", "federation", "year", "budget", "score_year", "facts_on", "apply_until",
    "note", "categories",
}  # fmt: skip
CATEGORY_KEYS = {
    "key", "name", "kind", "amount", "budget", "position", "requires_full_time_secretary_general",
    "min_stars", "tiers", "priorities", "skip_unaffordable",
}  # fmt: skip


class DefinitionError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass
class Definition:
    federation: str
    programme: dict
    categories: list[dict] = field(default_factory=list)


class _Reader:
    def __init__(self):
        self.problems: list[str] = []

    def text(self, data: dict, name: str, where: str, *, required=True, slug=False) -> str:
        value = data.get(name)
        if value is None or str(value).strip() == "":
            if required:
                self.problems.append(f"{where}缺少“{name}”")
            return ""
        text = str(value).strip()
        if slug and not all(c.isascii() and (c.isalnum() or c == "-") for c in text):
            self.problems.append(f"{where}的“{name}”只能用英文字母、数字和连字符：{text}")
        return text

    def integer(self, data, name, where, *, required=True, low=0, high=2100) -> int | None:
        value = data.get(name)
        if value is None:
            if required:
                self.problems.append(f"{where}缺少“{name}”")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.append(f"{where}的“{name}”应为{low}—{high}之间的整数：{value}")
            return None
        return value

    def money(self, data, name, where, *, required=True) -> Decimal | None:
        value = data.get(name)
        if value is None:
            if required:
                self.problems.append(f"{where}缺少“{name}”")
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal(-1)
        if isinstance(value, bool) or not amount.is_finite() or amount < 0:
            self.problems.append(f"{where}的“{name}”应为不小于0的金额（元）：{value}")
            return None
        return amount.quantize(Decimal("0.01"))

    def date(self, data, name, where) -> dt.date | None:
        value = data.get(name)
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problems.append(f"{where}的“{name}”应为日期 YYYY-MM-DD：{value}")
            return None

    def flag(self, data, name, where) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problems.append(f"{where}的“{name}”应为 true 或 false：{value}")
            return False
        return value

    def choices(self, data, name, where, allowed) -> list[str]:
        value = data.get(name) or []
        if not isinstance(value, list) or not set(map(str, value)) <= set(allowed):
            self.problems.append(f"{where}的“{name}”应为列表，取值只能是：{'、'.join(allowed)}")
            return []
        return [str(v) for v in value]

    def unknown(self, data: dict, known: set, where: str) -> None:
        extra = sorted(set(map(str, data)) - known)
        if extra:
            self.problems.append(f"{where}有未知的字段：{'、'.join(extra)}")


def parse(data: Any) -> Definition:
    """The definition in `data` (the YAML's mapping), or DefinitionError listing every problem."""
    if not isinstance(data, dict):
        raise DefinitionError(["文件内容应为一个补贴项目（键值对）"])
    read = _Reader()
    read.unknown(data, PROGRAMME_KEYS, "补贴项目")
    year = read.integer(data, "year", "补贴项目", low=2000)
    programme = {
        "key": read.text(data, "key", "补贴项目", slug=True),
        "name": read.text(data, "name", "补贴项目"),
        "year": year,
        "budget": read.money(data, "budget", "补贴项目"),
        "score_year": read.integer(data, "score_year", "补贴项目", required=False, low=2000),
        "facts_on": read.date(data, "facts_on", "补贴项目"),
        "apply_until": read.date(data, "apply_until", "补贴项目"),
        "note": read.text(data, "note", "补贴项目", required=False),
    }
    federation = read.text(data, "federation", "补贴项目")
    categories = data.get("categories") or []
    if not isinstance(categories, list) or not categories:
        read.problems.append("补贴项目应至少有一个类别（categories）")
        categories = []
    parsed = [_category(read, item, i) for i, item in enumerate(categories, start=1)]
    keys = [c["key"] for c in parsed if c]
    if len(keys) != len(set(keys)):
        read.problems.append("类别代码（key）不能重复")
    if read.problems:
        raise DefinitionError(read.problems)
    return Definition(federation=federation, programme=programme, categories=parsed)


def _category(read: _Reader, item: Any, number: int) -> dict:
    where = f"第{number}个类别"
    if not isinstance(item, dict):
        read.problems.append(f"{where}应为键值对")
        return {}
    read.unknown(item, CATEGORY_KEYS, where)
    kind = read.text(item, "kind", where)
    if kind and kind not in CategoryKind.values:
        read.problems.append(f"{where}的“kind”只能是：{'、'.join(CategoryKind.values)}")
    amount = read.money(item, "amount", where)
    if amount is not None and amount <= 0:
        read.problems.append(f"{where}的“amount”应大于0")
    return {
        "key": read.text(item, "key", where, slug=True),
        "name": read.text(item, "name", where),
        "kind": kind,
        "amount": amount,
        "budget": read.money(item, "budget", where, required=False),
        "position": read.integer(item, "position", where, required=False, low=1, high=99) or number,
        "requires_full_time_secretary_general": read.flag(
            item, "requires_full_time_secretary_general", where
        ),
        "min_stars": read.integer(item, "min_stars", where, required=False, high=5) or 0,
        "tiers": read.choices(item, "tiers", where, Tier.values),
        "priorities": read.choices(item, "priorities", where, Priority.values),
        "skip_unaffordable": read.flag(item, "skip_unaffordable", where),
    }
