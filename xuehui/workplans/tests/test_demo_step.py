from collections import Counter

from xuehui.audit.models import AuditEntry
from xuehui.demo.accounts import SECRETARY_SOCIETY
from xuehui.demo.context import DemoContext
from xuehui.demo.steps_workplans import load_workplans
from xuehui.tests.factories import make_society
from xuehui.workplans.choices import PlanStatus
from xuehui.workplans.models import PlanTask, ProgressUpdate, WorkPlan

from .factories import make_campaign, make_entry


def _context(federation, societies) -> DemoContext:
    ctx = DemoContext()
    ctx.federations = {"hubei": federation}
    ctx.societies = {society.name: society for society in societies}
    return ctx


def test_the_demo_step_writes_nothing_without_an_open_campaign(federation):
    assert "没有进行中的评估检查工作" in load_workplans(_context(federation, []))


def test_the_demo_step_spreads_plans_over_every_state_once(federation):
    societies = [make_society(name=SECRETARY_SOCIETY, federation=federation)] + [
        make_society(name=f"湖北省演示学会{n}", federation=federation) for n in range(24)
    ]
    campaign = make_campaign(federation)
    for society in societies:
        make_entry(campaign, society)
    ctx = _context(federation, societies)
    load_workplans(ctx)
    statuses = Counter(WorkPlan.objects.values_list("status", flat=True))
    assert set(statuses) == set(PlanStatus)
    assert 0 < sum(statuses.values()) < len(societies)  # some have not started yet
    assert WorkPlan.objects.get(entry__society__name=SECRETARY_SOCIETY).status == PlanStatus.DRAFT
    approved = PlanTask.objects.filter(plan__status=PlanStatus.APPROVED)
    assert any(task.is_overdue_on(ctx.today) for task in approved)
    assert ProgressUpdate.objects.exists()
    counts = (WorkPlan.objects.count(), PlanTask.objects.count(), AuditEntry.objects.count())
    assert "新增 0 份" in load_workplans(ctx)
    assert (
        WorkPlan.objects.count(),
        PlanTask.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
