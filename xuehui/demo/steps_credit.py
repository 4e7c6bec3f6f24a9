"""Step 信用档案 (001 四（三）8 学会信用体系建设): commendations of three Hubei societies, a 约谈 of
one whose council had not met and a 警告 by 民政 since rectified, a society put on the
活动异常名录 as unreachable and taken off a month later, and the daily sweep run on the demo
date: the society whose 2025 annual report is missing is listed for it.

Idempotent: entries are keyed by society, title or kind and date; what exists is kept."""

import datetime as dt

from xuehui.credit.choices import CommendationLevel, ListingCause, SanctionKind
from xuehui.credit.models import Commendation, Listing, Sanction
from xuehui.credit.services import (
    credit_entry_save,
    listing_close,
    listing_open,
    listings_sweep,
)
from xuehui.societies.models import Society

from .context import DemoContext

# (society, title, level, awarded by, days before the demo date, document number)
COMMENDATIONS = [
    ("湖北省林学会", "全国科协系统先进集体", CommendationLevel.NATIONAL, "中国科学技术协会", 400, "科协发组字〔2025〕12号"),
    ("湖北省环境科学学会", "湖北省科普工作先进集体", CommendationLevel.PROVINCIAL, "湖北省科学技术协会", 200, "鄂科协发〔2026〕8号"),
    ("湖北省气象学会", "湖北省优秀学会", CommendationLevel.PROVINCIAL, "湖北省科学技术协会", 560, ""),
]  # fmt: skip
# (society, kind, issued by, reason, days before, days until lifted or None)
SANCTIONS = [
    ("湖北省科学技术期刊编辑学会", SanctionKind.TALK, "湖北省科协学会学术部", "理事会连续两年未召开会议，未按章程开展活动", 150, None),
    ("湖北省风景园林学会", SanctionKind.WARNING, "湖北省民政厅", "未按规定期限办理换届，责令限期整改", 420, 300),
]  # fmt: skip
UNREACHABLE = "湖北省科学技术期刊编辑学会"


def _commendations(ctx: DemoContext) -> int:
    added = 0
    for name, title, level, by, days, number in COMMENDATIONS:
        society = ctx.societies[name]
        on = ctx.today - dt.timedelta(days=days)
        if Commendation.objects.filter(society=society, title=title, awarded_on=on).exists():
            continue
        entry = Commendation(
            society=society, title=title, level=level, awarded_by=by, awarded_on=on,
            document_number=number,
        )  # fmt: skip
        credit_entry_save(entry=entry, actor=ctx.actor)
        added += 1
    return added


def _sanctions(ctx: DemoContext) -> int:
    added = 0
    for name, kind, by, reason, days, lifted in SANCTIONS:
        society = ctx.societies[name]
        on = ctx.today - dt.timedelta(days=days)
        if Sanction.objects.filter(society=society, kind=kind, issued_on=on).exists():
            continue
        lifted_on = None if lifted is None else ctx.today - dt.timedelta(days=lifted)
        entry = Sanction(
            society=society, kind=kind, issued_by=by, reason=reason, issued_on=on,
            lifted_on=lifted_on,
        )  # fmt: skip
        credit_entry_save(entry=entry, actor=ctx.actor)
        added += 1
    return added


def _listing(ctx: DemoContext) -> int:
    society = ctx.societies[UNREACHABLE]
    if Listing.objects.filter(society=society, cause=ListingCause.UNREACHABLE).exists():
        return 0
    listing = listing_open(
        society=society, cause=ListingCause.UNREACHABLE, actor=ctx.actor,
        listed_on=ctx.today - dt.timedelta(days=130),
        reason="登记的住所和联系电话均无法联系，邮寄的通知被退回",
    )  # fmt: skip
    listing_close(
        listing=listing, actor=ctx.actor, removed_on=ctx.today - dt.timedelta(days=100),
        removal_reason="学会已更新住所和联系方式，经核实可以联系",
    )  # fmt: skip
    return 1


def load_credit(ctx: DemoContext) -> str:
    names = {row[0] for row in COMMENDATIONS} | {row[0] for row in SANCTIONS}
    if any(name not in ctx.societies for name in names):
        return "未载入湖北省科协的学会，跳过"
    commendations, sanctions = _commendations(ctx), _sanctions(ctx)
    listings = _listing(ctx)
    demo = Society.objects.filter(federation__in=list(ctx.federations.values()))
    listed, _ = listings_sweep(societies=demo, on=ctx.today, actor=ctx.actor)
    return (
        f"新增表彰 {commendations} 项、处罚与警示 {sanctions} 项、活动异常名录记录 {listings} 条，"
        f"因未按时报送年报列入 {listed} 个学会"
    )
