import datetime as dt
import itertools

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity

_seq = itertools.count(1)


def make_activity(
    society, *, kind=ActivityKind.ACADEMIC_EXCHANGE, start_on=dt.date(2024, 5, 20), **fields
) -> Activity:
    defaults = {
        "title": f"学术年会{next(_seq)}",
        "end_on": start_on,
        "level": ActivityLevel.PROVINCIAL,
        "role": ActivityRole.HOST,
        "participants": 120,
    }
    return Activity.objects.create(
        society=society, kind=kind, start_on=start_on, **(defaults | fields)
    )
