"""The yearly ledger (台账) of a programme and the computed list, as xlsx through the one
exporter base."""

from decimal import Decimal

from xuehui.lib.export import Exporter

from .allocation import Placement
from .models import SubsidyApplication


class LedgerExporter(Exporter):
    """经费补贴台账: one row per application with money allocated, approved or paid."""

    sheet_title = "补贴台账"
    header = (
        "类别", "排序", "学会", "统一社会信用代码", "测算金额（元）", "决定", "批准金额（元）",
        "决定理由", "已拨付（元）", "待拨付（元）", "拨付记录（日期 金额 凭证号）",
    )  # fmt: skip

    def __init__(self, objects, *, programme):
        super().__init__(objects)
        self.title = f"{programme.federation.name}{programme.year}年度{programme.name}台账"

    def row(self, obj: SubsidyApplication):
        approved = obj.approved_amount or Decimal(0)
        payments = "\n".join(
            f"{p.paid_on:%Y-%m-%d} {p.amount}元 {p.voucher_no}" for p in obj.payments.all()
        )
        return (
            obj.category.name, obj.rank or "", obj.society.name, obj.society.uscc,
            obj.allocated_amount, obj.get_decision_display(), obj.approved_amount or "",
            obj.decision_reason, obj.paid, max(approved - obj.paid, Decimal(0)), payments,
        )  # fmt: skip


class RankingExporter(Exporter):
    """The computed list of every category: eligibility, priority, score, rank, amount."""

    sheet_title = "补贴测算"
    header = (
        "类别", "排序", "学会", "统一社会信用代码", "是否符合条件", "资格核验", "满足的优先条件",
        "考评得分", "测算金额（元）", "说明",
    )  # fmt: skip

    def __init__(self, objects, *, programme):
        super().__init__(objects)
        self.title = f"{programme.federation.name}{programme.year}年度{programme.name}测算结果"

    def row(self, obj: tuple):
        category, placement = obj
        assert isinstance(placement, Placement)
        c = placement.candidate
        labels = dict(zip(category.priorities, category.priority_labels, strict=True))
        return (
            category.name, placement.rank or "", c.name, c.code, "是" if c.eligible else "否",
            "；".join(c.reasons), "、".join(labels[p] for p in c.priority),
            c.score if c.score is not None else "", placement.amount, placement.note,
        )  # fmt: skip
