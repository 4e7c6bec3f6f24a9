"""Terms to renew: a secretary's society whose term ends within half a year (or has ended), and
for a 科协 the societies past their term."""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from xuehui.access import scope_for, societies_administered, societies_filled_in
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .choices import SocietyStatus
from .selectors import overdue_q, with_current_term

TERM_AHEAD_DAYS = 183  # 换届筹备 starts half a year before the term ends


def _secretary(user, day: dt.date) -> Iterator[Todo]:
    living = societies_filled_in(user).exclude(status=SocietyStatus.DEREGISTERED)
    societies = with_current_term(living, day).order_by("name_pinyin", "pk")
    for society in societies:
        url = reverse("governance:council", args=[society.pk])
        if society.current_term_id is None:
            yield Todo(
                key=f"term-missing:{society.pk}",
                kind=TodoKind.RECORDS,
                title=society.name,
                url=url,
                detail="尚未录入当前届次及理事会，自动核验无法计算理事会构成",
            )
            continue
        end = society.current_term_end
        if society.current_term_ended_on is None and end <= day + dt.timedelta(
            days=TERM_AHEAD_DAYS
        ):
            late = end <= day
            yield Todo(
                key=f"term-due:{society.pk}:{society.current_term_id}",
                kind=TodoKind.TERM_DUE,
                title=society.name,
                url=url,
                due=end,
                detail=f"第{society.current_term_number}届"
                + ("已届满，请尽快换届并录入新一届理事会" if late else "即将届满，请启动换届筹备"),
            )


def _administrator(user, day: dt.date) -> Iterator[Todo]:
    living = societies_administered(user).exclude(status=SocietyStatus.DEREGISTERED)
    overdue = with_current_term(living, day).filter(overdue_q(day))
    count = overdue.count()
    if count:
        yield Todo(
            key="terms-overdue",
            kind=TodoKind.TERMS_OVERDUE,
            title=f"{count} 个学会届满未换届",
            url=f"{reverse('societies:list')}?term_state=overdue&sort=term_end",
            count=count,
            detail="督促学会按期换届（可在学会名录中按届满日期查看）",
        )


@register(from_records=True)
def term_todos(user, day: dt.date) -> Iterator[Todo]:
    scope = scope_for(user)
    if scope.edits_societies:
        yield from _secretary(user, day)
    if scope.is_federation_staff:
        yield from _administrator(user, day)
