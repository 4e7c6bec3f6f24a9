"""W12: a society's registry facts belong to the 科协; phone numbers are validated."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.lib.identifiers import phone_is_valid
from xuehui.societies.services import society_update
from xuehui.societies.tests.test_views import society_data
from xuehui.tests import factories

pytestmark = pytest.mark.django_db


def test_a_secretary_cannot_rename_their_society_or_change_its_uscc(secretary_a_client, society_a):
    name, uscc = society_a.name, society_a.uscc
    response = secretary_a_client.post(
        reverse("societies:edit", args=[society_a.pk]),
        society_data(
            society_a, name="被改掉的名称", uscc=factories.make_uscc(555), address="新地址"
        ),
    )
    assert response.status_code == 302  # the other fields are saved; the registry facts ignored
    society_a.refresh_from_db()
    assert (society_a.name, society_a.uscc) == (name, uscc)
    assert society_a.address == "新地址"
    page = secretary_a_client.get(reverse("societies:edit", args=[society_a.pk])).content.decode()
    assert "登记事项" in page and 'name="name"' in page and "disabled" in page


def test_the_service_refuses_registry_changes_by_a_secretary(secretary_a, society_a):
    with pytest.raises(ValidationError) as error:
        society_update(society=society_a, actor=secretary_a, name="另一个名称")
    assert "登记事项" in error.value.message_dict["name"][0]
    society_a.refresh_from_db()
    assert society_a.name != "另一个名称"
    assert not AuditEntry.objects.filter(action="society_update").exists()


def test_an_administrator_renames_a_society(admin_client, society_a):
    response = admin_client.post(
        reverse("societies:edit", args=[society_a.pk]), society_data(society_a, name="新名称学会")
    )
    assert response.status_code == 302
    society_a.refresh_from_db()
    assert society_a.name == "新名称学会"


@pytest.mark.parametrize(
    "phone",
    ["<script>alert(1)</script>", "随便写的", "12345", "87654321", "1381234567", "13812345678<b>"],
)
def test_a_society_phone_must_be_a_phone_number(secretary_a_client, society_a, phone):
    before = society_a.phone
    response = secretary_a_client.post(
        reverse("societies:edit", args=[society_a.pk]), society_data(society_a, phone=phone)
    )
    assert response.status_code == 200
    assert "请填写有效的电话号码" in response.content.decode()
    society_a.refresh_from_db()
    assert society_a.phone == before


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "+86 138 1234 5678",
        "027-87654321",
        "(027)87654321",
        "0710-5123456转801",
        "027-87654321-8001",
        "400-810-8888",
        "13812345678、027-87654321",
    ],
)
def test_usual_phone_numbers_are_accepted(phone):
    assert phone_is_valid(phone), phone


def test_phone_validation_covers_people_members_and_users():
    from xuehui.accounts.models import User
    from xuehui.governance.models import Person
    from xuehui.members.models import IndividualMember, InstitutionalMember
    from xuehui.societies.models import Society

    for model, field in (
        (User, "phone"),
        (Person, "phone"),
        (IndividualMember, "phone"),
        (InstitutionalMember, "contact_phone"),
        (Society, "phone"),
    ):
        validators = model._meta.get_field(field).validators
        with pytest.raises(ValidationError):
            for validator in validators:
                validator("<b>x</b>")
