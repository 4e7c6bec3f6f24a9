import datetime as dt

from xuehui.meetings.choices import FollowUp, MeetingKind
from xuehui.meetings.models import Meeting, Resolution


def make_meeting(society, *, kind=MeetingKind.COUNCIL, held_on=dt.date(2024, 3, 15), **fields):
    defaults = {"expected_attendance": 60, "actual_attendance": 50, "supervisors_attended": True}
    return Meeting.objects.create(
        society=society, kind=kind, held_on=held_on, **(defaults | fields)
    )


def make_resolution(meeting, *, status=FollowUp.PENDING, **fields) -> Resolution:
    return Resolution.objects.create(
        meeting=meeting, status=status, **({"text": "审议通过年度工作报告"} | fields)
    )
