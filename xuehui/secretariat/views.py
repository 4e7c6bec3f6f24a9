"""The secretariat tab: profile (account, website, WeChat), full-time staff and offices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from xuehui.accounts.access import society_for
from xuehui.lib.record_forms import add_service_errors
from xuehui.members.pages import RecordPages, society_page_context

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
        profile=services.secretariat_profile_get(society),
        filters=filters,
        staff_page=Paginator(staff, STAFF_PER_PAGE).get_page(request.GET.get("page")),
        counts=selectors.staff_counts_for([society.pk], today).get(society.pk, {}),
        offices=selectors.office_list(society),
        today=today,
    )
    template = "secretariat/_staff_table.html" if request.htmx else "secretariat/secretariat.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, society_pk):
    society = society_for(request.user, society_pk, edit=True)
    profile = services.secretariat_profile_get(society)
    form = SecretariatProfileForm(request.POST or None, instance=profile, society=society)
    if request.method == "POST" and form.is_valid():
        try:
            services.secretariat_profile_save(
                society=society, actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存秘书处概况")
            return redirect("secretariat:society", society_pk=society.pk)
    context = society_page_context(
        request,
        society,
        TAB,
        form=form,
        noun="秘书处概况",
        object=profile if profile.pk else None,
        back_url=reverse("secretariat:society", args=[society.pk]),
    )
    return render(request, "members/record_form.html", context)


staff_pages = RecordPages(
    model=StaffMember,
    form_class=StaffMemberForm,
    noun="专职工作人员",
    create=services.staff_member_create,
    update=services.staff_member_update,
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
    create=services.office_create,
    update=services.office_update,
    delete=services.office_delete,
    object_arg="office",
    list_url="secretariat:society",
    tab=TAB,
    anchor="offices",
)
