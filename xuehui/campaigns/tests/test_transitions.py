"""The state table: every move allowed and forbidden, for societies and items alike, and each
service refusing to start from a state the table does not allow."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError

from xuehui.campaigns import selectors, services
from xuehui.campaigns.choices import TRANSITIONS, State
from xuehui.campaigns.models import CampaignEntry, CampaignItem, Transition
from xuehui.rules.models import Requirement

from .conftest import item

ALLOWED = {
    (State.PENDING, State.SUBMITTED),
    (State.SUBMITTED, State.IN_REVIEW),
    (State.IN_REVIEW, State.RECTIFYING),
    (State.IN_REVIEW, State.PASSED),
    (State.IN_REVIEW, State.FAILED),
    (State.RECTIFYING, State.RECTIFIED),
    (State.RECTIFIED, State.RECTIFYING),
    (State.RECTIFIED, State.PASSED),
    (State.RECTIFIED, State.FAILED),
}


def test_the_table_is_the_documented_loop():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


def _entry(state):
    return CampaignEntry(state=state)


def _item(state):
    return CampaignItem(state=state, requirement=Requirement(key="2.1"))


@pytest.mark.parametrize("make", [_entry, _item], ids=["society", "item"])
@pytest.mark.parametrize(("from_state", "to_state"), list(product(State, State)))
def test_a_move_is_allowed_only_if_the_table_lists_it(make, from_state, to_state):
    obj = make(from_state)
    if (from_state, to_state) in ALLOWED:
        selectors.check_move(obj, to_state)
    else:
        with pytest.raises(ValidationError, match=f"不能变更为“{State(to_state).label}”"):
            selectors.check_move(obj, to_state)


def _force(entry, state):
    CampaignEntry.objects.filter(pk=entry.pk).update(state=state)
    CampaignItem.objects.filter(entry=entry).update(state=state)
    entry.refresh_from_db()


ACTIONS = {
    "submit": ({State.PENDING}, lambda e, u: services.entry_submit(entry=e, actor=u)),
    "review_start": ({State.SUBMITTED}, lambda e, u: services.review_start(entry=e, actor=u)),
    "approve": (
        {State.IN_REVIEW, State.RECTIFIED},
        lambda e, u: services.entry_approve(entry=e, actor=u),
    ),
    "fail": (
        {State.IN_REVIEW, State.RECTIFIED},
        lambda e, u: services.entry_fail(entry=e, actor=u),
    ),
    "rectification_request": (
        {State.IN_REVIEW, State.RECTIFIED},
        lambda e, u: services.rectification_request(entry=e, actor=u),
    ),
    "rectification_answer": (
        {State.RECTIFYING},
        lambda e, u: services.rectification_answer(item=item(e, "2"), actor=u, answer="已整改"),
    ),
}


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (name, state)
        for name, (allowed, _) in ACTIONS.items()
        for state in State
        if state not in allowed
    ],
)
def test_each_action_refuses_the_states_it_does_not_start_from(entry, admin_user, action, state):
    _force(entry, state)
    with pytest.raises(ValidationError, match="不能变更为"):
        ACTIONS[action][1](entry, admin_user)
    entry.refresh_from_db()
    assert entry.state == state
    assert set(entry.items.values_list("state", flat=True)) == {state}
    assert not Transition.objects.exists()
