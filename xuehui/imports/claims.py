"""One confirm writes an upload; a second confirm of the same file is told, not failed.

A confirm inserts a running `ImportClaim` for the file's fingerprint (kind, parameters and
bytes) in its own committed statement before it writes; the partial unique constraint lets
only one be running, so of two simultaneous confirms (a double click, two tabs, two users of
the same society with the same file) one writes and the other gets 「该文件正在导入」. After the
insert the confirm looks for the same file finished since it was uploaded (「该文件已于…导入」).
The import itself stays one transaction: a failed or killed import leaves only its claim,
which is removed on failure and ignored once it is older than XUEHUI_IMPORT_CLAIM_STALE_SECONDS.
"""

import datetime as dt
import functools
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone

from .choices import ClaimStatus
from .models import ImportClaim


class ImportClaimed(Exception):
    """The file is being imported by another confirm, or has already been imported."""


@dataclass
class ClaimHold:
    """Set `succeeded` once the import has been written; otherwise the claim is released."""

    claim: ImportClaim
    succeeded: bool = False
    outcome: dict = field(default_factory=dict)


def import_fingerprint(*, kind: str, params: dict, data: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(kind.encode())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def claim_message(claim: ImportClaim) -> str:
    if claim.status == ClaimStatus.DONE and claim.finished_at:
        when = timezone.localtime(claim.finished_at)
        return (
            f"该文件已于{when:%Y年%m月%d日 %H:%M:%S}导入（{claim.filename}），无需再次导入；"
            "如需再次导入，请重新上传"
        )
    return "该文件正在导入，请稍候刷新页面查看结果，不要重复提交"


def _stale_before() -> dt.datetime:
    seconds = getattr(settings, "XUEHUI_IMPORT_CLAIM_STALE_SECONDS", 3600)
    return timezone.now() - dt.timedelta(seconds=seconds)


def _insert(fields: dict) -> ImportClaim:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return ImportClaim.objects.create(**fields)
        except IntegrityError:
            running = ImportClaim.objects.filter(
                fingerprint=fields["fingerprint"], status=ClaimStatus.RUNNING
            ).first()
            if running is None:
                continue  # it finished in between: try again, then find it below
            if running.started_at < _stale_before():
                ImportClaim.objects.filter(pk=running.pk, status=ClaimStatus.RUNNING).delete()
                continue  # a killed worker's claim: its transaction was rolled back
            raise ImportClaimed(claim_message(running)) from None
    raise ImportClaimed(claim_message(ImportClaim(status=ClaimStatus.RUNNING)))


@contextmanager
def import_claim(*, pending, user, data: bytes):
    """Hold the right to write `pending`'s file; raises ImportClaimed if someone else has it.

    Must run outside any transaction (the claim has to be visible to the other confirm).
    """
    fingerprint = import_fingerprint(kind=pending.kind, params=pending.params, data=data)
    claim = _insert(
        {
            "token": pending.token,
            "fingerprint": fingerprint,
            "kind": pending.kind,
            "filename": pending.filename[:255],
            "user": user,
        }
    )
    hold = ClaimHold(claim)
    try:
        uploaded = dt.datetime.fromisoformat(pending.created) if pending.created else None
        earlier = ImportClaim.objects.filter(fingerprint=fingerprint, status=ClaimStatus.DONE)
        if uploaded is not None:
            earlier = earlier.filter(finished_at__gte=uploaded)
        earlier = earlier.order_by("-finished_at").first()
        if earlier is not None:
            raise ImportClaimed(claim_message(earlier))
        yield hold
    except BaseException:
        ImportClaim.objects.filter(pk=claim.pk).delete()
        raise
    if hold.succeeded:
        ImportClaim.objects.filter(pk=claim.pk).update(
            status=ClaimStatus.DONE, finished_at=timezone.now(), outcome=hold.outcome
        )
    else:
        ImportClaim.objects.filter(pk=claim.pk).delete()


def release_claims(*, token: str) -> None:
    """Drop the running claims of one upload (its writer died; see background.write_work)."""
    ImportClaim.objects.filter(token=token, status=ClaimStatus.RUNNING).delete()


def claimed_for_token(*, token: str, user) -> ImportClaim | None:
    """The latest claim of an upload of this user (a used preview or confirm link)."""
    return ImportClaim.objects.filter(token=token, user=user).order_by("-started_at").first()


def answers_claimed(view):
    """Answer ImportClaimed with its message (409) instead of an error page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ImportClaimed as claimed:
            context = {"message": str(claimed)}
            return render(request, "imports/claimed.html", context, status=409)

    return wrapper
