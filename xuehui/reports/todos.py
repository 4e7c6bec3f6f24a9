"""The secretary's to-do: last year's annual report, owed until submitted (due on the 科协's
deadline), and again after a return (due on the correction deadline)."""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from xuehui.access import scope_for, societies_filled_in
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .choices import ReportStatus
from .selectors import current_report_year, report_rows

OWING = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@register(from_records=True)
def report_todos(user, day: dt.date) -> Iterator[Todo]:
    if not scope_for(user).edits_societies:
        return
    year = current_report_year(day)
    for row in report_rows(societies_filled_in(user), year, day):
        report = row.report
        if report is not None and report.status not in OWING:
            continue
        returned = report is not None and report.status == ReportStatus.RETURNED
        yield Todo(
            key=f"annual-report:{row.society.pk}:{year}",
            kind=TodoKind.ANNUAL_REPORT,
            title=row.society.name,
            url=reverse("reports:report", args=[row.society.pk, year]),
            due=report.correction_due_on if report is not None and returned else row.due_on,
            detail=f"{year}年度工作报告" + ("被退回，请修改后重新报送" if returned else "尚未报送"),
        )
