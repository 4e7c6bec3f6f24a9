"""The services refuse what the forms would let through by mistake, and change nothing."""

import pytest
from django.core.exceptions import ValidationError

from xuehui.access import SYSTEM
from xuehui.evaluation.choices import Stage
from xuehui.portal import selectors
from xuehui.portal.models import DisclosurePolicy, Feedback
from xuehui.portal.services import feedback_assign, feedback_close, feedback_reply, feedback_submit

from .factories import open_portal


def _submit(society, **fields):
    values = {"kind": "message", "text": "请公开会费标准", "contact": "", "address_hash": "0" * 64}
    return feedback_submit(society=society, **(values | fields))


@pytest.mark.django_db
def test_a_message_of_no_kind_or_too_long_is_refused(society_a, settings):
    with pytest.raises(ValidationError, match="类型"):
        _submit(society_a, kind="spam")
    with pytest.raises(ValidationError, match="1000"):
        _submit(society_a, text="长" * (settings.XUEHUI_FEEDBACK_MAX_CHARS + 1))
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_closed_message_takes_no_more_steps(society_a, admin_user):
    feedback = _submit(society_a)
    assert "湖北省环境科学学会的留言" in str(feedback)
    feedback_close(feedback=feedback, actor=SYSTEM)
    with pytest.raises(ValidationError, match="已关闭"):
        feedback_assign(feedback=feedback, assignee=admin_user, actor=SYSTEM)
    with pytest.raises(ValidationError, match="已关闭"):
        feedback_reply(feedback=feedback, text="答复", is_public=True, actor=SYSTEM)
    assert not feedback.replies.exists()


@pytest.mark.django_db
def test_a_reply_after_assignment_keeps_the_assignee_and_names_its_message(society_a, admin_user):
    feedback = _submit(society_a)
    feedback_assign(feedback=feedback, assignee=admin_user, actor=SYSTEM)
    feedback_assign(feedback=feedback, assignee=admin_user, actor=SYSTEM)  # again: no change
    reply = feedback_reply(feedback=feedback, text="已答复", is_public=False, actor=SYSTEM)
    assert str(feedback) in str(reply)


@pytest.mark.django_db
def test_the_policy_names_its_federation_and_drafts_are_never_notices(federation):
    policy = open_portal(federation)
    assert str(policy) == "湖北省科学技术协会的公开规则"
    assert isinstance(policy, DisclosurePolicy)
    assert selectors.evaluation_notices(federation, policy, Stage.SCORED) == []
