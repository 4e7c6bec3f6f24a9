import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.activities.models import Activity
from xuehui.consortia import rotation
from xuehui.consortia.models import Consortium, ConsortiumMember, JointActivity
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.tests.factories import make_society, make_user

from .factories import add_member, make_consortium, record_activity

D = dt.date


@pytest.fixture
def consortium(federation, society_a):
    consortium = make_consortium(federation, secretariat=society_a, name="湖北省生态环境学会联合体")
    add_member(consortium, society_a, order=1)
    add_member(consortium, order=2)
    return consortium


@pytest.fixture
def leader_client(federation):
    client = Client()
    client.force_login(make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


def test_the_administrator_creates_a_consortium(admin_client, federation, society_a):
    charter = RuleDocument.objects.create(
        society=society_a, kind=RuleKind.CHARTER, name="联合体章程", adopted_on=D(2021, 1, 1)
    )
    page = admin_client.get(reverse("consortia:create"))
    assert "form_token" in page.content.decode()
    data = {
        "federation": federation.pk, "name": "湖北省生态环境学会联合体", "field": "生态环境",
        "founded_on": "2021-01-01", "secretariat": society_a.pk, "charter": charter.pk,
        "rotation_months": 24, "rotation_start": "2021-03-01", "note": "",
    }  # fmt: skip
    response = admin_client.post(reverse("consortia:create"), data)
    consortium = Consortium.objects.get()
    assert response.url == reverse("consortia:detail", args=[consortium.pk])
    assert (consortium.charter, consortium.rotation_months) == (charter, 24)
    data["name"] = "湖北省生态环境学会联合体（更名）"
    admin_client.post(reverse("consortia:edit", args=[consortium.pk]), data)
    consortium.refresh_from_db()
    assert consortium.name.endswith("（更名）")


def test_an_invalid_consortium_is_shown_again_with_the_reason(admin_client, federation):
    data = {"federation": federation.pk, "name": "联合体", "founded_on": "2021-01-01",
            "rotation_months": 12, "rotation_start": "2020-01-01"}  # fmt: skip
    response = admin_client.post(reverse("consortia:create"), data)
    assert response.status_code == 200
    assert "轮值起始日期不能早于成立日期" in response.content.decode()


def test_the_administrator_adds_and_removes_members(admin_client, consortium, federation):
    society = make_society(federation=federation, name="湖北省生命科学学会")
    url = reverse("consortia:member_add", args=[consortium.pk])
    admin_client.post(url, {"society": society.pk, "joined_on": "2022-01-01", "rotation_order": 3})
    member = ConsortiumMember.objects.get(society=society)
    assert admin_client.get(reverse("consortia:member_remove", args=[member.pk])).status_code == 200
    admin_client.post(
        reverse("consortia:member_remove", args=[member.pk]), {"left_on": "2023-01-01"}
    )
    member.refresh_from_db()
    assert member.left_on == D(2023, 1, 1)
    response = admin_client.post(
        reverse("consortia:member_remove", args=[member.pk]), {"left_on": "2023-02-01"}
    )
    assert "该学会已退出本联合体" in response.content.decode()


def test_the_page_shows_members_the_chair_and_the_schedule(admin_client, consortium, society_a):
    record_activity(consortium, society_a, title="生态环境联合学术年会")
    page = admin_client.get(reverse("consortia:detail", args=[consortium.pk])).content.decode()
    assert "湖北省生态环境学会联合体" in page and "生态环境联合学术年会" in page
    members = list(consortium.members.select_related("society"))
    chair = rotation.chair_term_on(consortium, members, timezone.localdate())
    assert f"<strong>{chair.society.name}</strong>（第{chair.number}任" in page
    assert f"第{chair.number + 5}任" in page and "秘书处" in page
    assert "添加成员学会" in page and "登记联合体活动" in page


def test_the_secretariat_secretary_records_joint_activities(
    secretary_a_client, consortium, society_a
):
    other = consortium.members.exclude(society=society_a).get().society
    url = reverse("consortia:activity_add", args=[consortium.pk])
    assert secretary_a_client.get(url).status_code == 200
    data = {"title": "联合科普进社区", "lead": society_a.pk, "co_organisers": [other.pk],
            "start_on": "2024-09-20", "level": "provincial"}  # fmt: skip
    response = secretary_a_client.post(url, data)
    assert response.status_code == 302
    joint = JointActivity.objects.get()
    assert list(joint.co_organisers.all()) == [other]
    assert joint.activity.end_on == D(2024, 9, 20)
    delete = reverse("consortia:activity_delete", args=[joint.pk])
    assert "确定删除" in secretary_a_client.get(delete).content.decode()
    secretary_a_client.post(delete)
    assert not Activity.objects.exists()
    page = secretary_a_client.get(reverse("consortia:detail", args=[consortium.pk])).content
    assert "添加成员学会" not in page.decode()
    assert (
        secretary_a_client.get(reverse("consortia:edit", args=[consortium.pk])).status_code == 403
    )


def test_the_leader_reads_only(leader_client, consortium):
    assert leader_client.get(reverse("consortia:detail", args=[consortium.pk])).status_code == 200
    for name in ("consortia:edit", "consortia:member_add", "consortia:activity_add"):
        assert leader_client.get(reverse(name, args=[consortium.pk])).status_code == 403
    assert leader_client.get(reverse("consortia:create")).status_code == 403
    assert "新建学会联合体" not in leader_client.get(reverse("consortia:list")).content.decode()


def test_a_secretary_of_another_federation_gets_404(secretary_b_client, consortium):
    member = consortium.members.first()
    for url in (
        reverse("consortia:detail", args=[consortium.pk]),
        reverse("consortia:member_remove", args=[member.pk]),
        reverse("consortia:member_remove", args=[999999]),
        reverse("consortia:activity_delete", args=[999999]),
    ):
        assert secretary_b_client.get(url).status_code == 404
    assert (
        "湖北省生态环境学会联合体"
        not in secretary_b_client.get(reverse("consortia:list")).content.decode()
    )


def test_a_secretary_sees_the_consortia_of_its_federation(secretary_a_client, federation):
    other = make_consortium(federation, name="湖北省信息科学学会联合体")
    page = secretary_a_client.get(reverse("consortia:list")).content.decode()
    assert "湖北省信息科学学会联合体" in page
    assert secretary_a_client.get(reverse("consortia:detail", args=[other.pk])).status_code == 200


def test_the_society_tab_lists_its_memberships(secretary_a_client, consortium, society_a):
    page = secretary_a_client.get(
        reverse("consortia:society", args=[society_a.pk])
    ).content.decode()
    assert "湖北省生态环境学会联合体" in page and "秘书处挂靠" in page
    assert reverse("consortia:detail", args=[consortium.pk]) in page


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("consortia:list")).status_code == 200
    return len(captured)


def test_the_list_page_queries_do_not_grow_with_consortia_or_members(admin_client, federation):
    for _n in range(2):
        consortium = make_consortium(federation)
        add_member(consortium, order=1)
    two = _list_queries(admin_client)
    for _n in range(6):
        consortium = make_consortium(federation)
        for order in range(1, 5):
            add_member(consortium, order=order)
    assert Consortium.objects.count() == 8
    assert _list_queries(admin_client) == two


def test_the_edit_and_member_forms_show_again_with_their_errors(admin_client, consortium):
    edit = admin_client.get(reverse("consortia:edit", args=[consortium.pk]))
    assert consortium.name in edit.content.decode()
    add = reverse("consortia:member_add", args=[consortium.pk])
    assert admin_client.get(add).status_code == 200
    response = admin_client.post(add, {"joined_on": "2019-01-01", "rotation_order": 0})
    assert response.status_code == 200 and "添加成员学会" in response.content.decode()
    assert consortium.members.count() == 2


def test_records_read_as_their_names(consortium, society_a):
    member = consortium.members.get(society=society_a)
    joint = record_activity(consortium, society_a, title="联合学术沙龙")
    assert str(member) == f"{consortium} · {society_a}"
    assert str(joint) == "联合学术沙龙"
