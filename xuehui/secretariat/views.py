"""The secretariat tab: profile (account, website, WeChat), full-time staff and offices."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.access import society_for
from xuehui.core.pages import society_page_context
from xuehui.core.record_pages import RecordPages, profile_page
from xuehui.lib.htmx import render_page

from . import selectors, services
from .forms import OfficeForm, SecretariatProfileForm, StaffFilterForm, StaffMemberForm
from .models import Office, StaffMember

TAB = "secretariat"
STAFF_PER_PAGE = 30


@login_required
@require_GET
def secretariat_page(request, society_pk):
    society = society_for(request.user, society_pk)
    today = timezone.localdate()
    filters = StaffFilterForm(request.GET)
    staff = selectors.staff_list(society, current_on=today if filters.current_only else None)
    context = society_page_context(
        request,
        society,
        TAB,
        profile=selectors.secretariat_profile_get(society),
        filters=filters,
        staff_page=Paginator(staff, STAFF_PER_PAGE).get_page(request.GET.get("page")),
        counts=selectors.staff_counts_for([society.pk], today).get(society.pk, {}),
        offices=selectors.office_list(society),
        today=today,
    )
    return render_page(
        request, "secretariat/secretariat.html", "secretariat/_staff_table.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, society_pk):
    return profile_page(
        request,
        society_pk,
        get=selectors.secretariat_profile_get,
        save=services.secretariat_profile_save,
        form_class=SecretariatProfileForm,
        noun="秘书处概况",
        done="已保存秘书处概况",
        list_url="secretariat:society",
        tab=TAB,
    )


staff_pages = RecordPages(
    model=StaffMember,
    form_class=StaffMemberForm,
    noun="工作人员",
    save=services.staff_member_save,
    delete=services.staff_member_delete,
    object_arg="staff",
    list_url="secretariat:society",
    tab=TAB,
    anchor="staff",
)
office_pages = RecordPages(
    model=Office,
    form_class=OfficeForm,
    noun="办公场所",
    save=services.office_save,
    delete=services.office_delete,
    object_arg="office",
    list_url="secretariat:society",
    tab=TAB,
    anchor="offices",
)
