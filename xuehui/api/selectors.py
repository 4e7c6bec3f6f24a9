"""Reads for the token pages (a user's own tokens, and those of the accounts an administrator
manages: the user-management pages' scope, xuehui.access.users_visible) and the API's import
jobs (their owner's alone)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from xuehui.access import users_manageable, users_visible
from xuehui.imports.tasks import import_check, import_write
from xuehui.jobs.models import Job

from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def tokens_managed(actor, *, live_only: bool = False) -> QuerySet[ApiToken]:
    """Tokens of the accounts the administrator sees (nobody's for anyone else), newest first."""
    tokens = ApiToken.objects.filter(user__in=users_visible(actor))
    if live_only:
        tokens = tokens.filter(revoked_at__isnull=True)
    return tokens.select_related("user").order_by("-created_at", "-pk")


def token_for(actor, pk) -> ApiToken:
    """A token the actor may revoke: their own, or one of an account they manage. A token of
    an account they do not see is 404 (as is none); of one they see but may not change
    (it also serves outside their 科协), 403, as on the user pages."""
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None:
        raise Http404("未找到该接口令牌")
    if token.user_id == actor.pk:
        return token
    if not users_visible(actor).filter(pk=token.user_id).exists():
        raise Http404("未找到该接口令牌")
    if not users_manageable(actor).filter(pk=token.user_id).exists():
        raise PermissionDenied("该用户还担任您管辖范围以外的角色，您不能吊销其接口令牌")
    return token


def import_job_for(user, pk) -> Job:
    """One of the user's own import jobs (the API's job route); anyone else's, a job of
    another kind, or none, is 404."""
    job = Job.objects.filter(
        pk=pk, user=user, task__in=[import_check.name, import_write.name]
    ).first()
    if job is None:
        raise Http404("未找到该任务")
    return job
