"""Writes to branches and the yearly reports of their heads."""

from django.db import transaction

from xuehui.audit.services import audited_delete, audited_save

from .models import Branch, BranchReport


@transaction.atomic
def branch_create(*, society, actor=None, **fields) -> Branch:
    branch = Branch(society=society, **fields)
    return audited_save(
        branch,
        actor=actor,
        action="branch_create",
        society=society,
        summary=f"新增分支机构 {branch.name}",
    )


@transaction.atomic
def branch_update(*, branch: Branch, actor=None, **fields) -> Branch:
    for name, value in fields.items():
        setattr(branch, name, value)
    return audited_save(
        branch,
        actor=actor,
        action="branch_update",
        society=branch.society,
        summary=f"修改分支机构 {branch.name}",
    )


@transaction.atomic
def branch_delete(*, branch: Branch, actor=None) -> None:
    """Delete a branch entered by mistake, with its reports; a closed one is marked 已撤销."""
    audited_delete(
        branch,
        actor=actor,
        action="branch_delete",
        society=branch.society,
        summary=f"删除分支机构 {branch.name}",
    )


@transaction.atomic
def branch_report_create(*, branch: Branch, actor=None, **fields) -> BranchReport:
    report = BranchReport(branch=branch, **fields)
    return audited_save(
        report,
        actor=actor,
        action="branch_report_create",
        society=branch.society,
        summary=f"登记 {branch.name} {report.year}年负责人述职",
    )


@transaction.atomic
def branch_report_update(*, report: BranchReport, actor=None, **fields) -> BranchReport:
    for name, value in fields.items():
        setattr(report, name, value)
    return audited_save(
        report,
        actor=actor,
        action="branch_report_update",
        society=report.branch.society,
        summary=f"修改 {report.branch.name} {report.year}年负责人述职",
    )


@transaction.atomic
def branch_report_delete(*, report: BranchReport, actor=None) -> None:
    audited_delete(
        report,
        actor=actor,
        action="branch_report_delete",
        society=report.branch.society,
        summary=f"删除 {report.branch.name} {report.year}年负责人述职",
    )
