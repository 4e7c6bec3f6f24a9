"""The losing request of a unique-key race sees the form again with the error, not a 500.

On SQLite the race is staged: just before the form's record is inserted, a row with the same
key is written, as if another request had saved it after this one's form check passed. The
real race, with simultaneous requests, is in test_concurrent.py (PostgreSQL).
"""

import copy

import pytest
from django.db.models.signals import pre_save

from xuehui.submissions.models import FormSubmission

from .forms import UNIQUE_FORMS

pytestmark = pytest.mark.django_db

ERRORS = {
    "branch": ("name", "该学会已有同名的分支机构"),
    "meeting": ("held_on", "该学会同一天已有同类型的会议"),
    "society": ("uscc", "统一社会信用代码 的 学会 已存在"),
    "term": ("number", "届次 已经存在"),
    "individual member with a number": ("member_number", "该学会已有相同会员编号的个人会员"),
}


@pytest.fixture
def competitor():
    """Before the first insert of `model`, save a copy of it (another request's record)."""
    connected = []

    def stage(model):
        def insert_first(sender, instance, **kwargs):
            if instance.pk is None and not connected[1:]:
                twin = copy.copy(instance)
                twin._state = copy.copy(instance._state)
                sender.objects.bulk_create([twin])
                connected.append(twin)

        pre_save.connect(insert_first, sender=model, weak=False, dispatch_uid="w5-race")
        connected.append(model)

    yield stage
    if connected:
        pre_save.disconnect(sender=connected[0], dispatch_uid="w5-race")


@pytest.mark.parametrize("form", UNIQUE_FORMS, ids=str)
def test_the_loser_of_a_unique_race_gets_the_form_with_the_error(
    form, competitor, admin_client, secretary_a_client, society_a
):
    client = admin_client if form.as_admin else secretary_a_client
    url = form.setup(society_a)
    before = form.model.objects.count()
    competitor(form.model)
    response = client.post(url, form.data(society_a) | {"form_token": "t" * 32})
    assert response.status_code == 200
    field, message = ERRORS[form.name]
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    # Nothing of this request stays (the staged row went with its savepoint).
    assert form.model.objects.count() == before
    assert not FormSubmission.objects.exists()
