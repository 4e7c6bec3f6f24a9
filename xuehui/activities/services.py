"""Writes to activities (活动) and their evidence files."""

from collections.abc import Iterable

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audit_change, audited_delete, stored_copy
from xuehui.files.models import StoredFile
from xuehui.files.services import file_delete, file_store

from .models import Activity

FILE_PURPOSE = "活动佐证"


def _attach(activity: Activity, uploads: Iterable, actor) -> list[int]:
    stored = [
        file_store(upload=upload, society=activity.society, actor=actor, purpose=FILE_PURPOSE)
        for upload in uploads
    ]
    if stored:
        activity.evidence.add(*stored)
    return [item.pk for item in stored]


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    actor,
    uploads: Iterable = (),
    remove_files: Iterable[StoredFile] = (),
) -> Activity:
    """Add or change an activity (fields set by the form or the workbook), store each of
    `uploads` as its evidence and delete `remove_files` (of its own society only)."""
    require_edit(actor, activity.society)
    old = stored_copy(activity)
    activity.full_clean()
    activity.save()
    added, removed = _attach(activity, uploads, actor), []
    for stored in remove_files:
        if stored.society_id == activity.society_id:
            removed.append(stored.pk)
            activity.evidence.remove(stored)
            file_delete(stored_file=stored, actor=actor)
    audit_change(
        obj=activity,
        old=old,
        actor=actor,
        action=f"activity_{'update' if old else 'create'}",
        society=activity.society,
        summary=f"{'修改' if old else '新增'}活动 {activity.title}",
        extra={"evidence_added": added, "evidence_removed": removed},
    )
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    """Delete the activity and its evidence files."""
    require_edit(actor, activity.society)
    files = list(activity.evidence.all())
    audited_delete(
        activity,
        actor=actor,
        action="activity_delete",
        society=activity.society,
        summary=f"删除活动 {activity.title}",
    )
    for stored in files:
        file_delete(stored_file=stored, actor=actor)
