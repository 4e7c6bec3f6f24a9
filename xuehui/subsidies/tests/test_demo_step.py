"""The demo step (xuehui/demo/steps_subsidies.py) allocates once and changes nothing again."""

import pytest

from xuehui.demo.context import DemoContext
from xuehui.demo.steps_subsidies import load_subsidies
from xuehui.subsidies.models import SubsidyApplication

from .factories import give_secretary

pytestmark = pytest.mark.django_db


def test_the_demo_step_is_idempotent(federation, society_a):
    give_secretary(society_a)
    ctx = DemoContext(federations={"hubei": federation})
    assert load_subsidies(ctx) == "新增补贴项目1个：1个学会参与测算，1个获得安排"
    assert load_subsidies(ctx) == "已存在，未修改"
    assert SubsidyApplication.objects.get().allocated_amount == 30000
