"""Uploads waiting for their user to look at the preview and confirm the import."""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .kinds import preview_page
from .models import PendingImport


@register
def import_todos(user, day: dt.date) -> Iterator[Todo]:
    for pending in PendingImport.objects.filter(user=user).order_by("created_at", "pk"):
        page = preview_page(pending.kind)
        if page is None:
            continue
        yield Todo(
            key=f"import:{pending.token}",
            kind=TodoKind.IMPORT_CONFIRM,
            title=pending.filename,
            url=reverse(page, args=[pending.token]),
            detail=f"{timezone.localtime(pending.created_at):%Y-%m-%d %H:%M}上传，尚未确认导入（上传一天后自动清除）",
        )
