"""Tianjin group 三 (至少选5项): a society records the tasks it chose; unchosen tasks read 未选 and
do not count; the group passes when enough chosen tasks are met. Until a choice is recorded,
every task is judged and any N met pass the group."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.rules.choices import Status
from xuehui.rules.facts.base import Facts
from xuehui.rules.models import Framework, TaskChoice
from xuehui.rules.selectors import evaluate_societies, framework_spec
from xuehui.rules.services import frameworks_load_library, task_choice_record

from .test_periods import framework, judge

ON = dt.date(2024, 12, 31)
TASKS = ("T1", "T2", "T3", "T4")


def task(key, fact):
    return {
        "key": key,
        "title": f"任务{key}",
        "clause": f"第{key[1:]}项",
        "excerpt": "自选任务",
        "obligation": "encouraged",
        "decide": {"by": "automatic", "fact": fact, "check": "exists", "params": {"label": key}},
    }


@pytest.fixture
def spec():
    return framework(
        {
            "key": "G",
            "title": "创新任务（至少选2项）",
            "clause": "三",
            "excerpt": "至少选2项",
            "obligation": "mandatory",
            "selection": {"at_least": 2},
            "children": [task(key, f"x.{key.lower()}") for key in TASKS],
        }
    )


def met(*done):
    return {f"x.{key.lower()}": key in done for key in TASKS}


def test_without_a_recorded_choice_any_two_met_pass_the_group(spec):
    results = judge(spec, ON, **met("T3", "T4"))
    assert results["G"].status == Status.PASS
    assert judge(spec, ON, **met("T3"))["G"].status == Status.FAIL


def test_unchosen_tasks_read_not_chosen_and_do_not_count(spec):
    chosen = {"tasks.chosen": {"demo": {"G": ["T1", "T2"]}}}
    results = judge(spec, ON, **met("T3", "T4"), **chosen)
    assert results["T3"].status == Status.NOT_CHOSEN
    assert results["T3"].status_label == "未选"
    # T3 and T4 are met, but the society chose T1 and T2, neither done: the group fails.
    assert results["G"].status == Status.FAIL
    assert "学会选定的2项任务中已达标0项" in results["G"].explanation


def test_the_group_passes_when_enough_chosen_tasks_are_met(spec):
    chosen = {"tasks.chosen": {"demo": {"G": ["T1", "T2", "T3"]}}}
    results = judge(spec, ON, **met("T1", "T3"), **chosen)
    assert results["G"].status == Status.PASS
    assert results["T4"].status == Status.NOT_CHOSEN
    assert results["T2"].status == Status.NOT_DONE  # chosen, encouraged, not done


def test_another_frameworks_choice_does_not_apply(spec):
    chosen = {"tasks.chosen": {"other": {"G": ["T1", "T2"]}}}
    results = judge(spec, ON, **met("T3", "T4"), **chosen)
    assert results["G"].status == Status.PASS
    assert all(results[k].status != Status.NOT_CHOSEN for k in TASKS)


# ---- recording the choice ---------------------------------------------------------------------


@pytest.fixture
def tianjin(db):
    frameworks_load_library()
    return Framework.objects.get(key="tianjin-tasks")


def tianjin_results(society):
    return {
        r.requirement.key: r
        for r in evaluate_societies(framework_spec("tianjin-tasks"), [society.pk], ON)[society.pk]
    }


CHOICE = ["T11", "T12", "T13", "T19", "T20"]


def test_a_recorded_choice_marks_the_other_tasks_and_their_standards_not_chosen(tianjin, society_a):
    task_choice_record(society=society_a, framework=tianjin, group_key="G3", task_keys=CHOICE)
    results = tianjin_results(society_a)
    for key in ("T14", "T14.1", "T18", "T18.1"):
        assert results[key].status == Status.NOT_CHOSEN
    assert results["T20"].status != Status.NOT_CHOSEN
    assert "学会选定的5项任务" in results["G3"].explanation


@pytest.mark.parametrize(
    ("keys", "message"),
    [(["T11", "T12", "T13", "T14"], "至少选择5项"), ([*CHOICE, "T9"], "不属于本任务组")],
)
def test_a_choice_needs_at_least_five_of_the_groups_own_tasks(tianjin, society_a, keys, message):
    with pytest.raises(ValidationError, match=message):
        task_choice_record(society=society_a, framework=tianjin, group_key="G3", task_keys=keys)
    with pytest.raises(ValidationError, match="不是自选任务组"):
        task_choice_record(society=society_a, framework=tianjin, group_key="G2", task_keys=CHOICE)
    assert not TaskChoice.objects.exists()


def test_the_secretary_records_the_choice_on_the_compliance_page_and_it_is_audited(
    tianjin, society_a, secretary_a_client
):
    page = reverse("rules:society_framework", args=[society_a.pk, "tianjin-tasks"])
    assert "尚未记录选定的任务" in secretary_a_client.get(page).content.decode()
    url = reverse("rules:task_choice", args=[society_a.pk, "tianjin-tasks", "G3"])
    response = secretary_a_client.post(url, {"tasks": CHOICE})
    assert response.status_code == 302
    assert TaskChoice.objects.get(society=society_a).task_keys == CHOICE
    entry = AuditEntry.objects.get(action="task_choice_record")
    assert entry.society == society_a and "第11项" in entry.summary
    assert "已选定5项" in secretary_a_client.get(page).content.decode()
    secretary_a_client.post(url, {})  # nothing ticked: the record goes, every task is judged
    assert not TaskChoice.objects.exists()
    assert tianjin_results(society_a)["T14"].status != Status.NOT_CHOSEN


def test_another_societys_secretary_cannot_record_a_choice(tianjin, society_a, secretary_b_client):
    url = reverse("rules:task_choice", args=[society_a.pk, "tianjin-tasks", "G3"])
    assert secretary_b_client.post(url, {"tasks": CHOICE}).status_code == 404
    assert not TaskChoice.objects.exists()


def test_facts_carry_the_recorded_choice(tianjin, society_a):
    from xuehui.rules.facts import gather

    task_choice_record(society=society_a, framework=tianjin, group_key="G3", task_keys=CHOICE)
    facts: Facts = gather([society_a.pk], ON)[society_a.pk]
    assert facts["tasks.chosen"] == {"tianjin-tasks": {"G3": CHOICE}}
