import datetime as dt
import re

import pytest
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.files.tests.factories import pdf_bytes, upload
from xuehui.tests.factories import make_society, make_user
from xuehui.workplans import services
from xuehui.workplans.choices import PlanStatus, TaskStatus
from xuehui.workplans.models import PlanTask, Problem, WorkPlan

from .factories import make_campaign, make_entry, make_plan, make_task, make_viewer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def campaign(federation):
    return make_campaign(federation)


@pytest.fixture
def entry(campaign, society_a):
    return make_entry(campaign, society_a)


def _task_data(**overrides):
    data = {
        "title": "建立学会会议制度",
        "target_outcome": "理事会审议通过会议制度",
        "deadline": "2025-06-30",
        "responsible": "秘书长 张三",
        "steps": ["起草会议制度", "征求理事意见", "理事会审议"],
    }
    return data | overrides


def test_the_secretary_starts_the_plan_with_problems_prefilled(secretary_a_client, entry):
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    assert "创建改革工作方案" in page and "还需增加3名" in page
    response = secretary_a_client.post(reverse("workplans:create", args=[entry.pk]))
    assert response.status_code == 302
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    assert "一、存在问题" in page and "还需增加3名" in page
    assert WorkPlan.objects.get(entry=entry).problems.count() == 1


def test_a_task_with_steps_is_added_through_htmx(secretary_a_client, entry):
    plan = make_plan(entry)
    url = reverse("workplans:task_new", args=[plan.pk])
    form = secretary_a_client.get(url, **HTMX).content.decode()
    assert 'name="steps"' in form and "<html" not in form
    response = secretary_a_client.post(url, _task_data(items=[entry.items.first().pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "建立学会会议制度" in html and "征求理事意见" in html and "<html" not in html
    task = PlanTask.objects.get(plan=plan)
    assert [s.text for s in task.steps.all()] == ["起草会议制度", "征求理事意见", "理事会审议"]
    assert list(task.items.all()) == [entry.items.first()]


def test_an_invalid_task_comes_back_with_its_errors_and_steps(secretary_a_client, entry):
    plan = make_plan(entry)
    url = reverse("workplans:task_new", args=[plan.pk])
    html = secretary_a_client.post(url, _task_data(deadline="", responsible=""), **HTMX)
    html = html.content.decode()
    assert "该字段是必填项" in html and 'value="征求理事意见"' in html
    assert not PlanTask.objects.exists()


def test_editing_a_task_shows_its_steps_and_deleting_removes_it(secretary_a_client, entry):
    task = make_task(make_plan(entry), steps=["调研现状", "形成方案"])
    html = secretary_a_client.get(reverse("workplans:task_edit", args=[task.pk]), **HTMX)
    assert 'value="形成方案"' in html.content.decode()
    response = secretary_a_client.post(reverse("workplans:task_delete", args=[task.pk]), **HTMX)
    assert response.status_code == 200 and "尚未填写主要任务" in response.content.decode()
    assert not PlanTask.objects.exists()


def test_the_step_row_is_an_empty_step_input(secretary_a_client, entry):
    plan = make_plan(entry)
    html = secretary_a_client.get(reverse("workplans:step_row", args=[plan.pk])).content.decode()
    assert 'name="steps"' in html and 'value=""' in html


def test_problems_are_added_edited_and_deleted_through_htmx(secretary_a_client, entry):
    plan = make_plan(entry)
    html = secretary_a_client.post(
        reverse("workplans:problem_add", args=[plan.pk]), {"new-text": "办公场地不足"}, **HTMX
    ).content.decode()
    assert "办公场地不足" in html
    problem = Problem.objects.get(text="办公场地不足")
    url = reverse("workplans:problem_edit", args=[problem.pk])
    secretary_a_client.post(url, {f"p{problem.pk}-text": "无专用办公场地"}, **HTMX)
    problem.refresh_from_db()
    assert problem.text == "无专用办公场地"
    secretary_a_client.post(reverse("workplans:problem_delete", args=[problem.pk]), **HTMX)
    assert not Problem.objects.filter(pk=problem.pk).exists()


def test_a_submitted_plan_shows_no_editing(secretary_a_client, entry):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    assert "等待审核" in page
    assert reverse("workplans:task_new", args=[plan.pk]) not in page
    response = secretary_a_client.post(reverse("workplans:task_new", args=[plan.pk]), _task_data())
    assert "不能修改" in response.content.decode()
    assert plan.tasks.count() == 1


def test_the_secretary_submits_and_the_administrator_approves(
    secretary_a_client, admin_client, entry
):
    plan = make_plan(entry, tasks=2)
    secretary_a_client.post(reverse("workplans:submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    review = admin_client.get(reverse("workplans:review", args=[plan.pk])).content.decode()
    assert "批准方案" in review and "任务2" in review
    response = admin_client.post(reverse("workplans:approve", args=[plan.pk]), {"comment": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_returning_without_comments_is_refused_with_a_message(admin_client, entry):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    response = admin_client.post(reverse("workplans:return", args=[plan.pk]), {"comment": ""})
    assert response.status_code == 200 and "该字段是必填项" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    admin_client.post(reverse("workplans:return", args=[plan.pk]), {"comment": "步骤过粗"})
    plan.refresh_from_db()
    assert (plan.status, plan.review_comment) == (PlanStatus.RETURNED, "步骤过粗")


def test_the_returned_plan_shows_the_comments_to_the_secretary(secretary_a_client, entry):
    make_plan(entry, status=PlanStatus.RETURNED, review_comment="请补充责任人", tasks=1)
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    assert "科协退回意见" in page and "请补充责任人" in page


def test_overdue_tasks_are_flagged_in_red(secretary_a_client, admin_client, entry, campaign):
    plan = make_plan(entry, status=PlanStatus.APPROVED)
    make_task(plan, title="已过期任务", deadline=dt.date(2020, 1, 1))
    make_task(plan, title="已完成任务", deadline=dt.date(2020, 1, 1), status=TaskStatus.DONE)
    make_task(plan, title="未到期任务", deadline=dt.date(2099, 1, 1))
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    assert page.count('data-overdue="1"') == 1
    row = page[page.index('data-overdue="1"') :]
    assert "已过期任务" in row[: row.index("</tr>")]
    listing = admin_client.get(reverse("workplans:campaign", args=[campaign.pk])).content.decode()
    assert "逾期任务 <strong>1</strong>" in listing


def test_the_campaign_list_shows_each_society_and_its_plan_state(admin_client, campaign, entry):
    make_entry(campaign, make_society(name="湖北省化学学会", federation=campaign.federation))
    make_plan(entry, status=PlanStatus.SUBMITTED, tasks=2)
    page = admin_client.get(reverse("workplans:campaign", args=[campaign.pk])).content.decode()
    assert "湖北省化学学会" in page and "未编写" in page
    assert "待审核 <strong>1</strong>" in page and "未编写 <strong>1</strong>" in page


def test_progress_is_reported_with_evidence(secretary_a_client, entry):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED))
    url = reverse("workplans:progress", args=[task.pk])
    data = {
        "percent": "60",
        "status": TaskStatus.IN_PROGRESS,
        "note": "章程草案已完成",
        "uploads": [upload("章程草案.pdf", pdf_bytes())],
    }
    assert secretary_a_client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.percent) == (TaskStatus.IN_PROGRESS, 60)
    page = secretary_a_client.get(url).content.decode()
    assert "章程草案已完成" in page and "章程草案.pdf" in page


def test_inconsistent_progress_is_refused_with_a_message(secretary_a_client, entry):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED))
    url = reverse("workplans:progress", args=[task.pk])
    response = secretary_a_client.post(url, {"percent": "50", "status": TaskStatus.DONE})
    assert "完成百分比应为100%" in response.content.decode()
    assert not task.updates.exists()


# ---- scoping -------------------------------------------------------------------------------


def _society_urls(entry, plan, task, problem):
    return {
        "plan": (reverse("workplans:plan", args=[entry.pk]), "get"),
        "create": (reverse("workplans:create", args=[entry.pk]), "post"),
        "problem_add": (reverse("workplans:problem_add", args=[plan.pk]), "post"),
        "problem_edit": (reverse("workplans:problem_edit", args=[problem.pk]), "post"),
        "problem_delete": (reverse("workplans:problem_delete", args=[problem.pk]), "post"),
        "task_new": (reverse("workplans:task_new", args=[plan.pk]), "post"),
        "step_row": (reverse("workplans:step_row", args=[plan.pk]), "get"),
        "task_edit": (reverse("workplans:task_edit", args=[task.pk]), "post"),
        "task_delete": (reverse("workplans:task_delete", args=[task.pk]), "post"),
        "progress": (reverse("workplans:progress", args=[task.pk]), "post"),
        "submit": (reverse("workplans:submit", args=[plan.pk]), "post"),
        "export": (reverse("workplans:export", args=[plan.pk]), "get"),
    }


SOCIETY_URLS = [
    "plan",
    "create",
    "problem_add",
    "problem_edit",
    "problem_delete",
    "task_new",
    "step_row",
    "task_edit",
    "task_delete",
    "progress",
    "submit",
    "export",
]
READS = {"plan", "export"}


@pytest.fixture
def plan_objects(entry):
    plan = make_plan(entry, tasks=1)
    return _society_urls(entry, plan, plan.tasks.get(), plan.problems.get())


@pytest.mark.parametrize("name", SOCIETY_URLS)
def test_another_societys_plan_does_not_exist_for_a_secretary(
    name, plan_objects, secretary_b_client, expert_client
):
    url, method = plan_objects[name]
    assert getattr(secretary_b_client, method)(url).status_code == 404
    assert getattr(expert_client, method)(url).status_code == 404


@pytest.mark.parametrize("name", SOCIETY_URLS)
def test_a_read_only_leader_may_read_but_not_write(name, plan_objects, federation, client):
    client.force_login(make_viewer(federation))
    url, method = plan_objects[name]
    expected = 200 if name in READS else 403
    assert getattr(client, method)(url).status_code == expected


@pytest.mark.parametrize("name", SOCIETY_URLS)
def test_anonymous_visitors_are_sent_to_log_in(name, plan_objects, anonymous_client):
    url, method = plan_objects[name]
    response = getattr(anonymous_client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def review_urls(entry, campaign):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    return {
        "campaign": (reverse("workplans:campaign", args=[campaign.pk]), "get"),
        "review": (reverse("workplans:review", args=[plan.pk]), "get"),
        "approve": (reverse("workplans:approve", args=[plan.pk]), "post"),
        "return": (reverse("workplans:return", args=[plan.pk]), "post"),
    }


@pytest.mark.parametrize("name", ["campaign", "review", "approve", "return"])
def test_the_federation_pages_are_not_for_secretaries_or_experts(
    name, review_urls, secretary_a_client, expert_client, anonymous_client
):
    """The campaign's list is the 科协's (404); the plan's secretary may read the plan but not
    review it (403); an unassigned expert sees nothing (404)."""
    url, method = review_urls[name]
    assert getattr(secretary_a_client, method)(url).status_code == (
        404 if name == "campaign" else 403
    )
    assert getattr(expert_client, method)(url).status_code == 404
    assert getattr(anonymous_client, method)(url).status_code == 302


@pytest.mark.parametrize("name", ["campaign", "review", "approve", "return"])
def test_another_federations_administrator_does_not_see_the_campaign(
    name, review_urls, other_federation, client
):
    client.force_login(
        make_user("other_admin", role=Role.FEDERATION_ADMIN, federation=other_federation)
    )
    url, method = review_urls[name]
    assert getattr(client, method)(url).status_code == 404


def test_a_leader_reads_the_review_but_cannot_approve_or_return(review_urls, federation, client):
    client.force_login(make_viewer(federation))
    assert client.get(review_urls["review"][0]).status_code == 200
    assert "批准方案" not in client.get(review_urls["review"][0]).content.decode()
    assert client.post(review_urls["approve"][0]).status_code == 403
    assert client.post(review_urls["return"][0], {"comment": "x"}).status_code == 403
    assert WorkPlan.objects.get().status == PlanStatus.SUBMITTED


# ---- query counts --------------------------------------------------------------------------


def _plan_with_tasks(entry, n: int):
    plan = make_plan(entry, status=PlanStatus.APPROVED)
    for i in range(n):
        task = make_task(plan, title=f"任务{i}", deadline=dt.date(2020, 1, 1))
        task.items.add(*entry.items.all())
        services.progress_record(
            task=task,
            percent=50,
            status=TaskStatus.IN_PROGRESS,
            uploads=[upload("a.pdf", pdf_bytes())],
        )
    return plan


@pytest.mark.parametrize("n", [2, 12])
def test_the_plan_page_query_count_does_not_grow_with_tasks(
    n, secretary_a_client, entry, django_assert_max_num_queries
):
    _plan_with_tasks(entry, n)
    with django_assert_max_num_queries(20):
        response = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk]))
    assert response.content.decode().count('data-overdue="1"') == n


@pytest.mark.parametrize("n", [2, 12])
def test_the_review_page_and_export_query_counts_do_not_grow_with_tasks(
    n, admin_client, entry, django_assert_max_num_queries
):
    plan = _plan_with_tasks(entry, n)
    with django_assert_max_num_queries(20):
        assert admin_client.get(reverse("workplans:review", args=[plan.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert admin_client.get(reverse("workplans:export", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("n", [2, 15])
def test_the_campaign_list_query_count_does_not_grow_with_societies(
    n, admin_client, campaign, django_assert_max_num_queries
):
    for _ in range(n):
        entry = make_entry(campaign, make_society(federation=campaign.federation))
        make_task(make_plan(entry, status=PlanStatus.APPROVED), deadline=dt.date(2020, 1, 1))
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("workplans:campaign", args=[campaign.pk]))
    assert f"逾期任务 <strong>{n}</strong>" in response.content.decode()


@pytest.mark.parametrize("n", [1, 8])
def test_the_progress_page_query_count_does_not_grow_with_updates(
    n, secretary_a_client, entry, django_assert_max_num_queries
):
    task = make_task(make_plan(entry, status=PlanStatus.APPROVED))
    for percent in range(n):
        services.progress_record(
            task=task,
            percent=percent,
            status=TaskStatus.IN_PROGRESS if percent else TaskStatus.NOT_STARTED,
            uploads=[upload(f"{percent}.pdf", pdf_bytes())],
        )
    with django_assert_max_num_queries(14):
        response = secretary_a_client.get(reverse("workplans:progress", args=[task.pk]))
    assert response.content.decode().count("bi-download") == n


def test_the_header_bell_counts_the_unread_notice_of_a_returned_plan(
    secretary_a_client, admin_user, entry
):
    plan = make_plan(entry, status=PlanStatus.SUBMITTED, tasks=1)
    url = reverse("workplans:plan", args=[entry.pk])
    assert 'data-unread="0"' in secretary_a_client.get(url).content.decode()
    services.plan_return(plan=plan, actor=admin_user, comment="请补充步骤")
    page = secretary_a_client.get(url).content.decode()
    assert 'data-unread="1"' in page and reverse("notifications:list") in page


def _token_of(html: str, action: str) -> str:
    """The form token of the form posting to `action` in a rendered page or partial."""
    form = html[html.index(f'action="{action}"') :]
    return re.search(r'name="form_token" value="([^"]+)"', form).group(1)


def test_a_task_or_problem_form_sent_twice_adds_it_once(secretary_a_client, entry):
    plan = make_plan(entry)
    page = secretary_a_client.get(reverse("workplans:plan", args=[entry.pk])).content.decode()
    for name, data, rows in [
        ("task_new", _task_data(), plan.tasks),
        ("problem_add", {"new-text": "办公场地不足"}, plan.problems),
    ]:
        action = reverse(f"workplans:{name}", args=[plan.pk])
        shown = secretary_a_client.get(action, **HTMX) if name == "task_new" else None
        data = data | {"form_token": _token_of(shown.content.decode() if shown else page, action)}
        before = rows.count()
        first = secretary_a_client.post(action, data, **HTMX)
        again = secretary_a_client.post(action, data, **HTMX)
        assert first.status_code == 200 and rows.count() == before + 1, name
        assert again["HX-Redirect"] == reverse("workplans:plan", args=[entry.pk])
    # The add-problem form shown again after the first submit takes another token.
    assert _token_of(first.content.decode(), action) != data["form_token"]


def test_the_campaign_s_list_offers_审核_only_to_who_may_review(
    review_urls, federation, client, admin_client
):
    url = review_urls["campaign"][0]
    assert ">审核</a>" in admin_client.get(url).content.decode()
    client.force_login(make_viewer(federation))
    page = client.get(url).content.decode()
    assert ">审核</a>" not in page and ">查看</a>" in page
