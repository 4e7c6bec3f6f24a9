from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .selectors import worklist


@login_required
def todo_list(request):
    """待办: everything the user still has to do, grouped, the most urgent first."""
    work = worklist(request.user, timezone.localdate())
    return render(request, "todos/todo_list.html", {"work": work})


@login_required
def todo_badge(request):
    """The header's bell, loaded after the page so no page waits for the to-do count."""
    work = worklist(request.user, timezone.localdate())
    return render(request, "todos/_badge.html", {"work": work})
