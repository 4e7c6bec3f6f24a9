"""Saving a society's record that keeps one stored file (a rule document's text, a meeting's
minutes), shared by the regulations and meetings services."""

from django.db import models

from xuehui.files.services import file_delete, file_store


def record_save_with_upload(
    obj: models.Model,
    *,
    field: str,
    upload,
    society,
    actor,
    purpose: str,
    set_on_upload: dict | None = None,
) -> None:
    """Validate and save `obj`; an `upload` is stored as its `field`, and the file it replaces
    is deleted. `set_on_upload` holds the other fields an upload sets (has_minutes…)."""
    obj.full_clean()
    replaced = getattr(obj, field) if upload is not None else None
    if upload is not None:
        setattr(
            obj, field, file_store(upload=upload, society=society, actor=actor, purpose=purpose)
        )
        for name, value in (set_on_upload or {}).items():
            setattr(obj, name, value)
    obj.save()
    if replaced is not None:
        file_delete(stored_file=replaced, actor=actor)
