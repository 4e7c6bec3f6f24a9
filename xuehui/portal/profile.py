"""A society's public profile: the sections the portal shows, in order, each governed by one
item of the 科协's disclosure policy. The same `profile_context` renders the public page and
the society's own preview (将公开的信息), so the society sees exactly what will be published.

A new public record adds one `Section` to `SECTIONS` (and its item to
`choices.DisclosureItem`): its loader reads one society's public values in a fixed number of
queries and returns plain values (never a person's record), or an empty value for 暂无."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xuehui.branches.choices import BranchStatus
from xuehui.branches.models import Branch
from xuehui.consortia.models import ConsortiumMember
from xuehui.credit.choices import SanctionKind
from xuehui.credit.models import Commendation, Listing, Sanction
from xuehui.evaluation.choices import TIER_LABELS, Stage
from xuehui.evaluation.models import EvaluationResult, StarRating
from xuehui.governance.choices import Office
from xuehui.governance.models import Position
from xuehui.pilots.models import TypicalCase
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport
from xuehui.societies.models import Society

from .choices import DisclosureItem
from .models import DisclosurePolicy, FeedbackReply
from .redaction import public_phone
from .selectors import PUBLISHED_STAGES, _public_inspections


@dataclass(frozen=True)
class Section:
    item: str  # a DisclosureItem
    anchor: str
    title: str
    template: str
    load: Callable[[Society, dt.date], Any]


def _founded(society: Society) -> str:
    day = society.founded_on
    if day is None:
        return ""
    # Year and month only: a full date of a person-like shape is never printed publicly.
    return f"{day.year}年" if society.founded_precision == "year" else f"{day.year}年{day.month}月"


def registry(society: Society, day: dt.date) -> list[tuple[str, str]]:
    return [
        ("学会名称", society.name),
        ("统一社会信用代码", society.uscc),
        ("学科类别", society.get_category_display()),
        ("业务主管单位", society.supervising_authority),
        ("挂靠单位", society.host_display),
        ("成立时间", _founded(society)),
        ("法定代表人", society.legal_representative),
        ("登记状态", society.get_status_display()),
        ("所属科协", society.federation.name),
    ]


def contact(society: Society, day: dt.date) -> list[tuple[str, str]]:
    rows = [("办公地址", society.address), ("办公电话", public_phone(society.phone))]
    return [(label, value) for label, value in rows if value]


_OFFICE_ORDER = {value: n for n, value in enumerate(Office.values)}


def officers(society: Society, day: dt.date) -> list[tuple[str, str]]:
    """(post, name) of the posts current on `day`, in the order of the posts. One query."""
    rows = (
        Position.objects.filter(society=society, term__start_on__lte=day, start_on__lte=day)
        .exclude(term__ended_on__lte=day)
        .exclude(end_on__lte=day)
        .values_list("office", "is_executive", "person__name", "pk")
    )
    ordered = sorted(rows, key=lambda r: (_OFFICE_ORDER.get(r[0], 99), not r[1], r[3]))
    labels = dict(Office.choices)
    return [
        (("常务" if executive else "") + labels[office], name)
        for office, executive, name, _ in ordered
    ]


def evaluation(society: Society, day: dt.date) -> dict:
    """The class and stars after 公示 (confirmed years only), and every published year."""
    results = list(
        EvaluationResult.objects.filter(society=society, evaluation__stage__in=PUBLISHED_STAGES)
        .select_related("evaluation__scheme")
        .order_by("-evaluation__scheme__year", "-pk")
    )
    confirmed = [r for r in results if r.evaluation.stage == Stage.CONFIRMED]
    stars = (
        StarRating.objects.filter(
            society=society,
            evaluation__stage=Stage.CONFIRMED,
            valid_from__lte=day,
            valid_until__gte=day,
        )
        .order_by("-valid_from")
        .first()
    )
    if not results and stars is None:
        return {}
    latest = confirmed[0] if confirmed else None
    return {
        "tier": TIER_LABELS.get(latest.tier, "") if latest else "",
        "tier_year": latest.evaluation.scheme.year if latest else None,
        "stars": stars,
        "results": results,
    }


def pilot_results(society: Society, day: dt.date) -> list:
    return list(_public_inspections(society.federation).filter(membership__society=society))


def typical_cases(society: Society, day: dt.date) -> list:
    return list(
        TypicalCase.objects.filter(society=society, published_at__isnull=False)
        .select_related("batch__programme")
        .order_by("-published_at")
    )


def branches(society: Society, day: dt.date) -> list:
    return list(
        Branch.objects.filter(society=society)
        .exclude(status=BranchStatus.REVOKED)
        .order_by("kind", "name")
        .values("name", "kind", "head_name", "filed_on")
    )


def consortia(society: Society, day: dt.date) -> list:
    rows = (
        ConsortiumMember.objects.filter(society=society, joined_on__lte=day)
        .exclude(left_on__lte=day)
        .select_related("consortium")
        .order_by("consortium__name")
    )
    return [
        {"name": m.consortium.name, "field": m.consortium.field, "joined_on": m.joined_on}
        for m in rows
    ]


def annual_reports(society: Society, day: dt.date) -> list:
    """The years whose 年度工作报告 the 科协 accepted (the figures frozen then), newest first."""
    return list(
        AnnualReport.objects.filter(society=society, status=ReportStatus.ACCEPTED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def credit(society: Society, day: dt.date) -> dict:
    """The public part of the 信用档案: commendations, sanctions (a 约谈 is a supervisory talk,
    not published) and every listing on the 活动异常名录 with its dates and reasons."""
    found = {
        "commendations": list(Commendation.objects.filter(society=society, awarded_on__lte=day)),
        "sanctions": list(
            Sanction.objects.filter(society=society, issued_on__lte=day).exclude(
                kind=SanctionKind.TALK
            )
        ),
        "listings": list(Listing.objects.filter(society=society, listed_on__lte=day)),
    }
    return found if any(found.values()) else {}


def feedback_replies(society: Society, day: dt.date) -> list:
    return list(
        FeedbackReply.objects.filter(feedback__society=society, is_public=True)
        .select_related("feedback")
        .order_by("-written_at", "-pk")[:20]
    )


SECTIONS: list[Section] = [
    Section(DisclosureItem.REGISTRY, "registry", "登记信息", "portal/public/_registry.html", registry),
    Section(DisclosureItem.CONTACT, "contact", "联系方式", "portal/public/_contact.html", contact),
    Section(DisclosureItem.OFFICERS, "officers", "负责人", "portal/public/_officers.html", officers),
    Section(DisclosureItem.EVALUATION, "evaluation", "考评结果与星级", "portal/public/_evaluation.html", evaluation),
    Section(DisclosureItem.ANNUAL_REPORTS, "reports", "年度工作报告", "portal/public/_annual_reports.html", annual_reports),
    Section(DisclosureItem.BRANCHES, "branches", "分支机构", "portal/public/_branches.html", branches),
    Section(DisclosureItem.CONSORTIA, "consortia", "学会联合体", "portal/public/_consortia.html", consortia),
    Section(DisclosureItem.PILOT_RESULTS, "pilot", "试点验收结果", "portal/public/_pilot_results.html", pilot_results),
    Section(DisclosureItem.TYPICAL_CASES, "cases", "典型案例", "portal/public/_cases.html", typical_cases),
    Section(DisclosureItem.CREDIT, "credit", "信用记录", "portal/public/_credit.html", credit),
    Section(DisclosureItem.FEEDBACK_REPLIES, "replies", "留言答复", "portal/public/_replies.html", feedback_replies),
]  # fmt: skip


@dataclass(frozen=True)
class ShownSection:
    section: Section
    data: Any


def profile_context(society: Society, policy: DisclosurePolicy, day: dt.date) -> dict:
    """What the public profile shows: only the sections the policy publishes. Used by the
    public page and the society's preview alike."""
    shown = [
        ShownSection(section, section.load(society, day))
        for section in SECTIONS
        if section.item in (policy.public_items or [])
    ]
    return {"society": society, "federation": society.federation, "sections": shown, "today": day}
