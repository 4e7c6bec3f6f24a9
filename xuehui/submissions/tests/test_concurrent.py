"""Simultaneous submits on PostgreSQL: one record per form render, no 500 for a unique race.

Each test fires several posts at once from threads (each with its own connection) and checks
what the database holds afterwards. SQLite serialises writers, so these run on PostgreSQL only.
"""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from xuehui.imports.tests.test_views import pending_token, upload
from xuehui.secretariat.models import Office, StaffMember
from xuehui.submissions.models import FormSubmission
from xuehui.workbook.tests.factories import xlsx as workbook_xlsx

from .forms import FORMS, UNIQUE_FORMS

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="simultaneous transactions need PostgreSQL; SQLite serialises writers",
    ),
    pytest.mark.django_db(transaction=True),
]

TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def at_once(calls):
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - a crash is a result to assert on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def statuses(responses) -> list:
    return [getattr(r, "status_code", r) for r in responses]


@pytest.mark.parametrize("form", FORMS, ids=str)
@pytest.mark.parametrize("posts", [2, 4])
def test_simultaneous_submits_of_one_render_create_one_record(
    form, posts, admin_user, secretary_a, society_a
):
    user = admin_user if form.as_admin else secretary_a
    url = form.setup(society_a)
    token = TOKEN_RE.search(signed_in(user).get(url).content.decode()).group(1)
    data = form.data(society_a) | {"form_token": token}
    before = form.model.objects.count()
    clients = [signed_in(user) for _ in range(posts)]
    responses = at_once([lambda c=c: c.post(url, data) for c in clients])
    assert statuses(responses) == [302] * posts
    assert form.model.objects.count() == before + 1
    assert len({r["Location"] for r in responses}) == 1  # all sent to the one record
    assert FormSubmission.objects.filter(token=token).count() == 1


@pytest.mark.parametrize("form", UNIQUE_FORMS, ids=str)
def test_simultaneous_renders_racing_on_a_unique_key_give_one_record_and_form_errors(
    form, admin_user, secretary_a, society_a
):
    user = admin_user if form.as_admin else secretary_a
    url = form.setup(society_a)
    before = form.model.objects.count()
    clients = [signed_in(user) for _ in range(3)]
    tokens = [TOKEN_RE.search(c.get(url).content.decode()).group(1) for c in clients]
    responses = at_once(
        [
            lambda c=c, t=t: c.post(url, form.data(society_a) | {"form_token": t})
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    assert sorted(statuses(responses)) == [200, 200, 302]
    assert form.model.objects.count() == before + 1
    for refused in (r for r in responses if r.status_code == 200):
        assert refused.context["form"].errors
    assert FormSubmission.objects.count() == 1


STAFF_HEADER = ["姓名", "岗位", "聘用开始"]
OFFICE_HEADER = ["地址", "面积（平方米）", "来源", "办公设施归学会所有"]
WORKBOOK = workbook_xlsx(
    {
        "专职工作人员": [STAFF_HEADER]
        + [[f"工作人员{i}", "干事", "2023-01-01"] for i in range(1, 6)],
        "办公场所": [OFFICE_HEADER, ["武汉市八一路1号", "25", "挂靠单位提供", "是"]],
    }
)


def test_two_sessions_confirming_one_yearly_workbook_write_staff_and_offices_once(
    secretary_a, admin_user, society_a
):
    sessions = [signed_in(secretary_a), signed_in(admin_user)]
    tokens = []
    for client in sessions:
        client.post(
            reverse("workbook:society", args=[society_a.pk]),
            {"file": upload(WORKBOOK, "年度数据.xlsx")},
        )
        tokens.append(pending_token(client))
    responses = at_once(
        [
            lambda c=c, t=t: c.post(reverse("workbook:confirm", args=[t]))
            for c, t in zip(sessions, tokens, strict=True)
        ]
    )
    assert sorted(statuses(responses)) == [302, 409]  # the winner goes to its result page
    assert StaffMember.objects.filter(society=society_a).count() == 5
    assert Office.objects.filter(society=society_a).count() == 1


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def entry(federation, society_a):
    from xuehui.workplans.tests.factories import make_campaign, make_entry

    return make_entry(make_campaign(federation), society_a)


def test_simultaneous_plan_starts_make_one_plan_and_no_500(secretary_a, entry):
    from xuehui.workplans.models import WorkPlan

    clients = [signed_in(secretary_a) for _ in range(3)]
    url = reverse("workplans:create", args=[entry.pk])
    responses = at_once([lambda c=c: c.post(url) for c in clients])
    assert statuses(responses) == [302] * 3
    assert WorkPlan.objects.filter(entry=entry).count() == 1


@pytest.mark.parametrize("name", ["task_new", "problem_add"])
def test_simultaneous_htmx_submits_of_one_plan_form_add_once(secretary_a, entry, name):
    from xuehui.workplans.tests.factories import make_plan

    plan = make_plan(entry)
    action = reverse(f"workplans:{name}", args=[plan.pk])
    shown = signed_in(secretary_a).get(
        action if name == "task_new" else reverse("workplans:plan", args=[entry.pk]), **HTMX
    )
    html = shown.content.decode()
    token = TOKEN_RE.search(html[html.index(f'action="{action}"') :]).group(1)
    data = {
        "task_new": {
            "title": "建立学会会议制度",
            "target_outcome": "理事会审议通过会议制度",
            "deadline": "2025-06-30",
            "responsible": "秘书长 张三",
            "steps": ["起草会议制度"],
        },
        "problem_add": {"new-text": "办公场地不足"},
    }[name] | {"form_token": token}
    rows = plan.tasks if name == "task_new" else plan.problems
    before = rows.count()
    clients = [signed_in(secretary_a) for _ in range(3)]
    responses = at_once([lambda c=c: c.post(action, data, **HTMX) for c in clients])
    assert statuses(responses) == [200] * 3
    assert rows.count() == before + 1
    assert sum("HX-Redirect" in r.headers for r in responses) == 2


def test_simultaneous_launches_of_one_form_make_one_campaign(admin_user, federation, society_a):
    from xuehui.campaigns.models import Campaign
    from xuehui.workplans.tests.factories import framework_version

    version = framework_version()
    url = reverse("campaigns:launch")
    token = TOKEN_RE.search(signed_in(admin_user).get(url).content.decode()).group(1)
    data = {
        "name": "2025年学会改革评估",
        "federation": federation.pk,
        "frameworks": [version.pk],
        "scope": "all",
        "facts_on": "2024-06-30",
        "plan_deadline": "2099-01-31",
        "self_assessment_deadline": "2099-03-31",
        "review_deadline": "2099-05-31",
        "rectification_deadline": "2099-07-31",
        "confirmed": "True",
        "form_token": token,
    }
    clients = [signed_in(admin_user) for _ in range(3)]
    responses = at_once([lambda c=c: c.post(url, data) for c in clients])
    assert statuses(responses) == [302] * 3
    assert Campaign.objects.count() == 1
