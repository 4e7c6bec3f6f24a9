"""Pages of a society's activities (活动)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages
from xuehui.lib.htmx import render_page

from . import selectors
from .choices import ActivityKind
from .forms import ActivityFilterForm, ActivityForm
from .models import Activity
from .services import activity_delete, activity_save

TAB = "activities"
PER_PAGE = 50


def _years(society) -> list[int]:
    return sorted({timezone.localdate().year, *selectors.activity_years(society)}, reverse=True)


@login_required
@require_GET
def activity_list(request, society_pk):
    society = society_for(request.user, society_pk)
    filters = ActivityFilterForm(request.GET, years=_years(society))
    year = filters.value("year")
    activities = selectors.activities_of(
        society, year=year, kind=filters.value("kind") or "", level=filters.value("level") or ""
    )
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    context = society_page_context(request, society, TAB, filters=filters, page=page, year=year)
    if year:
        counts = selectors.activity_counts_by_kind(society, year)
        context["year_counts"] = [
            (kind.label, counts[kind]) for kind in ActivityKind if kind in counts
        ]
    return render_page(
        request, "activities/activity_list.html", "activities/_activity_table.html", context
    )


activity_pages = RecordPages(
    model=Activity,
    form_class=ActivityForm,
    noun="活动",
    save=activity_save,
    delete=activity_delete,
    object_arg="activity",
    list_url="activities:list",
    tab=TAB,
    consequence="活动的佐证材料将一并删除。",
    extra=lambda form: {
        "uploads": form.cleaned_data["uploads"],
        "remove_files": form.cleaned_data.get("remove_files") or (),
    },
)
