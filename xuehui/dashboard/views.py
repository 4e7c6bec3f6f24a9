from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xuehui.access import federations_visible, scope_for
from xuehui.evaluation.selectors import tier_standings
from xuehui.todos.selectors import worklist

from . import selectors


@login_required
def home(request):
    """Everyone's 待办 first; then federation staff and leaders see the campaigns' progress and
    their overview, a society's secretary a card for each society they fill in for."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    sees_federation = scope.sees_federations
    summaries = selectors.campaign_summaries(request.user, today) if sees_federation else []
    overview = selectors.federation_overview(request.user, today) if sees_federation else None
    context = {
        "today": today,
        "scope": scope,
        "work": worklist(request.user, today),
        "overview": overview,
        "campaigns": summaries,
        "campaign_chart": selectors.campaign_chart(summaries) if summaries else None,
        "tier_standings": (
            tier_standings(federations_visible(request.user).values("pk"), today)
            if sees_federation
            else []
        ),
        "own_societies": selectors.own_societies(request.user, today),
        "demo_data": overview.synthetic if overview else selectors.shows_demo_data(request.user),
    }
    return render(request, "dashboard/home.html", context)
