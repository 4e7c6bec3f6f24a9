from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from xuehui.accounts.access import societies_visible


@login_required
def home(request):
    societies = societies_visible(request.user)
    return render(request, "dashboard/home.html", {"society_count": societies.count()})
