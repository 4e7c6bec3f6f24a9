"""Writes of the form-submission records: only their clean-up."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import FormSubmission

TOKEN_RETENTION = dt.timedelta(days=1)


def token_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - TOKEN_RETENTION


@transaction.atomic
def purge_old_tokens(*, before: dt.datetime) -> int:
    """Delete the submission records made before `before` (a day is plenty); return how many.

    A page rendered before then and submitted after is served as a first submit.
    """
    deleted, _ = FormSubmission.objects.filter(created_at__lt=before).delete()
    return deleted
