"""Writes to branches and the yearly reports of their heads."""

from django.db import transaction

from xuehui.audit.services import audit_record

from .models import Branch, BranchReport


def _write(obj, *, actor, action: str, society, summary: str):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, society=society, summary=summary)
    return obj


@transaction.atomic
def branch_create(*, society, actor=None, **fields) -> Branch:
    branch = Branch(society=society, **fields)
    return _write(
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
    return _write(
        branch,
        actor=actor,
        action="branch_update",
        society=branch.society,
        summary=f"修改分支机构 {branch.name}",
    )


@transaction.atomic
def branch_delete(*, branch: Branch, actor=None) -> None:
    """Delete a branch entered by mistake, with its reports; a closed one is marked 已撤销."""
    audit_record(
        actor=actor,
        action="branch_delete",
        target=branch,
        society=branch.society,
        summary=f"删除分支机构 {branch.name}",
    )
    branch.delete()


@transaction.atomic
def branch_report_create(*, branch: Branch, actor=None, **fields) -> BranchReport:
    report = BranchReport(branch=branch, **fields)
    return _write(
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
    return _write(
        report,
        actor=actor,
        action="branch_report_update",
        society=report.branch.society,
        summary=f"修改 {report.branch.name} {report.year}年负责人述职",
    )


@transaction.atomic
def branch_report_delete(*, report: BranchReport, actor=None) -> None:
    audit_record(
        actor=actor,
        action="branch_report_delete",
        target=report,
        society=report.branch.society,
        summary=f"删除 {report.branch.name} {report.year}年负责人述职",
    )
    report.delete()
