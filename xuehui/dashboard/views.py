from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xuehui.access import federations_visible, scope_for
from xuehui.core.page_cache import cached
from xuehui.evaluation.selectors import tier_standings
from xuehui.todos.selectors import worklist

from . import selectors


@login_required
def home(request):
    """Everyone's 待办 first; then federation staff and leaders see the campaigns' progress and
    their overview, a society's secretary a card for each society they fill in for. The figures
    are kept across requests for the user's scope until the next write (core.page_cache); the
    to-dos are the user's own (the registry keeps those read from audited records per user)."""
    today = timezone.localdate()
    context = {
        "today": today,
        "scope": scope_for(request.user),
        "work": worklist(request.user, today),
        **cached("dashboard", request.user, (), lambda: figures(request.user, today)),
    }
    return render(request, "dashboard/home.html", context)


def figures(user, today) -> dict:
    """The 工作台's figures for the user's scope: campaigns, overview, classes, own societies."""
    sees_federation = scope_for(user).sees_federations
    summaries = selectors.campaign_summaries(user, today) if sees_federation else []
    overview = selectors.federation_overview(user, today) if sees_federation else None
    return {
        "overview": overview,
        "campaigns": summaries,
        "campaign_chart": selectors.campaign_chart(summaries) if summaries else None,
        "tier_standings": (
            tier_standings(federations_visible(user).values("pk"), today) if sees_federation else []
        ),
        "own_societies": selectors.own_societies(user, today),
        "demo_data": overview.synthetic if overview else selectors.shows_demo_data(user),
    }
