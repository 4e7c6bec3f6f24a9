import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuehui.access import SYSTEM
from xuehui.activities.choices import ActivityKind, ActivityRole
from xuehui.activities.models import Activity
from xuehui.audit.models import AuditEntry
from xuehui.consortia import selectors, services
from xuehui.consortia.models import JointActivity
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.tests.factories import make_society

from .factories import add_member, make_consortium, record_activity

D = dt.date


def test_membership_dates_are_validated(federation):
    consortium = make_consortium(federation, founded_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        add_member(consortium, joined_on=D(2019, 12, 31))
    assert "加入日期不能早于联合体成立日期" in str(error.value)
    member = add_member(consortium, joined_on=D(2020, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.consortium_member_leave(member=member, left_on=D(2020, 6, 1), actor=SYSTEM)
    assert "退出日期须晚于加入日期" in str(error.value)


def test_a_member_must_belong_to_the_federation_and_join_once(federation, society_a, society_b):
    consortium = make_consortium(federation)
    with pytest.raises(ValidationError, match="成员须是指导科协的学会"):
        add_member(consortium, society_b)
    add_member(consortium, society_a)
    with pytest.raises(ValidationError, match="已是本联合体成员"):
        add_member(consortium, society_a)


def test_a_member_who_left_may_rejoin_and_cannot_leave_twice(federation, society_a):
    consortium = make_consortium(federation)
    member = add_member(consortium, society_a, left_on=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="已退出"):
        services.consortium_member_leave(member=member, left_on=D(2021, 2, 1), actor=SYSTEM)
    again = add_member(consortium, society_a, joined_on=D(2022, 1, 1))
    assert (again.pk, again.joined_on, again.left_on) == (member.pk, D(2022, 1, 1), None)


def test_the_charter_is_a_rule_document_of_the_secretariat(federation, society_a):
    other = make_society(federation=federation)
    charter = RuleDocument.objects.create(
        society=other, kind=RuleKind.CHARTER, name="联合体章程", adopted_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="章程须是秘书处挂靠学会登记的制度"):
        make_consortium(federation, secretariat=society_a, charter=charter)
    with pytest.raises(ValidationError, match="轮值起始日期不能早于成立日期"):
        make_consortium(federation, rotation_start=D(2019, 1, 1))


def test_the_secretariat_belongs_to_the_federation(federation, society_b):
    with pytest.raises(ValidationError, match="秘书处挂靠学会须是本科协的学会"):
        make_consortium(federation, secretariat=society_b)


def test_writes_check_their_actor(federation, society_a, secretary_a, admin_user):
    consortium = make_consortium(federation, secretariat=society_a)
    with pytest.raises(PermissionDenied):
        services.consortium_member_add(
            consortium=consortium, society=society_a, joined_on=D(2020, 1, 1),
            rotation_order=1, actor=secretary_a,
        )  # fmt: skip
    add_member(consortium, society_a)
    activity = Activity(
        society=society_a, title="联合科普", start_on=D(2024, 5, 1), level="provincial"
    )
    joint = services.joint_activity_record(
        consortium=consortium, activity=activity, actor=secretary_a
    )
    assert AuditEntry.objects.filter(action="joint_activity_record").exists()
    consortium.secretariat = None
    with pytest.raises(PermissionDenied):
        services.joint_activity_delete(joint=joint, actor=secretary_a)
    services.joint_activity_delete(joint=joint, actor=admin_user)
    assert not Activity.objects.filter(title="联合科普").exists()


def test_a_joint_activity_is_the_leads_consortium_activity_and_counts_for_each_organiser(
    federation,
):
    consortium = make_consortium(federation)
    a, b, c = (add_member(consortium, order=n).society for n in (1, 2, 3))
    record_activity(consortium, a, b)
    record_activity(consortium, b, a, c, b)  # the lead listed again among the others is ignored
    activity = Activity.objects.get(joint__co_organisers=c)
    assert (activity.society, activity.kind, activity.role) == (
        b, ActivityKind.CONSORTIUM, ActivityRole.HOST,
    )  # fmt: skip
    assert set(JointActivity.objects.get(activity=activity).co_organisers.all()) == {a, c}
    counts = selectors.activity_counts(selectors.joint_activities(consortium))
    assert counts == {a.pk: 2, b.pk: 2, c.pk: 1}
    page = selectors.consortium_page(consortium, D(2024, 6, 1))
    assert [row.activity_count for row in page["members"]] == [2, 2, 1]


def test_only_members_on_the_day_organise(federation):
    consortium = make_consortium(federation)
    a = add_member(consortium).society
    gone = add_member(consortium, order=2, left_on=D(2023, 1, 1)).society
    outsider = make_society(federation=federation)
    with pytest.raises(ValidationError, match="不是活动当日的联合体成员"):
        record_activity(consortium, a, gone)
    with pytest.raises(ValidationError, match="主办学会须是活动当日的联合体成员"):
        record_activity(consortium, outsider)
    assert not Activity.objects.exists()
