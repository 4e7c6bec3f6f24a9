from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .selectors import notifications_for, settle
from .services import notifications_mark_read


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    settle(request.user)
    page = Paginator(notifications_for(request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request, "notifications/notification_list.html", {"page": page, "unread_only": unread_only}
    )


@login_required
@require_POST
def notification_read(request):
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)
