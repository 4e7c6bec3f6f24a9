import datetime as dt
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.campaigns import services
from xuehui.campaigns.choices import SelfAssessment, State, VerdictKind
from xuehui.campaigns.models import Campaign, Evidence, Transition, Verdict
from xuehui.files.tests.factories import pdf_bytes, png_bytes, upload
from xuehui.tests import factories as f

from .conftest import in_review, item, judge, rectifying, submitted
from .factories import launch


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(federation):
    return f.make_user("kx_leader", role=Role.FEDERATION_VIEWER, federation=federation)


@pytest.fixture
def evidence(entry, secretary_a):
    return services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("秘书处设置文件.pdf", pdf_bytes())
    )


# ---- list and launch ------------------------------------------------------------------------


def test_the_list_shows_the_federations_campaigns_to_its_administrator(admin_client, campaign):
    response = admin_client.get(reverse("campaigns:list"))
    assert response.status_code == 200
    assert campaign.name in response.content.decode()
    assert reverse("campaigns:launch") in response.content.decode()


def test_the_list_shows_a_secretary_only_the_campaigns_of_their_society(
    secretary_a_client, secretary_b_client, entry
):
    assert (
        reverse("campaigns:entry", args=[entry.pk])
        in secretary_a_client.get(reverse("campaigns:list")).content.decode()
    )
    content = secretary_b_client.get(reverse("campaigns:list")).content.decode()
    assert entry.campaign.name not in content
    assert reverse("campaigns:launch") not in content


def test_the_list_has_a_bounded_number_of_queries(
    admin_client, federation, society_a, version, django_assert_max_num_queries
):
    for n in range(6):
        launch(federation, [society_a], versions=[version], name=f"评估{n}", notify=False)
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("campaigns:list")).status_code == 200


def _launch_data(version, federation, **overrides):
    return {
        "name": "2025年学会改革评估",
        "federation": federation.pk,
        "frameworks": [version.pk],
        "scope": "all",
        "facts_on": "2024-06-30",
        "plan_deadline": "2099-01-31",
        "self_assessment_deadline": "2099-03-31",
        "review_deadline": "2099-05-31",
        "rectification_deadline": "2099-07-31",
        "confirmed": "True",  # the 确定启动 button of the confirmation step
    } | overrides


def test_an_administrator_launches_for_all_active_societies_of_the_federation(
    admin_client, federation, society_a, society_b, version
):
    inactive = f.make_society(name="停止活动的学会", federation=federation, status="inactive")
    response = admin_client.post(reverse("campaigns:launch"), _launch_data(version, federation))
    campaign = Campaign.objects.get(name="2025年学会改革评估")
    assert response.status_code == 302
    assert response.url == reverse("campaigns:detail", args=[campaign.pk])
    societies = set(campaign.entries.values_list("society", flat=True))
    assert societies == {society_a.pk}
    assert inactive.pk not in societies and society_b.pk not in societies


def test_launch_filtered_by_category(admin_client, federation, society_a, version):
    chosen = f.make_society(name="湖北省农学会", federation=federation, category="agriculture")
    admin_client.post(
        reverse("campaigns:launch"),
        _launch_data(version, federation, scope="filtered", filter_category="agriculture"),
    )
    campaign = Campaign.objects.get()
    assert list(campaign.entries.values_list("society", flat=True)) == [chosen.pk]


def test_launch_of_chosen_societies_refuses_another_federations_society(
    admin_client, federation, society_b, version
):
    response = admin_client.post(
        reverse("campaigns:launch"),
        _launch_data(version, federation, scope="chosen", societies=[society_b.pk]),
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_launch_with_deadlines_out_of_order_shows_the_reason(
    admin_client, federation, society_a, version
):
    response = admin_client.post(
        reverse("campaigns:launch"), _launch_data(version, federation, review_deadline="2099-02-01")
    )
    assert response.status_code == 200
    assert "截止日期须依次为" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("who", ["secretary_a_client", "expert_client"])
def test_only_federation_administrators_open_the_launch_form(who, request, federation):
    assert request.getfixturevalue(who).get(reverse("campaigns:launch")).status_code == 403


def test_a_federation_leader_cannot_launch(viewer):
    assert _client(viewer).get(reverse("campaigns:launch")).status_code == 403


# ---- the progress page ----------------------------------------------------------------------


def test_the_progress_page_shows_each_society_with_its_counts_and_chart_data(
    admin_client, campaign, entry
):
    response = admin_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.status_code == 200
    row = next(r for r in response.context["page"].object_list if r["entry"] == entry)
    # 6 items; decided by the data: 1 pass, 2 fail, 5 not applicable
    assert row["stats"]["total"] == 6
    assert row["stats"]["percent_decided"] == 50
    assert row["stats"]["pass_rate"] == 20  # 1 of the 5 applicable
    assert row["stats"]["outstanding"] == 2  # 3.1 and 3.3 need evidence
    content = response.content.decode()
    assert "vendor/echarts/echarts.min.js" in content
    charts = json.loads(
        content.split('id="campaign-charts" type="application/json">')[1].split("</script>")[0]
    )
    assert {"label": "待自评", "value": "pending", "count": 1} in charts["states"]
    assert charts["federations"] == [entry.society.federation.name]


def test_evidence_removes_an_item_from_outstanding(admin_client, campaign, evidence):
    response = admin_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.context["page"].object_list[0]["stats"]["outstanding"] == 1


def test_the_progress_page_counts_overdue_self_assessment(
    admin_client, federation, society_a, version
):
    campaign = launch(
        federation,
        [society_a],
        versions=[version],
        plan_deadline=dt.date(2020, 1, 1),
        self_assessment_deadline=dt.date(2020, 2, 1),
        review_deadline=dt.date(2099, 1, 1),
        rectification_deadline=dt.date(2099, 2, 1),
    )
    response = admin_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.context["page"].object_list[0]["stats"]["overdue"] == 6


def test_the_progress_page_filters_by_state_and_sorts(
    admin_client, federation, society_a, secretary_a, version
):
    other = f.make_society(name="湖北省天文学会", federation=federation)
    campaign = launch(federation, [society_a, other], versions=[version])
    submitted(campaign.entries.get(society=society_a), secretary_a)
    url = reverse("campaigns:detail", args=[campaign.pk])
    response = admin_client.get(url, {"state": State.SUBMITTED}, HTTP_HX_REQUEST="true")
    assert [r["entry"].society for r in response.context["page"].object_list] == [society_a]
    assert "<html" not in response.content.decode()
    response = admin_client.get(url, {"sort": "-decided"})
    names = [r["entry"].society.name for r in response.context["page"].object_list]
    assert sorted(names) == sorted([society_a.name, other.name])


def test_the_progress_page_says_when_the_campaign_is_complete(
    admin_client, entry, secretary_a, expert_user
):
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user)
    services.entry_approve(entry=entry, actor=expert_user)
    response = admin_client.get(reverse("campaigns:detail", args=[entry.campaign_id]))
    assert 'id="campaign-complete"' in response.content.decode()


def test_the_progress_page_has_a_bounded_number_of_queries(
    admin_client, federation, version, django_assert_max_num_queries
):
    societies = [f.make_society(name=f"学会{i}", federation=federation) for i in range(12)]
    campaign = launch(federation, societies, versions=[version], notify=False)
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert len(response.context["page"].object_list) == 12


@pytest.mark.parametrize("who", ["secretary_a_client", "secretary_b_client", "expert_client"])
def test_the_progress_page_is_404_outside_the_federation(who, request, campaign):
    client = request.getfixturevalue(who)
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("campaigns:export", args=[campaign.pk])).status_code == 404


def test_an_administrator_of_another_federation_gets_404(campaign, other_federation):
    stranger = f.make_user("kx_jx", role=Role.FEDERATION_ADMIN, federation=other_federation)
    assert _client(stranger).get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


def test_a_leader_reads_the_progress_but_cannot_refresh_or_close(viewer, campaign):
    client = _client(viewer)
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    assert client.post(reverse("campaigns:refresh", args=[campaign.pk])).status_code == 403
    assert client.post(reverse("campaigns:close", args=[campaign.pk])).status_code == 403
    campaign.refresh_from_db()
    assert campaign.is_open


def test_an_administrator_refreshes_and_closes(admin_client, campaign):
    assert (
        admin_client.post(
            reverse("campaigns:refresh", args=[campaign.pk]), {"on": "2024-12-31"}
        ).status_code
        == 302
    )
    assert set(campaign.entries.get().items.values_list("evaluated_on", flat=True)) == {
        dt.date(2024, 12, 31)
    }
    admin_client.post(reverse("campaigns:close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert not campaign.is_open


# ---- xlsx export ----------------------------------------------------------------------------


def test_the_export_has_one_row_per_society_and_requirement_with_verdicts(
    admin_client, federation, society_a, secretary_a, expert_user, version
):
    other = f.make_society(name="湖北省天文学会", federation=federation)
    campaign = launch(federation, [society_a, other], versions=[version])
    entry = campaign.entries.get(society=society_a)
    rectifying(entry, secretary_a, expert_user)
    response = admin_client.get(reverse("campaigns:export", args=[campaign.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["各学会汇总", "评估检查结果"]  # what a leader reads first
    summary = list(book["各学会汇总"].iter_rows(values_only=True))
    totals = {r[0]: dict(zip(summary[1], r, strict=True)) for r in summary[2:]}
    assert set(totals) == {society_a.name, other.name}
    assert totals[society_a.name]["状态"] == "需整改"
    assert totals[other.name]["要求项数"] == 6
    sheet = book["评估检查结果"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    assert header[:3] == ("学会", "统一社会信用代码", "所属科协")
    body = rows[2:]
    assert len(body) == 12
    assert {r[0] for r in body} == {society_a.name, other.name}
    # requirements are named by the document's numbering (their clause), never by key
    by_key = {r[5]: dict(zip(header, r, strict=True)) for r in body if r[0] == society_a.name}
    assert by_key["第三条（一）"]["事项状态"] == "需整改"
    assert "需整改（请补充材料）" in by_key["第三条（一）"]["专家意见"]
    assert by_key["第三条（一）"]["整改期限"] == "2099-07-31"
    assert by_key["第二条"]["自动核验结果"] == "不达标"
    assert by_key["第二条"]["自评结论"] == "未达标"


def test_the_export_has_a_bounded_number_of_queries(
    admin_client, federation, version, django_assert_max_num_queries
):
    def export_of(n):
        societies = [f.make_society(name=f"学会{n}-{i}", federation=federation) for i in range(n)]
        campaign = launch(federation, societies, versions=[version], notify=False)
        # 13: one of them counts the rows that decide between sending it and a background job;
        # 3 more for the export's audit entry (lock the chain head, insert, move the head)
        with django_assert_max_num_queries(16) as counted:
            admin_client.get(reverse("campaigns:export", args=[campaign.pk]))
        return len(counted.captured_queries)

    assert export_of(2) == export_of(10)


# ---- a society's page -----------------------------------------------------------------------


def test_the_secretary_sees_each_requirement_with_the_engines_explanation(
    secretary_a_client, entry
):
    response = secretary_a_client.get(reverse("campaigns:entry", args=[entry.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "现有0次，要求不少于1次；还差1次。" in content
    assert "内部治理" in content  # the group heading
    assert 'id="submit-entry"' in content
    assert "尚未自评" in content


@pytest.mark.parametrize("who", ["secretary_b_client", "expert_client"])
def test_a_society_page_is_404_for_others(who, request, entry):
    client = request.getfixturevalue(who)
    assert client.get(reverse("campaigns:entry", args=[entry.pk])).status_code == 404
    assert (
        client.post(reverse("campaigns:item_assess", args=[item(entry, "2").pk])).status_code == 404
    )
    assert client.post(reverse("campaigns:submit", args=[entry.pk])).status_code == 404
    assert client.get(reverse("campaigns:entry_docx", args=[entry.pk])).status_code == 404
    assert client.get(reverse("campaigns:entry_pdf", args=[entry.pk])).status_code == 404


def test_a_leader_reads_a_society_page_but_cannot_change_it(viewer, entry):
    client = _client(viewer)
    assert client.get(reverse("campaigns:entry", args=[entry.pk])).status_code == 200
    response = client.post(
        reverse("campaigns:item_assess", args=[item(entry, "1").pk]),
        {"assessment": SelfAssessment.MET},
    )
    assert response.status_code == 403
    assert client.post(reverse("campaigns:submit", args=[entry.pk])).status_code == 403
    assert item(entry, "1").self_assessment == ""


def test_the_society_page_has_a_bounded_number_of_queries(
    secretary_a_client, entry, secretary_a, django_assert_max_num_queries
):
    for key in ("3.1", "3.3", "2"):
        services.evidence_add(
            item=item(entry, key), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
        )
        services.evidence_add(
            item=item(entry, key), actor=secretary_a, upload=upload("b.png", png_bytes())
        )
    with django_assert_max_num_queries(22):
        assert (
            secretary_a_client.get(reverse("campaigns:entry", args=[entry.pk])).status_code == 200
        )


def test_the_self_assessment_form_saves_and_returns_the_row(secretary_a_client, entry):
    target = item(entry, "2")
    response = secretary_a_client.post(
        reverse("campaigns:item_assess", args=[target.pk]),
        {"assessment": SelfAssessment.PARTLY_MET, "statement": "已筹备年会"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="item-{target.pk}"' in response.content.decode()
    assert "已保存：部分达标" in response.content.decode()
    target.refresh_from_db()
    assert target.self_assessment == SelfAssessment.PARTLY_MET


def test_a_self_assessment_without_the_needed_statement_shows_the_reason(secretary_a_client, entry):
    target = item(entry, "2")
    response = secretary_a_client.post(
        reverse("campaigns:item_assess", args=[target.pk]),
        {"assessment": SelfAssessment.NOT_MET, "statement": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "请写明情况说明" in response.content.decode()
    target.refresh_from_db()
    assert target.self_assessment == ""


def test_the_evidence_form_uploads_a_file(secretary_a_client, entry):
    target = item(entry, "3.1")
    url = reverse("campaigns:item_evidence", args=[target.pk])
    assert "上传文件" in secretary_a_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    response = secretary_a_client.post(
        url,
        {"upload": upload("设置文件.pdf", pdf_bytes()), "note": "正式文件"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "设置文件.pdf" in response.content.decode()
    assert Evidence.objects.get().note == "正式文件"


def test_a_refused_file_is_told_once_without_the_choose_one_message(secretary_a_client, entry):
    url = reverse("campaigns:item_evidence", args=[item(entry, "3.1").pk])
    response = secretary_a_client.post(
        url, {"upload": upload("章程.pdf", b"MZ\x90\x00 not a pdf")}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Evidence.objects.exists()
    assert "请上传一个文件，或选择一条本学会的记录" not in html  # ux D15: only the file's own error
    assert "PDF" in html or "文件" in html


def test_the_evidence_form_links_a_meeting_of_the_society(secretary_a_client, entry, society_a):
    from xuehui.meetings.tests.factories import make_meeting

    meeting = make_meeting(society_a, title="五届三次理事会")
    secretary_a_client.post(
        reverse("campaigns:item_evidence", args=[item(entry, "3.1").pk]), {"meeting": meeting.pk}
    )
    assert Evidence.objects.get().meeting == meeting


def test_submitting_moves_the_society_on(secretary_a_client, entry, secretary_a):
    from .conftest import assess_all

    assess_all(entry, secretary_a)
    response = secretary_a_client.post(reverse("campaigns:submit", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


def test_submitting_too_early_says_what_is_missing(secretary_a_client, entry):
    response = secretary_a_client.post(reverse("campaigns:submit", args=[entry.pk]), follow=True)
    assert "尚未自评" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == State.PENDING


def test_the_secretary_answers_a_rectification(secretary_a_client, entry, secretary_a, expert_user):
    rectifying(entry, secretary_a, expert_user)
    target = item(entry, "3.1")
    page = secretary_a_client.get(reverse("campaigns:entry", args=[entry.pk])).content.decode()
    assert "请补充材料" in page
    response = secretary_a_client.post(
        reverse("campaigns:item_answer", args=[target.pk]), {"answer": "已补充"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == State.RECTIFIED


def test_the_word_and_pdf_results_download(secretary_a_client, entry):
    docx = secretary_a_client.get(reverse("campaigns:entry_docx", args=[entry.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    pdf = secretary_a_client.get(reverse("campaigns:entry_pdf", args=[entry.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


# ---- reverts --------------------------------------------------------------------------------


def test_an_administrator_reverts_from_the_society_page(admin_client, entry, secretary_a):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    response = admin_client.post(
        reverse("campaigns:transition_revert", args=[move.pk]), {"reason": "退回补充"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == State.PENDING


def test_a_revert_without_a_reason_changes_nothing(admin_client, entry, secretary_a):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    admin_client.post(reverse("campaigns:transition_revert", args=[move.pk]), {"reason": ""})
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


def test_a_secretary_may_see_the_log_but_not_revert(
    secretary_a_client, secretary_b_client, entry, secretary_a
):
    submitted(entry, secretary_a)
    move = Transition.objects.get(entry=entry, item__isnull=True)
    url = reverse("campaigns:transition_revert", args=[move.pk])
    assert secretary_a_client.post(url, {"reason": "撤回"}).status_code == 403
    assert secretary_b_client.post(url, {"reason": "撤回"}).status_code == 404
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


# ---- evidence in the campaign's scope -------------------------------------------------------


def test_the_secretary_previews_the_societys_evidence(secretary_a_client, evidence):
    response = secretary_a_client.get(reverse("campaigns:evidence_preview", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["evidence_preview", "evidence_download"])
def test_another_societys_secretary_and_an_unassigned_expert_get_404_on_evidence(
    secretary_b_client, expert_client, evidence, name
):
    url = reverse(f"campaigns:{name}", args=[evidence.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert expert_client.get(url).status_code == 404


def test_the_assigned_expert_sees_the_evidence_while_the_campaign_is_open(
    expert_client, evidence, assignment, admin_user, secretary_a
):
    url = reverse("campaigns:evidence_preview", args=[evidence.pk])
    assert expert_client.get(url).status_code == 404  # a draft until the society submits
    submitted(evidence.item.entry, secretary_a)
    assert expert_client.get(url).status_code == 200
    services.campaign_close(campaign=assignment.campaign, actor=admin_user)
    assert expert_client.get(url).status_code == 404


def test_an_expert_assigned_to_other_requirements_gets_404(
    expert_client, expert_user, evidence, campaign, admin_user
):
    services.expert_assign(
        campaign=campaign, expert=expert_user, requirement_prefix="2", actor=admin_user
    )
    assert (
        expert_client.get(reverse("campaigns:evidence_preview", args=[evidence.pk])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_login(anonymous_client, entry, evidence):
    for url in (
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[entry.campaign_id]),
        reverse("campaigns:entry", args=[entry.pk]),
        reverse("campaigns:evidence_preview", args=[evidence.pk]),
        reverse("campaigns:queue"),
        reverse("campaigns:review", args=[entry.pk]),
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


# ---- the expert's side ----------------------------------------------------------------------


def test_the_queue_lists_the_assigned_societies_with_what_awaits(
    expert_client, entry, secretary_a, expert_user, assignment
):
    in_review(entry, secretary_a, expert_user)
    response = expert_client.get(reverse("campaigns:queue"))
    [row] = response.context["queue"]
    assert row["entry"] == entry
    # six under review; requirement 1 (达标 by the data, self-assessed 达标) and 5 (不适用 on
    # both sides) are decided without a verdict
    assert row["waiting"] == 4


def test_the_queue_puts_waiting_work_first_and_counts_it_before_review_starts(
    expert_client, expert_user, federation, society_a, secretary_a, version, admin_user
):
    early = f.make_society(name="阿学会", federation=federation)  # first by name, not started
    campaign = launch(federation, [early, society_a], versions=[version], notify=False)
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    submitted(campaign.entries.get(society=society_a), secretary_a)
    queue = expert_client.get(reverse("campaigns:queue")).context["queue"]
    assert [row["entry"].society for row in queue] == [society_a, early]
    assert [row["waiting"] for row in queue] == [4, 0]


def test_the_queue_has_a_bounded_number_of_queries(
    expert_client, expert_user, federation, version, admin_user, django_assert_max_num_queries
):
    societies = [f.make_society(name=f"学会{i}", federation=federation) for i in range(8)]
    campaign = launch(federation, societies, versions=[version], notify=False)
    services.expert_assign(
        campaign=campaign, expert=expert_user, society=societies[0], actor=admin_user
    )
    with django_assert_max_num_queries(15) as few:
        expert_client.get(reverse("campaigns:queue"))
    for society in societies[1:6]:
        services.expert_assign(
            campaign=campaign, expert=expert_user, society=society, actor=admin_user
        )
    with django_assert_max_num_queries(15) as many:
        response = expert_client.get(reverse("campaigns:queue"))
    assert len(response.context["queue"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_review_page_shows_evidence_inline_and_the_explanation(
    expert_client, entry, evidence, secretary_a, expert_user, assignment
):
    services.evidence_add(
        item=item(entry, "3.1"), actor=secretary_a, upload=upload("照片.png", png_bytes())
    )
    in_review(entry, secretary_a, expert_user)
    content = expert_client.get(reverse("campaigns:review", args=[entry.pk])).content.decode()
    preview = reverse("campaigns:evidence_preview", args=[evidence.pk])
    assert (
        f'<iframe class="w-100 border rounded evidence-pdf" style="height: 360px" loading="lazy" title="秘书处设置文件.pdf" src="{preview}">'
        in content
    )
    assert 'class="img-fluid border rounded evidence-image"' in content
    assert "需上传佐证材料：秘书处设置文件。" in content
    assert 'id="shortcuts"' in content


def test_the_review_page_shows_only_the_assigned_requirements(
    expert_client, expert_user, entry, campaign, admin_user, secretary_a
):
    services.expert_assign(
        campaign=campaign, expert=expert_user, requirement_prefix="3", actor=admin_user
    )
    submitted(entry, secretary_a)
    response = expert_client.get(reverse("campaigns:review", args=[entry.pk]))
    assert [r.item.requirement.key for r in response.context["rows"]] == ["3.1", "3.2", "3.3"]


def test_before_the_society_submits_the_expert_sees_no_item_and_no_draft(
    expert_client, entry, evidence, assignment
):
    response = expert_client.get(reverse("campaigns:review", args=[entry.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="not-submitted"' in content
    assert "提交前的草稿不对专家显示" in content
    assert 'id="review-items"' not in content
    assert reverse("campaigns:evidence_preview", args=[evidence.pk]) not in content


def test_a_derived_result_reads_as_a_forecast_not_a_verdict():
    from xuehui.campaigns.selectors import ItemDecision

    derived = ItemDecision("pass", "automatic")
    assert derived.badge == "预判：通过（自动核验与自评一致）"
    assert ItemDecision("pass", "experts").badge == "结论：通过（专家评审）"
    assert ItemDecision("fail", "resolution").badge == "结论：不通过（科协裁定）"


@pytest.mark.parametrize("who", ["expert_client", "secretary_a_client", "admin_client"])
def test_the_review_page_is_404_without_an_assignment(who, request, entry):
    assert (
        request.getfixturevalue(who).get(reverse("campaigns:review", args=[entry.pk])).status_code
        == 404
    )


def test_the_review_page_has_a_bounded_number_of_queries(
    expert_client, entry, secretary_a, expert_user, assignment, django_assert_max_num_queries
):
    for key in ("3.1", "3.3", "2"):
        services.evidence_add(
            item=item(entry, key), actor=secretary_a, upload=upload("a.pdf", pdf_bytes())
        )
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user)
    with django_assert_max_num_queries(22):
        assert expert_client.get(reverse("campaigns:review", args=[entry.pk])).status_code == 200


def test_a_verdict_is_recorded_from_its_row(
    expert_client, entry, secretary_a, expert_user, assignment
):
    in_review(entry, secretary_a, expert_user)
    target = item(entry, "3.2")
    response = expert_client.post(
        reverse("campaigns:item_verdict", args=[target.pk]),
        {"verdict": VerdictKind.PASS},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "我的意见：通过" in response.content.decode()
    assert Verdict.objects.get(item=target).expert == expert_user


def test_a_verdict_needing_a_comment_shows_the_reason(
    expert_client, entry, secretary_a, expert_user, assignment
):
    in_review(entry, secretary_a, expert_user)
    response = expert_client.post(
        reverse("campaigns:item_verdict", args=[item(entry, "3.2").pk]),
        {"verdict": VerdictKind.RECTIFY},
        HTTP_HX_REQUEST="true",
    )
    assert "请写明理由或整改要求" in response.content.decode()
    assert not Verdict.objects.exists()


def test_other_experts_verdicts_are_visible(
    expert_client, entry, secretary_a, expert_user, assignment, campaign, admin_user
):
    second = f.make_user("expert2", role=Role.EXPERT)
    services.expert_assign(campaign=campaign, expert=second, actor=admin_user)
    in_review(entry, secretary_a, expert_user)
    services.verdict_record(
        item=item(entry, "3.2"), expert=second, verdict=VerdictKind.FAIL, comment="学历不符"
    )
    content = expert_client.get(reverse("campaigns:review", args=[entry.pk])).content.decode()
    assert "学历不符" in content


def test_the_expert_starts_and_concludes_the_review(
    expert_client, entry, secretary_a, expert_user, assignment
):
    submitted(entry, secretary_a)
    expert_client.post(reverse("campaigns:review_start", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.state == State.IN_REVIEW
    judge(entry, expert_user, {"3.3": VerdictKind.RECTIFY})
    page = expert_client.get(reverse("campaigns:review", args=[entry.pk]))
    assert page.context["outcome"] == "rectify"
    response = expert_client.post(
        reverse("campaigns:review_conclude", args=[entry.pk]),
        {"outcome": "rectify", "deadline": "2099-06-30"},
    )
    assert response.status_code == 302
    assert item(entry, "3.3").rectification_deadline == dt.date(2099, 6, 30)


def test_a_conclusion_against_the_verdicts_is_refused(
    expert_client, entry, secretary_a, expert_user, assignment
):
    in_review(entry, secretary_a, expert_user)
    judge(entry, expert_user, {"3.3": VerdictKind.RECTIFY})
    expert_client.post(reverse("campaigns:review_conclude", args=[entry.pk]), {"outcome": "pass"})
    entry.refresh_from_db()
    assert entry.state == State.IN_REVIEW


def test_a_secretary_cannot_record_verdicts(secretary_a_client, entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    response = secretary_a_client.post(
        reverse("campaigns:item_verdict", args=[item(entry, "3.2").pk]),
        {"verdict": VerdictKind.PASS},
    )
    assert response.status_code == 404


# ---- assignments and disagreements ----------------------------------------------------------


def test_the_administrator_assigns_an_expert(admin_client, campaign, expert_user, society_a):
    response = admin_client.post(
        reverse("campaigns:assignments", args=[campaign.pk]),
        {"expert": expert_user.pk, "society": society_a.pk, "requirement_prefix": "3"},
    )
    assert response.status_code == 302
    assignment = campaign.assignments.get()
    assert (assignment.expert, assignment.society, assignment.requirement_prefix) == (
        expert_user,
        society_a,
        "3",
    )


def test_a_leader_sees_assignments_but_cannot_assign(viewer, campaign, expert_user):
    client = _client(viewer)
    url = reverse("campaigns:assignments", args=[campaign.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"expert": expert_user.pk}).status_code == 403


def test_the_administrator_resolves_a_disagreement(
    admin_client, entry, secretary_a, expert_user, campaign
):
    second = f.make_user("expert2", role=Role.EXPERT)
    in_review(entry, secretary_a, expert_user)
    target = item(entry, "3.2")
    services.verdict_record(item=target, expert=expert_user, verdict=VerdictKind.PASS)
    services.verdict_record(item=target, expert=second, verdict=VerdictKind.FAIL, comment="不符合")
    page = admin_client.get(reverse("campaigns:disputes", args=[campaign.pk]))
    assert [r.item for r in page.context["rows"]] == [target]
    admin_client.post(
        reverse("campaigns:item_resolve", args=[target.pk]),
        {"verdict": VerdictKind.PASS, "comment": "材料充分"},
    )
    target.refresh_from_db()
    assert target.resolution == VerdictKind.PASS
    assert admin_client.get(reverse("campaigns:disputes", args=[campaign.pk])).context["rows"] == []


def test_a_secretary_cannot_resolve(secretary_a_client, entry, secretary_a, expert_user):
    in_review(entry, secretary_a, expert_user)
    response = secretary_a_client.post(
        reverse("campaigns:item_resolve", args=[item(entry, "3.2").pk]),
        {"verdict": VerdictKind.PASS, "comment": "x"},
    )
    assert response.status_code == 403


def test_an_assigned_expert_reviews_through_the_review_page_not_the_societys(
    expert_client, entry, assignment
):
    assert expert_client.get(reverse("campaigns:review", args=[entry.pk])).status_code == 200
    assert expert_client.get(reverse("campaigns:entry", args=[entry.pk])).status_code == 404


def test_the_assignments_page_has_a_bounded_number_of_queries(
    admin_client, campaign, admin_user, society_a, django_assert_max_num_queries
):
    for n in range(6):
        expert = f.make_user(f"expert{n}", role=Role.EXPERT)
        services.expert_assign(
            campaign=campaign, expert=expert, society=society_a, actor=admin_user
        )
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("campaigns:assignments", args=[campaign.pk]))
    assert len(response.context["assignments"]) == 6


def test_the_disputes_page_has_a_bounded_number_of_queries(
    admin_client, federation, version, secretary_a, expert_user, django_assert_max_num_queries
):
    second = f.make_user("expert2", role=Role.EXPERT)
    societies = [f.make_society(name=f"争议学会{i}", federation=federation) for i in range(3)]
    campaign = launch(federation, societies, versions=[version], notify=False)
    for society in societies:
        entry = campaign.entries.get(society=society)
        in_review(entry, secretary_a, expert_user)
        services.verdict_record(
            item=item(entry, "3.2"), expert=expert_user, verdict=VerdictKind.PASS
        )
        services.verdict_record(
            item=item(entry, "3.2"), expert=second, verdict=VerdictKind.FAIL, comment="否"
        )
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("campaigns:disputes", args=[campaign.pk]))
    assert len(response.context["rows"]) == 3


def test_the_launch_form_has_a_bounded_number_of_queries(
    admin_client, federation, version, django_assert_max_num_queries
):
    f.make_society(name="待选学会", federation=federation)
    with django_assert_max_num_queries(20) as few:
        assert admin_client.get(reverse("campaigns:launch")).status_code == 200
    for n in range(10):
        f.make_society(name=f"待选学会{n}", federation=federation)
    with django_assert_max_num_queries(20) as many:
        assert admin_client.get(reverse("campaigns:launch")).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_society_page_shows_the_results_a_refresh_replaced(
    secretary_a_client, entry, society_a, admin_user
):
    from xuehui.activities.tests.factories import make_activity

    make_activity(society_a, start_on=dt.date(2024, 5, 1))
    services.campaign_refresh(campaign=entry.campaign, actor=admin_user)
    content = secretary_a_client.get(reverse("campaigns:entry", args=[entry.pk])).content.decode()
    assert "核验历史（1）" in content
    assert "2024-06-30数据：不达标，现有0次，要求不少于1次；还差1次。" in content


def test_launching_with_one_form_twice_makes_one_campaign(
    admin_client, federation, society_a, version
):
    url = reverse("campaigns:launch")
    page = admin_client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = _launch_data(version, federation) | {"form_token": token}
    first = admin_client.post(url, data)
    again = admin_client.post(url, data)
    assert Campaign.objects.count() == 1
    assert first.status_code == again.status_code == 302 and again.url == first.url


def test_launch_asks_first_naming_how_many_societies_and_what_looks_wrong(
    admin_client, federation, society_a, version
):
    data = _launch_data(version, federation, plan_deadline="2024-01-31")
    del data["confirmed"]
    response = admin_client.post(reverse("campaigns:launch"), data)
    assert response.status_code == 200
    assert not Campaign.objects.exists()  # nothing written before the confirmation
    content = response.content.decode()
    assert "将向1个学会发起「2025年学会改革评估」" in content
    assert society_a.name in content
    assert "工作方案截止日期（2024-01-31）已早于今天。" in content
    assert "工作方案截止日期早于数据截止日期" in content
    response = admin_client.post(reverse("campaigns:launch"), data | {"confirmed": "True"})
    assert response.status_code == 302
    assert Campaign.objects.count() == 1


def test_the_launch_forms_scope_radios_and_society_list_are_usable(admin_client, society_a):
    content = admin_client.get(reverse("campaigns:launch")).content.decode()
    assert 'type="radio" name="scope" value="chosen" class="form-check-input"' in content
    assert 'data-enabled-by="id_scope_2"' in content
    assert f'data-filter-text="{society_a.name}（' in content
