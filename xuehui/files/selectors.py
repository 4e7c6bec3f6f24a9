"""Reads of stored files."""

from collections.abc import Callable

from django.db.models import Sum

from .models import StoredFile

# Other stores that count against a user's upload quota (uploads waiting for an import's
# confirm, registered by the imports app): each gives the bytes the user keeps there.
_OTHER_USAGE: list[Callable[..., int]] = []


def register_usage(counter: Callable[..., int]) -> None:
    """Count `counter(user)` bytes against the user's upload quota too."""
    if counter not in _OTHER_USAGE:
        _OTHER_USAGE.append(counter)


def bytes_used_by(user) -> int:
    """The bytes `user` keeps stored (what counts against XUEHUI_USER_UPLOAD_QUOTA_BYTES):
    their files not deleted, and what the registered stores hold for them (uploads waiting for
    an import's confirm); 0 for an anonymous user or the command line."""
    if not getattr(user, "is_authenticated", False):
        return 0
    files = StoredFile.objects.filter(uploaded_by=user).aggregate(total=Sum("size"))
    return (files["total"] or 0) + sum(counter(user) for counter in _OTHER_USAGE)
