"""Personal data in the member registers: 「显示完整号码」 with a reason, audited; anonymisation
on request that keeps the statistics; edit forms that never write the stored numbers out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.audit.chain import verify_table
from xuehui.audit.models import AuditEntry
from xuehui.members.models import IndividualMember, InstitutionalMember
from xuehui.members.services import (
    individual_member_anonymise,
    institutional_member_anonymise,
    member_unmask,
)
from xuehui.rules.facts import gather
from xuehui.rules.selectors import evaluate_frameworks, framework_specs
from xuehui.tests import factories

from .factories import make_individual_member, make_institutional_member

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1962, 7, 9)
NUMBER = factories.make_id_number(BIRTH, male=False)
PHONE = "13912345678"
CONTACT_PHONE = "13787654321"
REASON = "本人书面申请删除个人信息"


@pytest.fixture
def member(society_a):
    return make_individual_member(
        society_a,
        name="王秀兰",
        id_number=NUMBER,
        birth_date=BIRTH,
        gender="female",
        phone=PHONE,
        note="住址：汉口",
    )


@pytest.fixture
def unit(society_a):
    return make_institutional_member(society_a, contact_name="赵联系", contact_phone=CONTACT_PHONE)


@pytest.fixture
def register(society_a, member, unit, secretary_a):
    """A register kept from 2018 with members of several ages, genders and traits."""
    from xuehui.members.services import register_start

    register_start(society=society_a, actor=secretary_a)
    profile = society_a.membership_profile
    profile.register_since = 2018
    profile.save()
    for n in range(4):
        make_individual_member(
            society_a, birth_date=dt.date(1950 + 10 * n, 3, 1), gender="male" if n % 2 else ""
        )
    return society_a


def url(name: str, record) -> str:
    return reverse(f"members:{name}", args=[record.pk])


# ---------------------------------------------------------------- 显示完整号码


def test_unmasking_shows_the_numbers_once_and_audits_the_reason(
    member, secretary_a, secretary_a_client
):
    response = secretary_a_client.post(
        url("individual_unmask", member), {"reason": "核对会员入会材料"}, REMOTE_ADDR="10.1.2.3"
    )
    text = response.content.decode()
    assert response.status_code == 200 and NUMBER in text and PHONE in text
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="unmask")
    assert (entry.actor, entry.society_id, entry.target_id) == (
        secretary_a,
        member.society_id,
        str(member.pk),
    )
    assert entry.target_type == "members.individualmember"
    assert entry.detail == {"reason": "核对会员入会材料", "fields": ["id_number", "phone"]}
    assert entry.address == "10.1.2.3" and NUMBER not in entry.summary


def test_an_institutional_contacts_phone_is_unmasked_alone(unit, admin_client):
    response = admin_client.post(url("institutional_unmask", unit), {"reason": "联系会员单位"})
    assert CONTACT_PHONE in response.content.decode()
    assert AuditEntry.objects.get(action="unmask").detail["fields"] == ["contact_phone"]


@pytest.mark.parametrize("reason", ["", "   ", "看看"])
def test_unmasking_without_a_reason_is_refused_and_records_nothing(
    member, secretary_a_client, reason
):
    response = secretary_a_client.post(url("individual_unmask", member), {"reason": reason})
    text = response.content.decode()
    assert response.status_code == 200 and NUMBER not in text and "事由" in text
    assert not AuditEntry.objects.filter(action="unmask").exists()


def test_a_get_shows_the_reason_form_only(member, secretary_a_client):
    text = secretary_a_client.get(url("individual_unmask", member)).content.decode()
    assert NUMBER not in text and PHONE not in text and "事由" in text


@pytest.mark.parametrize("name", ["individual_unmask", "individual_anonymise"])
def test_another_societys_member_is_not_found(society_b, secretary_a_client, admin_client, name):
    theirs = make_individual_member(society_b, id_number=NUMBER, phone=PHONE)
    for client in (secretary_a_client, admin_client):  # the admin's 科协 is not B's
        response = client.post(url(name, theirs), {"reason": REASON})
        assert response.status_code == 404
    assert not AuditEntry.objects.filter(action__in=["unmask", "person_anonymise"]).exists()
    assert IndividualMember.objects.get(pk=theirs.pk).id_number == NUMBER


@pytest.mark.parametrize("name", ["individual_unmask", "individual_anonymise"])
def test_a_leader_an_expert_and_a_visitor_are_refused(
    member, federation, client, expert_client, anonymous_client, name
):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    assert client.post(url(name, member), {"reason": REASON}).status_code in (403, 404)
    assert expert_client.post(url(name, member), {"reason": REASON}).status_code in (403, 404)
    assert anonymous_client.post(url(name, member), {"reason": REASON}).status_code == 302
    assert not AuditEntry.objects.filter(action__in=["unmask", "person_anonymise"]).exists()


def test_the_service_refuses_without_a_reason_or_an_editor(member, secretary_a, expert_user):
    with pytest.raises(ValidationError):
        member_unmask(member=member, actor=secretary_a, reason=" ")
    with pytest.raises(PermissionDenied):
        member_unmask(member=member, actor=expert_user, reason="核对入会材料")
    assert not AuditEntry.objects.filter(action="unmask").exists()


# ---------------------------------------------------------------- anonymisation


def statistics(society_id: int) -> dict:
    on = dt.date.today()
    facts = gather([society_id], on)[society_id]
    statuses = {
        key: [(r.requirement.key, r.status, r.actual) for r in by_society[society_id]]
        for key, by_society in evaluate_frameworks(
            framework_specs().values(), [society_id], on
        ).items()
    }
    members = IndividualMember.objects.filter(society_id=society_id)
    bands = sorted((on.year - m.birth_date.year) // 10 for m in members if m.birth_date)
    genders = sorted(m.gender for m in members)
    frontline = sorted(str(m.is_frontline) for m in members)
    units = InstitutionalMember.objects.filter(society_id=society_id).count()
    return {
        "facts": repr(sorted(facts.items())),
        "statuses": statuses,
        "bands": bands,
        "genders": genders,
        "frontline": frontline,
        "count": (members.count(), units),
    }


def test_anonymising_clears_the_personal_data_and_keeps_the_statistics(
    register, member, unit, admin_user
):
    before, gender = statistics(register.pk), member.gender
    assert before["count"] == (5, 1) and "members.individual" in before["facts"]
    assert individual_member_anonymise(member=member, actor=admin_user, reason=REASON)
    assert institutional_member_anonymise(member=unit, actor=admin_user, reason=REASON)
    member.refresh_from_db()
    assert (member.name, member.id_number, member.phone, member.note) == ("匿名人员", "", "", "")
    assert member.birth_date == dt.date(1962, 7, 15) and member.gender == gender
    assert member.anonymised_at is not None and member.name_pinyin != "wang xiu lan"
    unit.refresh_from_db()
    assert (unit.contact_name, unit.contact_phone) == ("", "") and unit.uscc
    assert statistics(register.pk) == before
    entries = AuditEntry.objects.filter(action="person_anonymise").order_by("pk")
    assert [e.target_type for e in entries] == [
        "members.individualmember",
        "members.institutionalmember",
    ]
    assert entries[0].detail["reason"] == REASON
    assert "王秀兰" not in str(entries[0].detail) + entries[0].summary
    assert verify_table().broken is None


def test_anonymising_twice_changes_nothing_more(member, admin_user):
    assert individual_member_anonymise(member=member, actor=admin_user, reason=REASON)
    stamp = IndividualMember.objects.get(pk=member.pk).anonymised_at
    assert not individual_member_anonymise(member=member, actor=admin_user, reason=REASON)
    assert AuditEntry.objects.filter(action="person_anonymise").count() == 1
    assert IndividualMember.objects.get(pk=member.pk).anonymised_at == stamp


def test_only_an_administrator_anonymises_and_with_a_reason(member, secretary_a, admin_user):
    with pytest.raises(PermissionDenied):
        individual_member_anonymise(member=member, actor=secretary_a, reason=REASON)
    with pytest.raises(ValidationError):
        individual_member_anonymise(member=member, actor=admin_user, reason="")
    member.refresh_from_db()
    assert member.name == "王秀兰" and member.id_number == NUMBER
    assert not AuditEntry.objects.filter(action="person_anonymise").exists()


def test_the_anonymise_page(member, admin_client, secretary_a_client):
    page = url("individual_anonymise", member)
    assert secretary_a_client.get(page).status_code == 403
    assert secretary_a_client.post(page, {"reason": REASON}).status_code == 403
    assert "不可撤销" in admin_client.get(page).content.decode()
    refused = admin_client.post(page, {"reason": "短"})
    assert refused.status_code == 200
    assert IndividualMember.objects.get(pk=member.pk).name == "王秀兰"
    done = admin_client.post(page, {"reason": REASON})
    assert done.status_code == 302
    assert IndividualMember.objects.get(pk=member.pk).name == "匿名人员"
    assert "已于" in admin_client.get(page).content.decode()
    again = admin_client.post(page, {"reason": REASON})
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="person_anonymise").count() == 1


def test_the_register_offers_anonymising_to_administrators_only(
    member, society_a, admin_client, secretary_a_client
):
    register = reverse("members:individuals", args=[society_a.pk])
    link = url("individual_anonymise", member)
    assert link in admin_client.get(register).content.decode()
    assert link not in secretary_a_client.get(register).content.decode()


# ---------------------------------------------------------------- edit forms


def test_the_edit_form_shows_the_masked_numbers_and_keeps_them_when_left_empty(
    member, secretary_a_client
):
    page = url("individual_edit", member)
    text = secretary_a_client.get(page).content.decode()
    assert NUMBER not in text and PHONE not in text
    assert f"当前：{member.id_number_masked}，留空则不修改" in text
    assert f"当前：{member.phone_masked}，留空则不修改" in text
    data = {"name": "王秀兰", "status": "active", "is_frontline": "true"}
    assert secretary_a_client.post(page, data | {"employer": "湖北大学"}).status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.phone, member.employer) == (NUMBER, PHONE, "湖北大学")


def test_a_new_number_is_validated_and_saved_and_the_box_clears_it(member, secretary_a_client):
    page = url("individual_edit", member)
    data = {"name": "王秀兰", "status": "active", "is_frontline": "true"}
    refused = secretary_a_client.post(page, data | {"id_number": "110101199001011230"})
    assert refused.status_code == 200 and "id_number" in refused.context["form"].errors
    assert NUMBER not in refused.content.decode()
    number = factories.make_id_number(dt.date(1970, 1, 2), male=True)
    assert secretary_a_client.post(page, data | {"id_number": number}).status_code == 302
    member.refresh_from_db()
    assert member.id_number == number and member.birth_date == dt.date(1970, 1, 2)
    assert secretary_a_client.post(page, data | {"phone_clear": "on"}).status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.phone) == (number, "")


def test_the_institutional_form_keeps_the_contact_phone(unit, secretary_a_client):
    page = url("institutional_edit", unit)
    text = secretary_a_client.get(page).content.decode()
    assert CONTACT_PHONE not in text and "留空则不修改" in text
    data = {"name": unit.name, "uscc": unit.uscc, "status": "active", "contact_name": "钱"}
    assert secretary_a_client.post(page, data).status_code == 302
    unit.refresh_from_db()
    assert (unit.contact_name, unit.contact_phone) == ("钱", CONTACT_PHONE)


def test_a_new_members_form_has_no_placeholder(society_a, secretary_a_client):
    text = secretary_a_client.get(
        reverse("members:individual_create", args=[society_a.pk])
    ).content.decode()
    assert "留空则不修改" not in text and "id_number_clear" not in text
