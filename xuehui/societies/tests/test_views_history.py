"""变更记录: the change history of a society, its terms, its posts and their holders."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from xuehui.governance.choices import Office
from xuehui.governance.models import Person, Position
from xuehui.societies.selectors import society_history_stamps
from xuehui.tests import factories


def history(client, society, **params):
    return client.get(reverse("societies:history", args=[society.pk]), params)


def entries_of(response) -> list:
    return response.context["entries"]


@pytest.fixture
def edited_society(secretary_a_client, society_a):
    """Society A after its secretary changed its host and address through the page."""
    secretary_a_client.post(
        reverse("societies:edit", args=[society_a.pk]),
        {
            "name": society_a.name,
            "uscc": society_a.uscc,
            "category": society_a.category,
            "host_institution": "武汉大学",
            "address": "武汉市洪山区",
        },
    )
    return society_a


def test_a_society_edit_shows_who_changed_which_field_from_what_to_what(
    secretary_a_client, edited_society, secretary_a
):
    entries = entries_of(history(secretary_a_client, edited_society))
    change = entries[0]
    assert change.who == secretary_a.display_name
    assert change.action == "修改"
    assert change.kind == "学会"
    labels = {c.label: (c.old, c.new) for c in change.changes}
    assert labels["挂靠单位"] == ("—", "武汉大学")
    assert labels["办公地址"] == ("—", "武汉市洪山区")
    assert "名称" not in " ".join(labels)  # unchanged fields are not listed


def test_terms_posts_and_people_appear_in_the_society_history(secretary_a_client, society_a):
    today = timezone.localdate()
    secretary_a_client.post(
        reverse("governance:term_create", args=[society_a.pk]),
        {"number": 1, "start_on": (today - dt.timedelta(days=10)).isoformat()},
    )
    term = society_a.terms.get()
    number = factories.make_id_number(dt.date(1966, 6, 6))
    secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term.pk]),
        {
            "office": Office.PRESIDENT,
            "consecutive_terms": 1,
            "new-name": "周理事长",
            "new-id_number": number,
            "new-phone": "13912345678",
        },
    )
    person = Person.objects.get(name="周理事长")
    secretary_a_client.post(
        reverse("governance:person_edit", args=[society_a.pk, person.pk]),
        {"name": "周理事长", "id_number": number, "employer": "湖北大学", "phone": "13912345678"},
    )
    response = history(secretary_a_client, society_a)
    kinds = [(e.kind, e.action) for e in entries_of(response)]
    assert kinds == [
        ("人员", "修改"),
        ("职务", "新增"),
        ("人员", "新增"),
        ("届次", "新增"),
        ("学会", "新增"),
    ]
    person_edit = entries_of(response)[0]
    assert [(c.label, c.old, c.new) for c in person_edit.changes] == [("工作单位", "—", "湖北大学")]
    post = entries_of(response)[1]
    assert post.subject == "周理事长 · 理事长（第1届）"
    html = response.content.decode()
    assert number not in html and "13912345678" not in html
    assert f"{number[:3]}***********{number[-4:]}" in html
    assert "139****5678" in html


def test_a_deleted_post_stays_in_the_history(secretary_a_client, society_a):
    term = factories.make_term(society_a)
    position = factories.make_position(term, Office.DIRECTOR)
    secretary_a_client.post(reverse("governance:position_delete", args=[society_a.pk, position.pk]))
    assert not Position.objects.exists()
    latest = entries_of(history(secretary_a_client, society_a))[0]
    assert (latest.kind, latest.action) == ("职务", "删除")
    assert position.person.name in latest.subject


def test_another_societys_changes_are_not_shown(admin_client, society_a, federation):
    other = factories.make_society(federation=federation)
    factories.make_term(other)
    stamps = society_history_stamps(society_a)
    assert len(stamps) == 1  # the creation of society A only


def test_the_history_is_paginated(admin_client, society_a):
    term = factories.make_term(society_a)
    for _ in range(40):
        factories.make_position(term, Office.DIRECTOR)
    first = history(admin_client, society_a)
    second = history(admin_client, society_a, page=2)
    assert first.context["page"].paginator.count == 1 + 1 + 80  # society, term, 40 posts + people
    assert len(entries_of(first)) == 30
    assert entries_of(first)[0].when >= entries_of(second)[0].when


def test_the_history_shows_every_record_of_the_society_with_old_and_new_values(
    secretary_a_client, society_a, secretary_a, admin_user
):
    from decimal import Decimal

    from xuehui.branches.models import Branch
    from xuehui.branches.services import branch_delete, branch_save
    from xuehui.members.models import IndividualMember
    from xuehui.members.services import individual_member_save
    from xuehui.secretariat.models import Office
    from xuehui.secretariat.services import office_save

    branch = branch_save(
        branch=Branch(society=society_a, name="青年工作委员会", kind="branch"), actor=secretary_a
    )
    branch.name = "青年委员会"
    branch_save(branch=branch, actor=admin_user)
    office = office_save(
        office=Office(
            society=society_a, address="武昌区1号", area_m2=Decimal("20"), source="rented"
        ),
        actor=secretary_a,
    )
    office.area_m2 = Decimal("30")
    office_save(office=office, actor=secretary_a)
    member = individual_member_save(
        member=IndividualMember(society=society_a, name="王五", phone="13812345678"),
        actor=secretary_a,
    )
    member.phone = "13987654321"
    individual_member_save(member=member, actor=secretary_a)
    branch_delete(branch=branch, actor=secretary_a)

    page = history(secretary_a_client, society_a).content.decode()
    entries = entries_of(history(secretary_a_client, society_a))
    renamed = next(e for e in entries if e.kind == "分支机构" and e.action == "修改")
    assert [(c.label, c.old, c.new) for c in renamed.changes] == [
        ("名称", "青年工作委员会", "青年委员会")
    ]
    assert renamed.who == admin_user.display_name
    assert any(e.kind == "分支机构" and e.action == "删除" for e in entries)
    area = next(e for e in entries if e.kind == "办公场所" and e.action == "修改")
    assert [(c.label, c.old, c.new) for c in area.changes] == [("面积（平方米）", "20", "30")]
    phone = next(e for e in entries if e.kind == "个人会员" and e.action == "修改")
    assert phone.subject == "王五"
    assert [(c.old, c.new) for c in phone.changes] == [("138****5678", "139****4321")]
    assert "13812345678" not in page and "13987654321" not in page
    # newest first, the society's other records beside its council
    assert entries[0].kind == "分支机构" and entries[0].action == "删除"


def test_another_society_s_records_are_not_in_the_history(
    secretary_a_client, society_a, society_b, secretary_b
):
    from xuehui.branches.models import Branch
    from xuehui.branches.services import branch_save

    branch_save(branch=Branch(society=society_b, name="他会分会", kind="branch"), actor=secretary_b)
    entries = entries_of(history(secretary_a_client, society_a))
    assert not any("他会分会" in e.subject for e in entries)
