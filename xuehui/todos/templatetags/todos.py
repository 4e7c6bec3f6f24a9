from django import template

register = template.Library()


@register.filter
def todo_urgency(todo, day) -> str:
    return todo.urgency(day)


@register.filter
def todo_days_left(todo, day) -> int | None:
    return todo.days_left(day)


@register.filter
def todo_overdue(group, day) -> int:
    return group.overdue(day)
