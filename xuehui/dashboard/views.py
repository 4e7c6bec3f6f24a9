from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xuehui.access import scope_for

from . import selectors


@login_required
def home(request):
    """Federation staff see their overview; a society's secretary sees a card for it."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    sees_federation = scope.sees_federations
    context = {
        "today": today,
        "overview": selectors.federation_overview(request.user, today) if sees_federation else None,
        "own_societies": selectors.own_societies(request.user, today),
    }
    return render(request, "dashboard/home.html", context)
