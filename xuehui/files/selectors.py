"""Reads of stored files."""

from django.db.models import QuerySet

from .models import StoredFile


def files_of_society(society, *, purpose: str | None = None) -> QuerySet[StoredFile]:
    files = StoredFile.objects.filter(society=society).select_related("uploaded_by")
    if purpose is not None:
        files = files.filter(purpose=purpose)
    return files.order_by("-uploaded_at", "-id")
