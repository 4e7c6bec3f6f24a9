import datetime as dt
import itertools

from xuehui.access import SYSTEM
from xuehui.activities.choices import ActivityLevel
from xuehui.activities.models import Activity
from xuehui.consortia import services
from xuehui.consortia.models import Consortium, ConsortiumMember
from xuehui.tests.factories import make_society

_serial = itertools.count(1)


def make_consortium(federation, *, secretariat=None, **fields) -> Consortium:
    values = {
        "name": f"生态环境学会联合体{next(_serial)}",
        "field": "生态环境",
        "founded_on": dt.date(2020, 1, 1),
        "rotation_months": 12,
        "rotation_start": dt.date(2020, 3, 1),
        **fields,
    }
    consortium = Consortium(federation=federation, secretariat=secretariat, **values)
    return services.consortium_save(consortium=consortium, actor=SYSTEM)


def add_member(consortium, society=None, *, order=1, joined_on=dt.date(2020, 1, 1), left_on=None):
    society = society or make_society(federation=consortium.federation)
    member = services.consortium_member_add(
        consortium=consortium, society=society, joined_on=joined_on, rotation_order=order,
        actor=SYSTEM,
    )  # fmt: skip
    if left_on is not None:
        services.consortium_member_leave(member=member, left_on=left_on, actor=SYSTEM)
    return member


def record_activity(consortium, lead, *co, start_on=dt.date(2024, 5, 1), title=None):
    activity = Activity(
        society=lead, title=title or f"联合学术年会{next(_serial)}", start_on=start_on,
        level=ActivityLevel.PROVINCIAL,
    )  # fmt: skip
    return services.joint_activity_record(
        consortium=consortium, activity=activity, co_organisers=co, actor=SYSTEM
    )


def matrix_consortium(side) -> Consortium:
    """The permission matrix's consortium: the side's society is its secretariat and a member."""
    consortium = make_consortium(side.federation, secretariat=side.society)
    add_member(consortium, side.society)
    return consortium


def matrix_member(side) -> ConsortiumMember:
    return add_member(side.get("consortia.Consortium"), order=2)


def matrix_joint_activity(side):
    consortium = side.get("consortia.Consortium")
    return record_activity(consortium, side.society)
