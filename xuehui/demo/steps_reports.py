"""Step 学会年报: the societies' 2025 annual reports as the 科协 sees them on the demo date —
most accepted (figures frozen), one returned with a correction deadline in working days, one
submitted late and waiting for the 初审, one never filed (on the 未按时报送 list); Wuhan's 科协
sets an earlier deadline (30 April) than the default 31 May.

Idempotent: a report is keyed by its society and year; one that exists is left as it is."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from xuehui.reports import services
from xuehui.reports.models import AnnualReport, ReportSetting

from .context import DemoContext

MISSING = "湖北省科学技术期刊编辑学会"
RETURNED = "湖北省物理学会"
LATE = "湖北省土木建筑学会"
COVER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _narrative(society, year: int) -> dict:
    return {
        "work_summary": (
            f"{year}年，{society.name}坚持党建引领，围绕学术交流、科学普及、人才举荐和服务会员"
            "开展工作，按章程召开理事会，完善内部管理制度，各项工作有序推进。"
        ),
        "governance_note": "本年度会议按章程召开；未达到章程要求的，因换届筹备调整至次年初召开。",
        "finance_note": "财务收支按财务制度执行，年度财务报告经会计师事务所审计。",
        "next_year_plan": f"{year + 1}年，继续办好学术年会和科普活动，推进秘书处专职化建设。",
    }


def _file(ctx: DemoContext, society, year: int, on: dt.date) -> AnnualReport:
    services.report_save(society=society, year=year, actor=ctx.actor, **_narrative(society, year))
    upload = SimpleUploadedFile(f"{year}年度工作报告封面.pdf", COVER, "application/pdf")
    services.report_cover_attach(society=society, year=year, upload=upload, actor=ctx.actor)
    return services.report_submit(society=society, year=year, actor=ctx.actor, on=on)


def _setting(ctx: DemoContext) -> None:
    wuhan = ctx.federations.get("wuhan")
    if wuhan is not None and not ReportSetting.objects.filter(federation=wuhan).exists():
        services.report_setting_save(
            federation=wuhan, due_month=4, due_day=30, council_meetings=1,
            standing_council_meetings=2, correction_days=10, actor=ctx.actor,
        )  # fmt: skip


def load_reports(ctx: DemoContext) -> str:
    year = ctx.today.year - 1
    _setting(ctx)
    known = set(AnnualReport.objects.filter(year=year).values_list("society_id", flat=True))
    added = 0
    for n, (name, society) in enumerate(sorted(ctx.societies.items())):
        if name == MISSING or society.pk in known:
            continue
        if society.founded_on and society.founded_on.year > year:
            continue
        if name == LATE:
            _file(ctx, society, year, dt.date(year + 1, 6, 12))
        elif name == RETURNED:
            report = _file(ctx, society, year, dt.date(year + 1, 5, 20))
            services.report_return(
                report=report, working_days=10, actor=ctx.actor, on=ctx.today - dt.timedelta(days=10),
                reason="财务收支与审计报告数字不一致，请核对年度财务记录并补充说明。",
            )  # fmt: skip
        else:
            report = _file(ctx, society, year, dt.date(year + 1, 3, 10) + dt.timedelta(days=n))
            services.report_accept(report=report, actor=ctx.actor, on=dt.date(year + 1, 4, 20))
        added += 1
    return f"{year}年度：新增年报 {added} 份（1 份退回修改、1 份逾期报送待审、1 个学会未报送）"
