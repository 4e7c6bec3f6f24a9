"""The party organisation tab: the society's organisations and its 党建 activities."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuehui.access import society_for
from xuehui.activities.choices import ActivityKind
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages
from xuehui.lib.htmx import render_page

from . import selectors, services
from .forms import PartyFilterForm, PartyOrganisationForm
from .models import PartyOrganisation

TAB = "party"
PER_PAGE = 30
ACTIVITY_YEARS = 3


@login_required
@require_GET
def party_page(request, society_pk):
    society = society_for(request.user, society_pk)
    today = timezone.localdate()
    filters = PartyFilterForm(request.GET)
    organisations = selectors.party_organisations_of(
        society, active_on=None if filters.value("show") == "all" else today
    )
    if filters.value("form"):
        organisations = organisations.filter(form=filters.value("form"))
    years = range(today.year, today.year - ACTIVITY_YEARS, -1)
    context = society_page_context(
        request,
        society,
        TAB,
        filters=filters,
        page=Paginator(organisations, PER_PAGE).get_page(request.GET.get("page")),
        current=selectors.current_party_organisations_for([society.pk], today).get(society.pk),
        activity_counts=selectors.party_activity_counts(society, years=years).items(),
        party_kind=ActivityKind.PARTY_BUILDING.value,
        today=today,
    )
    return render_page(request, "party/party.html", "party/_organisation_table.html", context)


organisation_pages = RecordPages(
    model=PartyOrganisation,
    form_class=PartyOrganisationForm,
    noun="党组织",
    save=services.party_organisation_save,
    delete=services.party_organisation_delete,
    object_arg="organisation",
    list_url="party:society",
    tab=TAB,
)
