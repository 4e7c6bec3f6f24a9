from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from xuehui.access import scope_for
from xuehui.accounts.choices import Role
from xuehui.workbook.header_docs import imports

from .pages import BY_SLUG, ROLE_PAGES


def _own_pages(user) -> list:
    """The role pages of the roles the user holds, first in the index."""
    scope = scope_for(user)
    held = {
        Role.FEDERATION_ADMIN: scope.is_federation_staff,
        Role.FEDERATION_VIEWER: scope.sees_federations and not scope.is_federation_staff,
        Role.SOCIETY_EDITOR: scope.edits_societies,
        Role.EXPERT: scope.is_expert,
    }
    return [page for page in ROLE_PAGES if held.get(page.role)]


@login_required
def index(request):
    return render(
        request,
        "guide/index.html",
        {"pages": ROLE_PAGES, "own": _own_pages(request.user), "imports": imports()},
    )


@login_required
def role(request, slug):
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404("未找到该帮助页面")
    return render(request, f"guide/{slug}.html", {"page": page, "pages": ROLE_PAGES})


@login_required
def import_help(request, number: int):
    found = imports()
    if not 1 <= number <= len(found):
        raise Http404("未找到该导入的说明")
    title, columns = found[number - 1]
    return render(
        request,
        "guide/import.html",
        {"title": title, "columns": columns, "number": number, "imports": found},
    )
