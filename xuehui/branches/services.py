"""Writes to branches and the yearly reports of their heads."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audited_delete, audited_record_save

from .models import Branch, BranchReport


@transaction.atomic
def branch_save(*, branch: Branch, actor) -> Branch:
    """Add or change a branch (its fields set by the form)."""
    require_edit(actor, branch.society)
    return audited_record_save(branch, actor=actor, action="branch", what=f"分支机构 {branch.name}")


@transaction.atomic
def branch_delete(*, branch: Branch, actor) -> None:
    """Delete a branch entered by mistake, with its reports; a closed one is marked 已撤销."""
    require_edit(actor, branch.society)
    audited_delete(
        branch,
        actor=actor,
        action="branch_delete",
        society=branch.society,
        summary=f"删除分支机构 {branch.name}",
    )


@transaction.atomic
def branch_report_save(*, report: BranchReport, actor) -> BranchReport:
    """Enter or correct a yearly report of a branch's head."""
    require_edit(actor, report.branch.society)
    return audited_record_save(
        report,
        actor=actor,
        action="branch_report",
        what=f" {report.branch.name} {report.year}年负责人述职",
        society=report.branch.society,
    )


@transaction.atomic
def branch_report_delete(*, report: BranchReport, actor) -> None:
    require_edit(actor, report.branch.society)
    audited_delete(
        report,
        actor=actor,
        action="branch_report_delete",
        society=report.branch.society,
        summary=f"删除 {report.branch.name} {report.year}年负责人述职",
    )
