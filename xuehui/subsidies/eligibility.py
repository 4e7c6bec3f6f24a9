"""Who may receive a category's grant, and which priority criteria it meets, read from the
records on the programme's date; then the pure allocation of each category in turn.

Eligibility (each failed rule is a reason, in Chinese, with the actual record):
- the society is registered and active (状态为正常);
- where the category requires it (always for 专职秘书长岗位补贴): a secretary-general in post on
  the date (理事会名册) marked 专职, who is also on the secretariat's staff (same name) with a
  full-time contract running on the date (聘用开始 ≤ 日期 ≤ 聘用结束, or no end);
- at least the category's stars on the date (星级学会 register);
- a class of the score year's published evaluation among the category's (if it names any);
- for 专职秘书长岗位补贴: the same secretary-general (the same person across societies by ID
  number, else the same record) is not already funded or approved under a 专职秘书长岗位补贴 of
  another programme of the 科协 in the same year (within the programme, the walk sees it).

Priority criteria: 建立党组织并发挥党建功能 = a party organisation (any recorded form, 党小组
and 党建工作联络员 included) in being on the date AND at least one 党建活动 in the date's year
(1 January up to the date); 星级学会 = at least one star valid on the date; 重点支持 = the
class 重点支持 in the score year's published evaluation.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from xuehui.evaluation.choices import Tier
from xuehui.evaluation.selectors import Standing, standing
from xuehui.governance.models import Person
from xuehui.lib.text import compact
from xuehui.rules.facts import gather
from xuehui.secretariat.models import StaffMember
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Society

from .allocation import Candidate, Outcome, allocate
from .choices import CategoryKind, DecisionStatus, Priority
from .models import SubsidyApplication, SubsidyCategory, SubsidyProgramme

NO_STANDING = Standing(None, None, "", 0)


@dataclass
class CategoryResult:
    category: SubsidyCategory
    outcome: Outcome
    applications: dict = field(default_factory=dict)  # society id → application (or None)


@dataclass
class _Inputs:
    on: dt.date
    facts: dict
    standings: dict
    staff: dict
    identities: dict
    taken_elsewhere: dict


def compute(
    programme: SubsidyProgramme, *, include_all: bool = False, today: dt.date | None = None
) -> list[CategoryResult]:
    """Every category of the programme in order (position, key), its candidates ranked and
    the budget allocated. Candidates are the stored applications; with `include_all`, a
    category without any takes every active society of the 科协 as nominated. A fixed number
    of queries, whatever the number of societies."""
    categories = list(programme.categories.order_by("position", "key"))
    applications = defaultdict(dict)
    for application in SubsidyApplication.objects.filter(
        category__programme=programme
    ).select_related("society", "category"):
        applications[application.category_id][application.society_id] = application
    everyone: list[Society] = []
    if include_all and any(not applications[c.pk] for c in categories):
        everyone = list(
            Society.objects.filter(
                federation_id=programme.federation_id, status=SocietyStatus.ACTIVE
            )
        )
    societies = {s.pk: s for s in everyone}
    for found in applications.values():
        societies.update({a.society_id: a.society for a in found.values()})
    inputs = _inputs(programme, societies, today)
    results, taken, remaining = [], dict(inputs.taken_elsewhere), programme.budget
    for category in categories:
        chosen = applications[category.pk] or dict.fromkeys(s.pk for s in everyone)
        candidates = [_candidate(category, societies[sid], chosen[sid], inputs) for sid in chosen]
        available = remaining if category.budget is None else min(category.budget, remaining)
        outcome = allocate(
            candidates, available, skip_unaffordable=category.skip_unaffordable, taken=taken
        )
        taken, remaining = outcome.taken, remaining - outcome.allocated
        results.append(CategoryResult(category, outcome, chosen))
    return results


def _inputs(programme, societies: dict, today) -> _Inputs:
    on = programme.judged_on(today)
    ids = sorted(societies)
    facts = gather(ids, on) if ids else {}
    holders = {
        h["person_id"] for f in facts.values() for h in f.get("officers.secretary_general", [])
    }
    staff = defaultdict(list)
    for member in StaffMember.objects.filter(society_id__in=ids).order_by("contract_start", "id"):
        staff[member.society_id].append(member)
    return _Inputs(
        on=on,
        facts=facts,
        standings=standing(programme.federation_id, programme.score_year, on=on) if ids else {},
        staff=staff,
        identities=dict(Person.objects.filter(pk__in=holders).values_list("pk", "identity_id")),
        taken_elsewhere=_taken_elsewhere(programme),
    )


def _taken_elsewhere(programme: SubsidyProgramme) -> dict[str, str]:
    """Posts funded under a 专职秘书长岗位补贴 of the 科协's other programmes of the year."""
    rows = (
        SubsidyApplication.objects.filter(
            category__programme__federation_id=programme.federation_id,
            category__programme__year=programme.year,
            category__kind=CategoryKind.SECRETARY_POST,
        )
        .exclude(category__programme=programme)
        .exclude(post_key="")
        .filter(
            Q(decision=DecisionStatus.APPROVED)
            | (Q(allocated_amount__gt=0) & ~Q(decision=DecisionStatus.REJECTED))
        )
        .values_list("post_key", "society__name", "category__programme__name")
        .order_by("category__programme__key", "society__uscc")
    )
    taken: dict[str, str] = {}
    for key, society, name in rows:
        taken.setdefault(key, f"由{society}在“{name}”中获得补贴")
    return taken


def post_key(person_id: int, identity_id: int | None) -> str:
    """The same person: the same identity (ID number), else the same record."""
    return f"identity:{identity_id}" if identity_id else f"person:{person_id}"


def _candidate(category, society, application, inputs: _Inputs) -> Candidate:
    facts = inputs.facts.get(society.pk, {})
    where = inputs.standings.get(society.pk, NO_STANDING)
    passed, failed = [], []
    if society.status != SocietyStatus.ACTIVE:
        failed.append(f"学会状态为“{society.get_status_display()}”")
    key = holder = ""
    if (
        category.requires_full_time_secretary_general
        or category.kind == CategoryKind.SECRETARY_POST
    ):
        ok, text, key, holder = _secretary(facts, inputs.staff[society.pk], inputs)
        (passed if ok else failed).append(text)
    if category.min_stars:
        text = f"{inputs.on:%Y-%m-%d}星级：{_stars(where.stars)}，要求不低于{category.min_stars}星"
        (passed if where.stars >= category.min_stars else failed).append(text)
    if category.tiers:
        (passed if where.tier in category.tiers else failed).append(_tier_text(category, where))
    if key and key in inputs.taken_elsewhere and category.kind == CategoryKind.SECRETARY_POST:
        failed.append(f"同一岗位不重复补贴：秘书长{holder}的岗位已{inputs.taken_elsewhere[key]}")
    return Candidate(
        ref=application if application is not None else society,
        code=society.uscc,
        name=society.name,
        grant=application.grant if application is not None else category.amount,
        eligible=not failed,
        reasons=tuple(failed or passed),
        priority=tuple(p for p in category.priorities if _meets(p, facts, where)),
        score=where.score,
        post_key=key if category.kind == CategoryKind.SECRETARY_POST else "",
        post_holder=holder,
    )


def _stars(count: int) -> str:
    return f"{count}星" if count else "未评定星级"


def _tier_text(category, where: Standing) -> str:
    allowed = "、".join(category.tier_labels)
    year = category.programme.score_year
    if not where.tier:
        return f"{year}年度没有已公布的考评分类，本类别限{allowed}"
    return f"{year}年度考评分类为{Tier(where.tier).label}，本类别限{allowed}"


def _meets(criterion: str, facts, where: Standing) -> bool:
    if criterion == Priority.PARTY_WORKING:
        return (
            bool(facts.get("party.organisation")) and facts.get("activities.party_building", 0) >= 1
        )
    if criterion == Priority.STAR_RATED:
        return where.stars >= 1
    return where.tier == Tier.KEY_SUPPORT


def _secretary(facts, staff: list, inputs: _Inputs) -> tuple[bool, str, str, str]:
    """(met, explanation, post key, holder's name) of the full-time secretary-general rule."""
    on = f"{inputs.on:%Y-%m-%d}"
    holders = facts.get("officers.secretary_general", [])
    if not holders:
        return False, f"{on}没有在任秘书长（理事会名册中无秘书长职务）", "", ""
    full_time = [h for h in holders if h["is_full_time"]]
    if not full_time:
        return False, f"秘书长{holders[0]['name']}在理事会名册中不是专职", "", ""
    reasons = []
    for holder in full_time:
        name = holder["name"]
        key = post_key(holder["person_id"], inputs.identities.get(holder["person_id"]))
        same = [s for s in staff if compact(s.name) == compact(name)]
        running = [s for s in same if s.is_full_time and s.is_under_contract_on(inputs.on)]
        if running:
            contract = running[0]
            until = (
                f"至{contract.contract_end:%Y-%m-%d}" if contract.contract_end else "，无固定期限"
            )
            text = f"专职秘书长{name}，聘用合同自{contract.contract_start:%Y-%m-%d}起{until}"
            return True, text, key, name
        reasons.append(_no_contract(name, same, inputs.on))
    return False, "；".join(reasons), "", ""


def _no_contract(name: str, same: list, on: dt.date) -> str:
    full = [s for s in same if s.is_full_time]
    if not same:
        return f"秘书长{name}未登记为秘书处工作人员（没有聘用合同）"
    if not full:
        return f"秘书长{name}在秘书处工作人员中登记为兼职"
    latest = full[-1]
    if latest.contract_start > on:
        return (
            f"秘书长{name}的专职聘用合同自{latest.contract_start:%Y-%m-%d}起，{on:%Y-%m-%d}尚未开始"
        )
    return f"秘书长{name}的专职聘用合同已于{latest.contract_end:%Y-%m-%d}结束，{on:%Y-%m-%d}不在聘"
