import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from xuehui.access import scope_for
from xuehui.activities.tests.factories import make_activity
from xuehui.audit.models import AuditEntry
from xuehui.campaigns import services
from xuehui.campaigns.choices import CampaignStatus, SelfAssessment, State, VerdictKind
from xuehui.campaigns.models import (
    CampaignEntry,
    CampaignItem,
    Evidence,
    ItemResultHistory,
    Transition,
)
from xuehui.files.models import StoredFile
from xuehui.files.tests.factories import pdf_bytes, upload
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.models import Notification
from xuehui.regulations.tests.factories import make_rule_document
from xuehui.rules.choices import Status
from xuehui.tests import factories as f

from .conftest import assess_all, in_review, item, judge, rectifying, submitted
from .factories import FACTS_ON, launch, load_version, review_framework_data, wide_framework_data

# ---- launch ---------------------------------------------------------------------------------


def test_launch_creates_one_entry_per_society_and_one_item_per_society_requirement(
    federation, society_a, admin_user, version
):
    other = f.make_society(name="湖北省物理学会", federation=federation)
    campaign = launch(federation, [society_a, other], versions=[version], actor=admin_user)
    assert campaign.status == CampaignStatus.OPEN
    assert campaign.launched_at is not None
    assert list(campaign.frameworks.all()) == [version]
    assert campaign.entries.count() == 2
    keys = list(
        CampaignItem.objects.filter(entry__society=other)
        .order_by("position")
        .values_list("requirement__key", flat=True)
    )
    # Groups (3) and the 科协's own work (4) are not items of the society.
    assert keys == ["1", "2", "3.1", "3.2", "3.3", "5"]
    assert CampaignItem.objects.filter(entry__campaign=campaign).count() == 12


def test_launch_keeps_the_engines_result_and_explanation(entry):
    assert item(entry, "1").auto_status == Status.PASS
    failing = item(entry, "2")
    assert failing.auto_status == Status.FAIL
    assert "还差1次" in failing.auto_explanation
    assert failing.auto_expected == "不少于1次"
    assert failing.evaluated_on == FACTS_ON
    assert item(entry, "5").auto_status == Status.NOT_APPLICABLE


def test_launch_reads_each_societys_own_facts(federation, society_a, admin_user, version):
    busy = f.make_society(name="湖北省化学会", federation=federation)
    make_activity(busy, start_on=dt.date(2024, 3, 1))
    campaign = launch(federation, [society_a, busy], versions=[version], actor=admin_user)
    statuses = dict(
        CampaignItem.objects.filter(entry__campaign=campaign, requirement__key="2").values_list(
            "entry__society__name", "auto_status"
        )
    )
    assert statuses == {society_a.name: Status.FAIL, busy.name: Status.PASS}


def test_launch_refuses_societies_outside_the_federation(federation, society_a, society_b, version):
    with pytest.raises(ValidationError, match="本科协或其下级科协"):
        launch(federation, [society_a, society_b], versions=[version])
    assert not CampaignEntry.objects.exists()


def test_launch_refuses_two_versions_of_one_framework(federation, society_a, version):
    newer = load_version(review_framework_data(version=2))
    with pytest.raises(ValidationError, match="同一政策框架只能选择一个版本"):
        launch(federation, [society_a], versions=[version, newer])


def test_launch_refuses_deadlines_out_of_order(federation, society_a, version):
    with pytest.raises(ValidationError, match="截止日期须依次为"):
        launch(
            federation,
            [society_a],
            versions=[version],
            review_deadline=dt.date(2099, 1, 1),
            self_assessment_deadline=dt.date(2099, 2, 1),
        )


def _item_inserts(captured) -> int:
    return sum('INSERT INTO "campaigns_campaignitem"' in q["sql"] for q in captured)


def test_launch_takes_the_same_queries_for_2_or_25_societies(
    federation, admin_user, django_assert_max_num_queries
):
    version = load_version(wide_framework_data(30))
    few = [f.make_society(name=f"少数学会{i}", federation=federation) for i in range(2)]
    many = [f.make_society(name=f"多数学会{i}", federation=federation) for i in range(25)]
    scope_for(admin_user)  # who the actor is, computed once per request
    with django_assert_max_num_queries(60) as small:
        launch(federation, few, versions=[version], actor=admin_user, notify=False)
    with django_assert_max_num_queries(80) as large:
        launch(federation, many, versions=[version], actor=admin_user, notify=False)
    rows = 25 * 30
    assert CampaignItem.objects.filter(entry__society__in=many).count() == rows
    # The facts are gathered with a fixed number of queries, and the items go in with one
    # COPY on PostgreSQL (not logged as a query) or one executemany on SQLite.
    assert _item_inserts(large.captured_queries) == (connection.vendor == "sqlite")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_launch_notifies_each_secretary_once(
    federation, society_a, secretary_a, admin_user, version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = launch(federation, [society_a], versions=[version], actor=admin_user)
    notes = Notification.objects.filter(user=secretary_a, kind=NotificationKind.ASSIGNMENT)
    assert notes.count() == 1
    assert campaign.name in notes.get().title
    services._notify_launch(campaign, list(campaign.entries.all()))  # a second run sends nothing
    assert notes.count() == 1


def test_launch_leaves_an_audit_record(campaign, admin_user):
    assert AuditEntry.objects.filter(action="campaign_launch", actor=admin_user).count() == 1


# ---- refresh --------------------------------------------------------------------------------


def test_refresh_replaces_a_changed_result_and_keeps_the_old_one_in_history(
    entry, society_a, admin_user
):
    make_activity(society_a, start_on=dt.date(2024, 5, 1))
    changed = services.campaign_refresh(campaign=entry.campaign, actor=admin_user)
    assert changed == 1
    refreshed = item(entry, "2")
    assert refreshed.auto_status == Status.PASS
    history = list(ItemResultHistory.objects.filter(item=refreshed))
    assert [(h.status, h.evaluated_on) for h in history] == [(Status.FAIL, FACTS_ON)]
    assert "还差1次" in history[0].explanation
    assert not ItemResultHistory.objects.exclude(item=refreshed).exists()


def test_refresh_on_another_date_records_every_item_it_reevaluates(entry, admin_user):
    changed = services.campaign_refresh(
        campaign=entry.campaign, actor=admin_user, on=dt.date(2024, 12, 31)
    )
    assert changed == 6
    assert set(entry.items.values_list("evaluated_on", flat=True)) == {dt.date(2024, 12, 31)}
    assert ItemResultHistory.objects.filter(item__entry=entry).count() == 6


def test_refresh_leaves_societies_with_a_final_result_alone(entry, society_a, admin_user):
    CampaignEntry.objects.filter(pk=entry.pk).update(state=State.PASSED)
    make_activity(society_a, start_on=dt.date(2024, 5, 1))
    assert services.campaign_refresh(campaign=entry.campaign, actor=admin_user) == 0
    assert item(entry, "2").auto_status == Status.FAIL


def test_a_closed_campaign_is_not_refreshed(entry, admin_user):
    services.campaign_close(campaign=entry.campaign, actor=admin_user)
    with pytest.raises(ValidationError, match="已结束"):
        services.campaign_refresh(campaign=entry.campaign, actor=admin_user)


# ---- self-assessment and evidence -----------------------------------------------------------


def test_self_assessment_is_saved_with_who_and_when(entry, secretary_a):
    saved = services.self_assessment_save(
        item=item(entry, "2"),
        actor=secretary_a,
        assessment=SelfAssessment.PARTLY_MET,
        statement="已开展筹备",
    )
    saved.refresh_from_db()
    assert (saved.self_assessment, saved.self_statement) == (
        SelfAssessment.PARTLY_MET,
        "已开展筹备",
    )
    assert saved.self_assessed_by == secretary_a and saved.self_assessed_at is not None


def test_self_assessment_below_met_needs_a_statement(entry, secretary_a):
    with pytest.raises(ValidationError, match="请写明情况说明"):
        services.self_assessment_save(
            item=item(entry, "2"), actor=secretary_a, assessment=SelfAssessment.NOT_MET
        )
    assert item(entry, "2").self_assessment == ""


def test_accepting_the_automatic_results_assesses_only_passing_and_inapplicable_items(
    entry, secretary_a
):
    assert services.self_assessment_accept_automatic(entry=entry, actor=secretary_a) == 2
    assessed = dict(entry.items.values_list("requirement__key", "self_assessment"))
    assert assessed == {
        "1": SelfAssessment.MET,
        "2": "",
        "3.1": "",
        "3.2": "",
        "3.3": "",
        "5": SelfAssessment.NOT_APPLICABLE,
    }
    assert item(entry, "1").self_statement.startswith("采用自动核验结果：")


def test_evidence_file_is_stored_for_the_society_by_content(entry, secretary_a, society_a):
    evidence = services.evidence_add(
        item=item(entry, "3.1"),
        actor=secretary_a,
        upload=upload("秘书处设置文件.pdf", pdf_bytes()),
        note="2024年文件",
    )
    assert evidence.file.society == society_a
    assert evidence.file.kind == "pdf"
    assert len(evidence.file.sha256) == 64
    assert evidence.added_by == secretary_a


def test_a_disguised_evidence_file_is_refused_and_nothing_is_kept(entry, secretary_a):
    with pytest.raises(ValidationError):
        services.evidence_add(
            item=item(entry, "3.1"),
            actor=secretary_a,
            upload=upload("材料.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        )
    assert not Evidence.objects.exists()
    assert not StoredFile.objects.exists()


def test_evidence_links_to_a_record_of_the_same_society(entry, secretary_a, society_a):
    document = make_rule_document(society_a, name="会议制度")
    evidence = services.evidence_add(
        item=item(entry, "3.3"), actor=secretary_a, rule_document=document
    )
    assert evidence.target == document
    assert evidence.target_kind == "规章制度"


def test_evidence_cannot_link_to_another_societys_record(entry, secretary_a, society_b):
    foreign = make_rule_document(society_b, name="别的学会的制度")
    with pytest.raises(ValidationError, match="只能关联本学会的记录"):
        services.evidence_add(item=item(entry, "3.3"), actor=secretary_a, rule_document=foreign)
    assert not Evidence.objects.exists()


def test_evidence_is_one_file_or_one_record(entry, secretary_a, society_a):
    document = make_rule_document(society_a, name="会议制度")
    with pytest.raises(ValidationError, match="请上传一个文件，或选择一条本学会的记录"):
        services.evidence_add(
            item=item(entry, "3.3"),
            actor=secretary_a,
            rule_document=document,
            upload=upload("a.pdf", pdf_bytes()),
        )


def test_evidence_cannot_change_after_submission(entry, secretary_a):
    submitted(entry, secretary_a)
    with pytest.raises(ValidationError, match="不能修改佐证材料"):
        services.evidence_add(
            item=item(entry, "3.1"), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
        )


def test_removing_file_evidence_removes_the_stored_file(entry, secretary_a):
    evidence = services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
    )
    services.evidence_remove(evidence=evidence, actor=secretary_a)
    assert not Evidence.objects.exists()
    assert not StoredFile.objects.exists()


# ---- submission -----------------------------------------------------------------------------


def test_submission_needs_every_item_assessed(entry, secretary_a):
    with pytest.raises(ValidationError, match="尚未自评"):
        services.entry_submit(entry=entry, actor=secretary_a)
    entry.refresh_from_db()
    assert entry.state == State.PENDING
    assert not Transition.objects.exists()


def test_submission_needs_evidence_where_the_society_claims_what_only_evidence_shows(
    entry, secretary_a
):
    assess_all(entry, secretary_a)
    services.self_assessment_save(
        item=item(entry, "3.1"), actor=secretary_a, assessment=SelfAssessment.MET
    )
    with pytest.raises(ValidationError, match=r"尚未提供佐证材料：第三条（一）"):
        services.entry_submit(entry=entry, actor=secretary_a)
    services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
    )
    services.entry_submit(entry=entry, actor=secretary_a)
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


def test_submission_moves_the_society_and_its_items_and_logs_each(entry, secretary_a):
    submitted(entry, secretary_a)
    assert set(entry.items.values_list("state", flat=True)) == {State.SUBMITTED}
    society_move = Transition.objects.get(entry=entry, item__isnull=True)
    assert (society_move.from_state, society_move.to_state, society_move.actor) == (
        State.PENDING,
        State.SUBMITTED,
        secretary_a,
    )
    assert society_move.effects.count() == 6
    assert entry.state_changed_at is not None


def test_submission_notifies_the_assigned_experts(entry, secretary_a, expert_user, assignment):
    submitted(entry, secretary_a)
    assert Notification.objects.filter(user=expert_user, title__contains="已提交自评").count() == 1


def test_self_assessment_cannot_change_after_submission(entry, secretary_a):
    submitted(entry, secretary_a)
    with pytest.raises(ValidationError, match="已提交的自评不能再修改"):
        services.self_assessment_save(
            item=item(entry, "1"), actor=secretary_a, assessment=SelfAssessment.MET
        )


# ---- review, rectification and the outcome --------------------------------------------------


def test_an_expert_verdict_is_one_per_expert_and_replaced_when_recorded_again(
    entry, secretary_a, expert_user
):
    in_review(entry, secretary_a, expert_user)
    target = item(entry, "3.2")
    services.verdict_record(
        item=target, expert=expert_user, verdict=VerdictKind.FAIL, comment="不符合"
    )
    services.verdict_record(item=target, expert=expert_user, verdict=VerdictKind.PASS)
    assert list(target.verdicts.values_list("verdict", flat=True)) == [VerdictKind.PASS]


def test_a_verdict_other_than_pass_needs_a_comment(entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    with pytest.raises(ValidationError, match="请写明理由或整改要求"):
        services.verdict_record(
            item=item(entry, "3.2"), expert=expert_user, verdict=VerdictKind.RECTIFY
        )


def test_verdicts_are_refused_before_the_review_starts(entry, secretary_a, expert_user):
    submitted(entry, secretary_a)
    with pytest.raises(ValidationError, match="不在评审中"):
        services.verdict_record(
            item=item(entry, "3.2"), expert=expert_user, verdict=VerdictKind.PASS
        )


def test_the_review_cannot_conclude_while_items_await_a_verdict(entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    with pytest.raises(
        ValidationError, match=r"尚未评审：第二条、第三条（一）、第三条（二）、第三条（三）"
    ):
        services.entry_approve(entry=entry, actor=expert_user)


def test_items_the_data_and_the_society_agree_on_pass_without_an_expert(
    entry, secretary_a, expert_user
):
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user)
    services.entry_approve(entry=entry, actor=expert_user)
    entry.refresh_from_db()
    assert entry.state == State.PASSED
    assert set(entry.items.values_list("state", flat=True)) == {State.PASSED}
    assert not item(entry, "1").verdicts.exists()


def test_the_outcome_must_match_the_verdicts(entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user, {"3.1": VerdictKind.RECTIFY})
    with pytest.raises(ValidationError, match="结论应为“要求整改”"):
        services.entry_approve(entry=entry, actor=expert_user)


def test_rectification_request_sends_the_rectify_items_back_with_deadline_and_comments(
    entry, secretary_a, expert_user
):
    rectifying(entry, secretary_a, expert_user)
    assert entry.state == State.RECTIFYING
    sent_back = item(entry, "3.1")
    assert sent_back.state == State.RECTIFYING
    assert sent_back.rectification_deadline == entry.campaign.rectification_deadline
    assert "请补充材料" in sent_back.rectification_request
    assert item(entry, "3.2").state == State.PASSED
    notes = Notification.objects.filter(user=secretary_a, kind=NotificationKind.RETURNED)
    assert notes.count() == 1


def test_the_society_is_rectified_when_its_last_item_is_answered(entry, secretary_a, expert_user):
    entry = rectifying(entry, secretary_a, expert_user)
    services.rectification_answer(
        item=item(entry, "3.1"), actor=secretary_a, answer="已设立秘书处并上传文件"
    )
    entry.refresh_from_db()
    assert entry.state == State.RECTIFIED
    answered = item(entry, "3.1")
    assert answered.state == State.RECTIFIED
    assert answered.rectification_answer == "已设立秘书处并上传文件"
    # the item's move is part of the society's: a revert undoes both
    assert Transition.objects.get(item=answered, to_state=State.RECTIFIED).cause.item is None


def test_an_empty_rectification_answer_is_refused(entry, secretary_a, expert_user):
    rectifying(entry, secretary_a, expert_user)
    with pytest.raises(ValidationError, match="请写明整改情况"):
        services.rectification_answer(item=item(entry, "3.1"), actor=secretary_a, answer="  ")


def test_after_rectification_the_expert_approves(entry, secretary_a, expert_user):
    rectifying(entry, secretary_a, expert_user)
    services.rectification_answer(item=item(entry, "3.1"), actor=secretary_a, answer="已整改")
    services.verdict_record(item=item(entry, "3.1"), expert=expert_user, verdict=VerdictKind.PASS)
    services.entry_approve(entry=entry, actor=expert_user)
    entry.refresh_from_db()
    assert entry.state == State.PASSED
    assert (
        Notification.objects.filter(user=secretary_a, kind=NotificationKind.APPROVED).count() == 1
    )


def test_a_fail_verdict_fails_the_society(entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user, {"2": VerdictKind.FAIL})
    services.entry_fail(entry=entry, actor=expert_user, reason="未开展活动")
    entry.refresh_from_db()
    assert entry.state == State.FAILED
    assert item(entry, "2").state == State.FAILED
    assert item(entry, "3.2").state == State.PASSED


def test_experts_who_disagree_wait_for_the_administrators_resolution(
    entry, secretary_a, expert_user, admin_user
):
    second = f.make_user("expert2", role="expert")
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user)
    services.verdict_record(
        item=item(entry, "3.2"), expert=second, verdict=VerdictKind.FAIL, comment="不具备条件"
    )
    with pytest.raises(ValidationError, match=r"专家意见不一致、待管理员裁定：第三条（二）"):
        services.entry_approve(entry=entry, actor=expert_user)
    services.disagreement_resolve(
        item=item(entry, "3.2"), actor=admin_user, verdict=VerdictKind.PASS, comment="材料齐全"
    )
    services.entry_approve(entry=entry, actor=expert_user)
    entry.refresh_from_db()
    assert entry.state == State.PASSED


def test_only_an_administrator_resolves_disagreements(entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    with pytest.raises(PermissionDenied):
        services.disagreement_resolve(
            item=item(entry, "3.2"), actor=expert_user, verdict=VerdictKind.PASS, comment="x"
        )


# ---- revert ---------------------------------------------------------------------------------


def test_an_administrator_reverts_a_submission_with_its_items(entry, secretary_a, admin_user):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    revert = services.transition_revert(
        transition=move, actor=admin_user, reason="材料有误，退回修改"
    )
    entry.refresh_from_db()
    assert entry.state == State.PENDING
    assert set(entry.items.values_list("state", flat=True)) == {State.PENDING}
    assert (revert.from_state, revert.to_state, revert.reverts, revert.reason) == (
        State.SUBMITTED,
        State.PENDING,
        move,
        "材料有误，退回修改",
    )
    assert revert.effects.count() == 6
    assert AuditEntry.objects.filter(action="transition_revert").exists()


def test_a_revert_needs_a_reason(entry, secretary_a, admin_user):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    with pytest.raises(ValidationError, match="须写明原因"):
        services.transition_revert(transition=move, actor=admin_user, reason=" ")
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


@pytest.mark.parametrize("who", ["secretary_a", "expert_user"])
def test_only_an_administrator_reverts(entry, secretary_a, who, request):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    with pytest.raises(PermissionDenied):
        services.transition_revert(
            transition=move, actor=request.getfixturevalue(who), reason="想撤回"
        )
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


def test_an_administrator_of_another_federation_cannot_revert(entry, secretary_a, other_federation):
    stranger = f.make_user("kx_other", role="federation_admin", federation=other_federation)
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    with pytest.raises(PermissionDenied):
        services.transition_revert(transition=move, actor=stranger, reason="误操作")


def test_only_the_latest_change_is_reverted(entry, secretary_a, expert_user, admin_user):
    in_review(entry, secretary_a, expert_user)
    submission = Transition.objects.get(entry=entry, item__isnull=True, to_state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="只能撤销最近的一次"):
        services.transition_revert(transition=submission, actor=admin_user, reason="误操作")


def test_an_item_moved_with_its_society_is_reverted_through_the_society(
    entry, secretary_a, admin_user
):
    submitted(entry, secretary_a)
    effect = Transition.objects.filter(entry=entry, item__isnull=False).first()
    with pytest.raises(ValidationError, match="请撤销学会层面的变更"):
        services.transition_revert(transition=effect, actor=admin_user, reason="误操作")


def test_a_revert_is_itself_reverted_once(entry, secretary_a, admin_user):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    revert = services.transition_revert(transition=move, actor=admin_user, reason="退回")
    with pytest.raises(ValidationError):
        services.transition_revert(transition=move, actor=admin_user, reason="再退回")
    services.transition_revert(transition=revert, actor=admin_user, reason="撤销退回")
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED
    assert set(entry.items.values_list("state", flat=True)) == {State.SUBMITTED}


def test_reverting_a_single_answer_reopens_that_item(entry, secretary_a, expert_user, admin_user):
    rectifying(entry, secretary_a, expert_user)
    # a second item to rectify, so that the first answer does not move the society
    CampaignItem.objects.filter(pk=item(entry, "3.3").pk).update(state=State.RECTIFYING)
    answer = services.rectification_answer(
        item=item(entry, "3.1"), actor=secretary_a, answer="已整改"
    )
    assert answer.cause is None
    services.transition_revert(transition=answer, actor=admin_user, reason="整改材料不全")
    assert item(entry, "3.1").state == State.RECTIFYING
    entry.refresh_from_db()
    assert entry.state == State.RECTIFYING


# ---- experts --------------------------------------------------------------------------------


def test_only_experts_are_assigned(campaign, secretary_a, admin_user):
    with pytest.raises(ValidationError, match="不是评审专家"):
        services.expert_assign(campaign=campaign, expert=secretary_a, actor=admin_user)


def test_an_assignment_names_an_existing_requirement_group(campaign, expert_user, admin_user):
    with pytest.raises(ValidationError, match="没有编号以“9”开头的要求"):
        services.expert_assign(
            campaign=campaign, expert=expert_user, requirement_prefix="9", actor=admin_user
        )
    assignment = services.expert_assign(
        campaign=campaign, expert=expert_user, requirement_prefix="3", actor=admin_user
    )
    assert assignment.covers(society_id=0, requirement_key="3.2")
    assert not assignment.covers(society_id=0, requirement_key="2")
    assert (
        Notification.objects.filter(user=expert_user, kind=NotificationKind.ASSIGNMENT).count() == 1
    )


def test_nothing_changes_once_the_campaign_is_closed(entry, secretary_a, admin_user):
    services.campaign_close(campaign=entry.campaign, actor=admin_user)
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="已结束"):
        services.self_assessment_save(
            item=item(entry, "1"), actor=secretary_a, assessment=SelfAssessment.MET
        )
