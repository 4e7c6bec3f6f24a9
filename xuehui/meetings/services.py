"""Writes to meetings (会议) and their resolutions (决议)."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audit_change, audited_delete, audited_save, stored_copy
from xuehui.core.record_files import record_save_with_upload
from xuehui.files.services import file_delete

from .models import Meeting, Resolution

FILE_PURPOSE = "会议纪要"
MINUTES_STORED = {"has_minutes": True}


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor, upload=None) -> Meeting:
    """Add or change a meeting (fields set by the form or the workbook); `upload`, if given,
    is stored as its minutes and replaces the file it had."""
    require_edit(actor, meeting.society)
    old = stored_copy(meeting)
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
        action=f"meeting_{'update' if old else 'create'}",
        society=meeting.society,
        summary=f"{'修改' if old else '新增'}会议 {meeting}",
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor) -> None:
    """Delete the meeting, its resolutions and its minutes file."""
    require_edit(actor, meeting.society)
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
def resolution_save(*, resolution: Resolution, actor) -> Resolution:
    require_edit(actor, resolution.meeting.society)
    created = resolution.pk is None
    return audited_save(
        resolution,
        actor=actor,
        action="resolution_create" if created else "resolution_update",
        society=resolution.meeting.society,
        summary=f"{resolution.meeting}：{resolution.text[:60]}（{resolution.get_status_display()}）",
    )


@transaction.atomic
def resolution_delete(*, resolution: Resolution, actor) -> None:
    require_edit(actor, resolution.meeting.society)
    audited_delete(
        resolution,
        actor=actor,
        action="resolution_delete",
        society=resolution.meeting.society,
        summary=f"删除决议 {resolution.text[:60]}",
    )
