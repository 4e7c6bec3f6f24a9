"""Writes to meetings (会议) and their resolutions (决议)."""

from django.db import transaction

from xuehui.audit.services import audit_change, audited_delete, audited_save, stored_copy
from xuehui.core.record_files import record_save_with_upload
from xuehui.files.services import file_delete

from .models import Meeting, Resolution

FILE_PURPOSE = "会议纪要"
MINUTES_STORED = {"has_minutes": True}


@transaction.atomic
def meeting_create(*, society, actor=None, upload=None, **fields) -> Meeting:
    """Record a meeting; `upload`, if given, is stored as its minutes."""
    meeting = Meeting(society=society, **fields)
    record_save_with_upload(
        meeting,
        field="minutes_file",
        upload=upload,
        society=society,
        actor=actor,
        purpose=FILE_PURPOSE,
        set_on_upload=MINUTES_STORED,
    )
    audit_change(
        obj=meeting,
        old=None,
        actor=actor,
        action="meeting_create",
        society=society,
        summary=f"新增会议 {meeting}",
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor=None, upload=None, **fields) -> Meeting:
    """Change the given fields; a new `upload` replaces the minutes file."""
    old = stored_copy(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    record_save_with_upload(
        meeting,
        field="minutes_file",
        upload=upload,
        society=meeting.society,
        actor=actor,
        purpose=FILE_PURPOSE,
        set_on_upload=MINUTES_STORED,
    )
    audit_change(
        obj=meeting,
        old=old,
        actor=actor,
        action="meeting_update",
        society=meeting.society,
        summary=f"修改会议 {meeting}",
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor=None) -> None:
    """Delete the meeting, its resolutions and its minutes file."""
    stored = meeting.minutes_file
    audited_delete(
        meeting,
        actor=actor,
        action="meeting_delete",
        society=meeting.society,
        summary=f"删除会议 {meeting}",
    )
    if stored is not None:
        file_delete(stored_file=stored, actor=actor)


@transaction.atomic
def resolution_save(*, resolution: Resolution, actor=None) -> Resolution:
    created = resolution.pk is None
    return audited_save(
        resolution,
        actor=actor,
        action="resolution_create" if created else "resolution_update",
        society=resolution.meeting.society,
        summary=f"{resolution.meeting}：{resolution.text[:60]}（{resolution.get_status_display()}）",
    )


@transaction.atomic
def resolution_delete(*, resolution: Resolution, actor=None) -> None:
    audited_delete(
        resolution,
        actor=actor,
        action="resolution_delete",
        society=resolution.meeting.society,
        summary=f"删除决议 {resolution.text[:60]}",
    )
