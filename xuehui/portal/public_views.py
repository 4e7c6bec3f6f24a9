"""The public portal (/public/): no sign-in, no session, no user. Every page but the 留言 form
is rendered without the request (so no context processor reads the user or the session and no
cookie is set or varied on) and says `Cache-Control: public, max-age=…`; they need no script.
Unknown or unpublished ids answer a bare 404."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from xuehui.evaluation.choices import Stage, Tier
from xuehui.societies.choices import DisciplineCategory

from . import selectors, services, throttle
from .choices import DisclosureItem
from .forms import FeedbackForm
from .profile import profile_context

PAGE_SIZE = 30


def public_page(view):
    """A GET page anyone may cache: rendered without the request, public max-age."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.xuehui_public_page = True  # config.middleware.SessionMiddleware leaves it be
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.XUEHUI_PORTAL_MAX_AGE)
        return response

    return login_not_required(require_safe(wrapper))


def _page(template: str, context: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def _federation_context(code: str, section: str = "directory") -> dict:
    federation, policy = selectors.public_federation(code)
    return {
        "section": section,
        "federation": federation,
        "policy": policy,
        "shows": {item: policy.publishes(item) for item in DisclosureItem.values},
    }


@public_page
def index(request):
    federations = list(selectors.open_federations())
    if len(federations) == 1:
        return redirect("public:directory", code=federations[0].code)
    return _page("portal/public/index.html", {"federations": federations})


@public_page
def directory(request, code):
    context = _federation_context(code)
    filters = selectors.DirectoryFilters(
        q=request.GET.get("q", "")[:50],
        category=request.GET.get("category", ""),
        tier=request.GET.get("tier", "") if request.GET.get("tier") in Tier.values else "",
    )
    societies = selectors.directory(
        context["federation"], context["policy"], filters, timezone.localdate()
    )
    page = Paginator(societies, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page, filters=filters, query=query.urlencode(),
        categories=DisciplineCategory.choices, tiers=Tier.choices,
    )  # fmt: skip
    return _page("portal/public/directory.html", context)


@public_page
def society(request, code, pk):
    context = _federation_context(code)
    found = selectors.public_society(context["federation"], pk)
    context.update(profile_context(found, context["policy"], timezone.localdate()))
    return _page("portal/public/profile.html", context)


@public_page
def report(request, code, pk, year):
    """An accepted 年度工作报告 as the 科协 accepted it: the figures frozen then (never the
    records behind them) and the narrative, where the policy publishes annual reports."""
    context = _federation_context(code)
    found = selectors.public_society(context["federation"], pk)
    if not context["policy"].publishes(DisclosureItem.ANNUAL_REPORTS):
        raise Http404
    context.update(selectors.public_report(found, year))
    return _page("portal/public/report.html", context)


@public_page
def notices(request, code):
    context = _federation_context(code, "notices")
    federation, policy = context["federation"], context["policy"]
    context.update(
        evaluations=selectors.evaluation_notices(federation, policy, Stage.PUBLICITY),
        inspections=selectors.pilot_notices(federation, policy),
    )
    return _page("portal/public/notices.html", context)


@public_page
def results(request, code):
    context = _federation_context(code, "results")
    federation, policy = context["federation"], context["policy"]
    context.update(
        evaluations=selectors.evaluation_notices(federation, policy, Stage.CONFIRMED),
        inspections=selectors.pilot_results(federation, policy),
    )
    return _page("portal/public/results.html", context)


@public_page
def cases(request, code):
    context = _federation_context(code, "cases")
    context["cases"] = selectors.typical_cases(context["federation"], context["policy"])
    return _page("portal/public/cases.html", context)


@public_page
def feedback_thanks(request, code, pk):
    context = _federation_context(code)
    context["society"] = selectors.public_society(context["federation"], pk)
    return _page("portal/public/feedback_thanks.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request, code, pk):
    """The 留言 form: the one public page with a session (its CSRF cookie, the time it was shown
    and the per-session count); throttled, length-limited, with a hidden field for robots."""
    context = _federation_context(code)
    found = selectors.public_society(context["federation"], pk)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        refusal = throttle.refusal(request)
        throttle.count(request)
        thanks = reverse("public:feedback_thanks", args=[code, found.pk])
        if refusal:
            form.add_error(None, refusal)
            status = 429
        elif form.is_valid() and form.is_robot():
            return redirect(thanks)  # told nothing: a robot learns nothing from the answer
        elif form.is_valid():
            try:
                services.feedback_submit(
                    society=found, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                    address_hash=throttle.address_hash(throttle.client_address(request)),
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(thanks)
    throttle.mark_form_shown(request)
    context.update(society=found, form=form)
    return render(request, "portal/public/feedback_form.html", context, status=status)
