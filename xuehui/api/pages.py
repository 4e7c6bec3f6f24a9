"""The token pages under the account pages (/accounts/api-tokens/): a user issues a token for
themselves (shown once), lists and revokes their own; a system or 科协 administrator lists and
revokes the tokens of the accounts they manage. Every issue and revocation is audited
(services). The pages live in this app, not in accounts, which sits below it (test_layers)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from xuehui.access import scope_for

from . import selectors
from .forms import TokenIssueForm
from .services import token_issue, token_revoke

PER_PAGE = 50


@login_required
def token_list(request):
    """GET: the user's tokens and the form; POST: a new token, its key on this answer only."""
    form = TokenIssueForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = token_issue(
                user=request.user,
                actor=request.user,
                days=form.cleaned_data["days"],
                name=form.cleaned_data["name"],
                max_days=settings.XUEHUI_API_TOKEN_DAYS,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenIssueForm()
    context = {
        "form": form,
        "key": key,
        "tokens": selectors.tokens_of(request.user),
        "manages": scope_for(request.user).is_federation_staff,
    }
    response = render(request, "accounts/api_tokens.html", context)
    response["Cache-Control"] = "no-store"  # the key, once
    return response


@login_required
@require_GET
def token_managed(request):
    if not scope_for(request.user).is_federation_staff:
        raise PermissionDenied("只有系统管理员和科协管理员可以管理其他用户的接口令牌")
    live_only = request.GET.get("live") == "1"
    tokens = selectors.tokens_managed(request.user, live_only=live_only)
    context = {
        "page": Paginator(tokens, PER_PAGE).get_page(request.GET.get("page")),
        "live_only": live_only,
    }
    return render(request, "accounts/api_tokens_managed.html", context)


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = selectors.token_for(request.user, pk)
    if token_revoke(token=token, actor=request.user):
        messages.success(request, f"已吊销接口令牌 {token.prefix}…，使用它的系统将无法再访问接口")
    else:
        messages.info(request, f"接口令牌 {token.prefix}… 此前已被吊销")
    if token.user_id == request.user.pk:
        return redirect("api_tokens:list")
    return redirect("api_tokens:managed")
