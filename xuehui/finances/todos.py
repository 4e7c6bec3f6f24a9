"""Last year's finances, owed once the year is over (by 31 May, when the annual inspection's
figures are due)."""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from xuehui.access import scope_for, societies_filled_in
from xuehui.societies.choices import SocietyStatus
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .models import FinanceYear

DUE_MONTH_DAY = (5, 31)


@register(from_records=True)
def finance_todos(user, day: dt.date) -> Iterator[Todo]:
    if not scope_for(user).edits_societies:
        return
    year = day.year - 1
    filed = FinanceYear.objects.filter(year=year).values("society_id")
    owing = (
        societies_filled_in(user)
        .exclude(status=SocietyStatus.DEREGISTERED)
        .exclude(founded_on__year__gte=day.year)  # founded this year: no finances for last year
        .exclude(pk__in=filed)
    )
    for society in owing.order_by("name_pinyin", "pk"):
        yield Todo(
            key=f"finance:{society.pk}:{year}",
            kind=TodoKind.RECORDS,
            title=society.name,
            url=reverse("finances:list", args=[society.pk]),
            due=dt.date(day.year, *DUE_MONTH_DAY),
            detail=f"尚未填报{year}年度财务（收入来源、支出、净资产）",
        )
