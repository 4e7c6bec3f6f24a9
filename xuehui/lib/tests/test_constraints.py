"""A unique key the database refuses becomes the form's own error on the key's field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xuehui.branches.models import Branch
from xuehui.governance.models import Term
from xuehui.lib.constraints import CONFLICT, constraint_error, constraint_errors
from xuehui.meetings.models import Meeting
from xuehui.members.models import IndividualMember
from xuehui.societies.models import Society
from xuehui.tests import factories

pytestmark = pytest.mark.django_db


def refusal(make) -> IntegrityError:
    """The IntegrityError of making the same row twice."""
    make()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        make()
    return refused.value


@pytest.mark.parametrize(
    ("make", "field", "message"),
    [
        (
            lambda s: Branch.objects.create(society=s, name="青年工作委员会"),
            "name",
            "该学会已有同名的分支机构",
        ),
        (
            lambda s: Meeting.objects.create(
                society=s, kind="council", held_on=dt.date(2024, 6, 18)
            ),
            "held_on",
            "该学会同一天已有同类型的会议",
        ),
        (
            lambda s: factories.make_term(s, number=3),
            "number",
            Term().unique_error_message(Term, ("society", "number")).messages[0],
        ),
        (
            lambda s: IndividualMember.objects.create(society=s, name="王芳", member_number="A9"),
            "member_number",
            "该学会已有相同会员编号的个人会员",
        ),
        (
            lambda s: factories.make_society(
                name="甲", uscc="51420000MJH1234567", federation=s.federation
            ),
            "uscc",
            Society().unique_error_message(Society, ("uscc",)).messages[0],
        ),
    ],
    ids=["branch", "meeting", "term", "member number", "uscc"],
)
def test_a_refused_unique_key_is_an_error_on_its_field(society_a, make, field, message):
    error = constraint_error(refusal(lambda: make(society_a)))
    assert error.message_dict == {field: [str(message)]}


def test_a_unique_key_no_model_declares_gets_a_general_message():
    error = constraint_error(IntegrityError("UNIQUE constraint failed: no_table.no_column"))
    assert not hasattr(error, "error_dict") and error.messages == [CONFLICT]


def test_other_refusals_are_not_hidden():
    with pytest.raises(IntegrityError), constraint_errors():
        raise IntegrityError("FOREIGN KEY constraint failed")


def test_the_write_is_undone_and_the_transaction_goes_on(society_a):
    Branch.objects.create(society=society_a, name="青年工作委员会")
    with transaction.atomic():
        with pytest.raises(ValidationError), constraint_errors():
            Meeting.objects.create(society=society_a, kind="council", held_on=dt.date(2024, 1, 1))
            Branch.objects.create(society=society_a, name="青年工作委员会")
        assert not Meeting.objects.exists()
        assert Branch.objects.count() == 1
