"""The 学会考评 pages, each as every role that may see it, and refused to those who may not."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.evaluation import services
from xuehui.evaluation.choices import Stage, Tier
from xuehui.evaluation.models import (
    EvaluationResult,
    EvaluationScheme,
    ExpertScore,
    ResultObjection,
    StarApplication,
)
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories

from .conftest import library_scheme


@pytest.fixture
def scheme(federation, admin_user):
    load_library_framework("hubei-reform-2017")
    return services.scheme_save(federation=federation, data=library_scheme(), actor=admin_user)


@pytest.fixture
def evaluation(scheme, admin_user, society_a, society_a2, expert_user):
    """The shipped scheme's year opened and computed for societies A and A2; the cast's
    expert on its list."""
    evaluation = services.evaluation_open(scheme=scheme, actor=admin_user)
    evaluation.experts.add(expert_user)
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def leader(federation):
    return factories.make_user("kx_leader", role=Role.FEDERATION_VIEWER, federation=federation)


@pytest.fixture
def society_a2(federation):
    return factories.make_society(name="湖北省化学化工学会", federation=federation)


@pytest.fixture
def secretary_a2(society_a2):
    return factories.make_user("sec_a2", role=Role.SOCIETY_EDITOR, society=society_a2)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _result(evaluation, society):
    return EvaluationResult.objects.get(evaluation=evaluation, society=society)


def _publish(evaluation, admin_user, starts_on=None):
    services.publicity_start(
        evaluation=evaluation, starts_on=starts_on or timezone.localdate(), actor=admin_user
    )
    evaluation.refresh_from_db()
    return evaluation


def _confirm(evaluation, admin_user):
    _publish(evaluation, admin_user, starts_on=timezone.localdate() - dt.timedelta(days=10))
    services.evaluation_confirm(evaluation=evaluation, actor=admin_user)
    evaluation.refresh_from_db()
    return evaluation


# ---- the index and the scheme


def test_the_index_lists_the_schemes_and_their_stage_for_the_administrator(
    admin_client, evaluation
):
    page = admin_client.get(reverse("evaluation:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "湖北省科协所属学会工作考评指标体系（2026年度）" in text
    assert "已计算待公示" in text
    assert "新建指标体系" in text


def test_a_secretary_sees_no_unpublished_year_on_the_index(secretary_a_client, evaluation):
    text = secretary_a_client.get(reverse("evaluation:index")).content.decode()
    assert "考评指标体系（2026年度）</a></td>" not in text
    assert reverse("evaluation:detail", args=[evaluation.pk]) in text  # to apply for stars


def test_the_sidebar_shows_学会考评_to_a_secretary_and_the_administrator(
    admin_client, secretary_a_client, federation
):
    for client in (admin_client, secretary_a_client):
        assert reverse("evaluation:index") in client.get(reverse("dashboard:home")).content.decode()


def test_the_scheme_page_shows_the_tree_the_rules_and_the_weights_note(admin_client, scheme):
    text = admin_client.get(reverse("evaluation:scheme", args=[scheme.pk])).content.decode()
    assert "可在本页修改" in text
    assert "的自动核验结果计分" in text or "的核验结果计分" in text
    assert "合计100分" in text
    assert "重点支持：总分" in text and "名额至多30个。" in text
    assert "“十三五”期间（2016—2020年）：重点支持30个，培育扶持50个。" in text
    assert "星级自确认发布之日起有效3年。" in text
    assert "考评结果公示7天" in text
    assert "建立2026年度考评" in text


def test_a_leader_reads_the_scheme_without_the_administrators_actions(scheme, leader):
    text = _client(leader).get(reverse("evaluation:scheme", args=[scheme.pk])).content.decode()
    assert "可在本页修改" in text
    assert "建立2026年度考评" not in text
    assert reverse("evaluation:scheme_edit", args=[scheme.pk]) not in text


def test_a_secretary_and_an_outsider_get_404_for_an_unpublished_scheme(
    secretary_a_client, secretary_b_client, scheme
):
    url = reverse("evaluation:scheme", args=[scheme.pk])
    assert secretary_a_client.get(url).status_code == 404
    assert secretary_b_client.get(url).status_code == 404


def test_a_new_scheme_from_the_library(admin_client, federation):
    from xuehui.rules.tests.factories import load_library_framework

    load_library_framework("hubei-reform-2017")
    page = admin_client.get(reverse("evaluation:scheme_new"))
    assert page.status_code == 200
    answer = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "library", "library": "hubei-evaluation",
         "form_token": "t" * 20},
    )  # fmt: skip
    row = EvaluationScheme.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "evaluation:scheme", args=[row.pk]
    )
    again = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "library", "form_token": "u" * 20},
    )
    assert "已存在" in again.content.decode()


def test_the_scheme_is_edited_as_yaml_and_every_problem_listed(admin_client, scheme):
    url = reverse("evaluation:scheme_edit", args=[scheme.pk])
    assert "hubei-evaluation" in admin_client.get(url).content.decode()
    bad = admin_client.post(url, {"text": "key: x\nname: ''\nindicators: []\n"})
    text = bad.content.decode()
    assert "缺少指标体系名称（name）" in text and "缺少指标（indicators）" in text
    assert "不是有效的 YAML" in admin_client.post(url, {"text": "a: [b"}).content.decode()
    assert "键值表" in admin_client.post(url, {"text": "- 1"}).content.decode()
    data = library_scheme()
    data["name"] = "改名后的指标体系（2026年度）"
    import yaml

    done = admin_client.post(url, {"text": yaml.safe_dump(data, allow_unicode=True)})
    assert done.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "改名后的指标体系（2026年度）"


def test_a_leader_may_not_edit_copy_or_open(scheme, leader):
    client = _client(leader)
    assert client.get(reverse("evaluation:scheme_edit", args=[scheme.pk])).status_code == 403
    assert client.post(reverse("evaluation:scheme_copy", args=[scheme.pk])).status_code == 403
    assert client.post(reverse("evaluation:evaluation_open", args=[scheme.pk])).status_code == 403
    assert client.get(reverse("evaluation:scheme_new")).status_code == 403


def test_the_scheme_exports_as_yaml_and_xlsx_and_the_xlsx_imports_back(admin_client, scheme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    got = admin_client.get(reverse("evaluation:scheme_yaml", args=[scheme.pk]))
    assert got.status_code == 200 and b"hubei-evaluation" in got.content
    xlsx = admin_client.get(reverse("evaluation:scheme_xlsx", args=[scheme.pk]))
    assert xlsx.status_code == 200
    upload = SimpleUploadedFile("scheme.xlsx", xlsx.content)
    done = admin_client.post(
        reverse("evaluation:scheme_import", args=[scheme.pk]), {"upload": upload}
    )
    assert done.status_code == 302
    junk = SimpleUploadedFile("scheme.xlsx", b"not a workbook")
    page = admin_client.post(
        reverse("evaluation:scheme_import", args=[scheme.pk]), {"upload": junk}
    )
    assert page.status_code == 200 and "alert-danger" in page.content.decode()


def test_an_upload_over_2_mb_is_refused_in_chinese(admin_client, federation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.yaml", b"#" * (2 * 1024 * 1024 + 1))
    page = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "yaml", "upload": big, "form_token": "v" * 20},
    )
    assert "超过上限" in page.content.decode()
    missing = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "yaml", "form_token": "w" * 20},
    )
    assert "请选择要上传的文件" in missing.content.decode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("s.yaml", b"a: [b", "不是有效的 UTF-8 YAML"),
        ("s.yaml", b"- 1", "键值表"),
        ("s.txt", b"key: x", "请上传"),
        ("s.xlsx", b"junk", ""),
    ],
)
def test_a_bad_upload_says_why(admin_client, federation, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "xlsx" if name.endswith("xlsx") else "yaml",
         "upload": SimpleUploadedFile(name, content), "form_token": "x" * 20},
    )  # fmt: skip
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not EvaluationScheme.objects.exists()


def test_a_yaml_upload_makes_a_scheme(admin_client, federation):
    import yaml
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import small_scheme

    load_library_framework("hubei-reform-2017")
    upload = SimpleUploadedFile(
        "s.yaml", yaml.safe_dump(small_scheme(), allow_unicode=True).encode()
    )
    page = admin_client.post(
        reverse("evaluation:scheme_new"),
        {"federation": federation.pk, "source": "yaml", "upload": upload, "year": 2024,
         "form_token": "y" * 20},
    )  # fmt: skip
    assert page.status_code == 302
    assert EvaluationScheme.objects.get().year == 2024


def test_the_scheme_is_copied_to_the_next_year(admin_client, scheme):
    url = reverse("evaluation:scheme_copy", args=[scheme.pk])
    done = admin_client.post(url, {"year": 2027})
    copy = EvaluationScheme.objects.get(year=2027)
    assert done["Location"] == reverse("evaluation:scheme", args=[copy.pk])
    again = admin_client.post(url, {"year": 2027}, follow=True)
    assert "2027年度的" in again.content.decode()


def test_the_evaluation_is_opened_with_its_experts_and_audited(admin_client, scheme, expert_user):
    url = reverse("evaluation:evaluation_open", args=[scheme.pk])
    done = admin_client.post(
        url, {"facts_on": "2026-11-30", "experts": [expert_user.pk], "form_token": "z" * 20}
    )
    evaluation = scheme.evaluation
    assert done["Location"] == reverse("evaluation:detail", args=[evaluation.pk])
    assert list(evaluation.experts.all()) == [expert_user]
    assert AuditEntry.objects.filter(action="evaluation_experts").exists()
    bad = admin_client.post(url, {"facts_on": "2020-01-01", "form_token": "a" * 20})
    assert "数据截止日期应在2026年或之后" in bad.content.decode()


# ---- the evaluation


def test_the_administrator_computes_and_sees_every_result_with_counts_and_chart(
    admin_client, evaluation, society_a, society_a2
):
    url = reverse("evaluation:detail", args=[evaluation.pk])
    done = admin_client.post(reverse("evaluation:compute", args=[evaluation.pk]), follow=True)
    assert "已计算2个学会的考评结果" in done.content.decode()
    text = admin_client.get(url).content.decode()
    assert society_a.name in text and society_a2.name in text
    assert "目标：“十三五”期间" in text and "/ 目标30" in text
    assert 'id="score-distribution-data"' in text and "evaluation/distribution.js" in text
    assert "开始公示" in text
    xlsx = admin_client.get(url + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_a_leader_reads_the_results_but_cannot_compute_or_override(evaluation, leader, society_a):
    client = _client(leader)
    text = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert society_a.name in text and "计算考评结果" not in text
    assert client.post(reverse("evaluation:compute", args=[evaluation.pk])).status_code == 403
    result = _result(evaluation, society_a)
    answer = client.post(
        reverse("evaluation:result_override", args=[result.pk]), {"tier": "", "reason": "x"}
    )
    assert answer.status_code == 403
    assert client.get(reverse("evaluation:result", args=[result.pk])).status_code == 200


def test_before_publication_a_secretary_sees_no_score_not_even_its_own(
    secretary_a_client, evaluation, society_a
):
    text = secretary_a_client.get(
        reverse("evaluation:detail", args=[evaluation.pk])
    ).content.decode()
    assert "考评结果公示后" in text
    assert str(_result(evaluation, society_a).score) not in text.split("申请星级评估")[-1]
    assert reverse("evaluation:result", args=[_result(evaluation, society_a).pk]) not in text
    own = reverse("evaluation:result", args=[_result(evaluation, society_a).pk])
    assert secretary_a_client.get(own).status_code == 404


def test_a_secretary_applies_for_stars_before_publication(
    secretary_a_client, evaluation, society_a, admin_user
):
    url = reverse("evaluation:star_apply", args=[evaluation.pk])
    done = secretary_a_client.post(url, {"statement": "申请", "form_token": "b" * 20}, follow=True)
    assert "已申请2026年度星级评估" in done.content.decode()
    assert StarApplication.objects.filter(society=society_a).exists()
    again = secretary_a_client.post(url, {"form_token": "c" * 20}, follow=True)
    assert "已申请本年度星级评估" in again.content.decode()


def test_a_society_of_another_federation_cannot_apply(secretary_b_client, evaluation):
    url = reverse("evaluation:star_apply", args=[evaluation.pk])
    assert secretary_b_client.post(url, {"form_token": "d" * 20}).status_code == 404


def test_after_publication_a_secretary_sees_its_own_and_with_peer_objections_the_others(
    secretary_a_client, evaluation, admin_user, society_a, society_a2
):
    _publish(evaluation, admin_user)
    text = secretary_a_client.get(
        reverse("evaluation:detail", args=[evaluation.pk])
    ).content.decode()
    assert (
        society_a.name in text and society_a2.name in text
    )  # the shipped scheme lets peers object
    assert "申请星级评估" not in text


def test_without_peer_objections_a_secretary_sees_only_its_own(
    evaluation, admin_user, society_a, society_a2, secretary_a2
):
    definition = dict(evaluation.scheme.definition)
    definition["publicity"] = {"days": 7, "answer_days": 15, "peer_objections": False}
    services.scheme_save(federation=evaluation.scheme.federation, data=definition, actor=admin_user)
    _publish(evaluation, admin_user)
    client = _client(secretary_a2)
    text = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert society_a2.name in text and society_a.name not in text
    other = reverse("evaluation:result", args=[_result(evaluation, society_a).pk])
    assert client.get(other).status_code == 404
    assert (
        client.get(
            reverse("evaluation:result", args=[_result(evaluation, society_a2).pk])
        ).status_code
        == 200
    )


def test_an_outsider_gets_404_everywhere(secretary_b_client, evaluation, admin_user, society_a):
    _publish(evaluation, admin_user)
    result = _result(evaluation, society_a)
    for url in (
        reverse("evaluation:detail", args=[evaluation.pk]),
        reverse("evaluation:result", args=[result.pk]),
        reverse("evaluation:scheme", args=[evaluation.scheme.pk]),
        reverse("evaluation:society_history", args=[society_a.pk]),
    ):
        assert secretary_b_client.get(url).status_code == 404, url


def test_publicity_and_confirmation_from_the_page(admin_client, evaluation):
    detail = reverse("evaluation:detail", args=[evaluation.pk])
    early = admin_client.post(reverse("evaluation:confirm", args=[evaluation.pk]), follow=True)
    assert "须先经公示才能确认发布" in early.content.decode()
    bad = admin_client.post(
        reverse("evaluation:publicity_start", args=[evaluation.pk]), {}, follow=True
    )
    assert "公示开始日期" in bad.content.decode()
    start = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    admin_client.post(
        reverse("evaluation:publicity_start", args=[evaluation.pk]), {"starts_on": start}
    )
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.PUBLICITY
    done = admin_client.post(reverse("evaluation:confirm", args=[evaluation.pk]), follow=True)
    assert "已确认发布考评结果" in done.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.CONFIRMED
    late = admin_client.post(reverse("evaluation:compute", args=[evaluation.pk]), follow=True)
    assert "不能重新计算" in late.content.decode()
    assert admin_client.get(detail).status_code == 200


# ---- a result


def test_the_result_page_groups_the_breakdown_under_level_1(admin_client, evaluation, society_a):
    result = _result(evaluation, society_a)
    text = admin_client.get(reverse("evaluation:result", args=[result.pk])).content.decode()
    assert "内部管理规范" in text and "小计" in text
    assert "核验结果为" in text
    assert "党组织缺失，不能列为重点支持" in text
    assert "不具备星级学会的基本条件" in text
    assert "调整分类" in text


def test_the_override_needs_a_reason_and_is_audited(
    admin_client, evaluation, society_a, admin_user
):
    result = _result(evaluation, society_a)
    url = reverse("evaluation:result_override", args=[result.pk])
    refused = admin_client.post(url, {"tier": Tier.CULTIVATE, "reason": " "})
    assert refused.status_code == 200 and "该字段是必填项" in refused.content.decode()
    done = admin_client.post(url, {"tier": Tier.CULTIVATE, "reason": "换届已于年底完成"})
    assert done.status_code == 302
    result.refresh_from_db()
    assert result.tier == Tier.CULTIVATE and result.override_reason == "换届已于年底完成"
    entry = AuditEntry.objects.get(action="evaluation_override")
    assert "换届已于年底完成" in entry.summary
    text = admin_client.get(reverse("evaluation:result", args=[result.pk])).content.decode()
    assert "已调整" in text and "理由：换届已于年底完成" in text and admin_user.display_name in text


def test_an_objection_outside_publicity_is_refused_with_its_message(
    secretary_a_client, evaluation, admin_user, society_a
):
    _publish(evaluation, admin_user, starts_on=timezone.localdate() - dt.timedelta(days=30))
    result = _result(evaluation, society_a)
    page = secretary_a_client.post(
        reverse("evaluation:objection_new", args=[result.pk]),
        {"reasons": "会员数统计有误", "indicator": "2.1", "form_token": "e" * 20},
    )
    assert page.status_code == 200
    assert "只能在公示期内提出异议" in page.content.decode()
    assert not ResultObjection.objects.exists()


def test_an_objection_with_its_attachment_and_the_answer(
    secretary_a_client, admin_client, evaluation, admin_user, society_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _publish(evaluation, admin_user)
    result = _result(evaluation, society_a)
    page = secretary_a_client.get(reverse("evaluation:result", args=[result.pk])).content.decode()
    assert "以湖北省环境科学学会名义提出异议" in page
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    done = secretary_a_client.post(
        reverse("evaluation:objection_new", args=[result.pk]),
        {
            "reasons": "会员数统计有误",
            "indicator": "2.1",
            "attachment": pdf,
            "form_token": "f" * 20,
        },
    )
    assert done.status_code == 302
    objection = ResultObjection.objects.get()
    assert objection.attachment is not None and objection.attachment.society == society_a
    assert objection.due_on == timezone.localdate() + dt.timedelta(days=15)
    text = admin_client.get(reverse("evaluation:result", args=[result.pk])).content.decode()
    assert "2.1 个人会员数" in text and "待答复" in text
    url = reverse("evaluation:objection_answer", args=[objection.pk])
    assert secretary_a_client.post(url, {"outcome": "rejected", "answer": "x"}).status_code == 403
    missing = admin_client.post(url, {"outcome": "rejected"}, follow=True)
    assert "答复：该字段是必填项" in missing.content.decode()
    admin_client.post(url, {"outcome": "rejected", "answer": "经核，数据无误"})
    objection.refresh_from_db()
    assert objection.outcome == "rejected"
    assert (
        admin_client.post(reverse("evaluation:objection_answer", args=[999999])).status_code == 404
    )


def test_the_administrator_cannot_object_on_a_societys_behalf(
    admin_client, evaluation, admin_user, society_a
):
    _publish(evaluation, admin_user)
    result = _result(evaluation, society_a)
    url = reverse("evaluation:objection_new", args=[result.pk])
    assert admin_client.post(url, {"reasons": "x", "form_token": "g" * 20}).status_code == 403


def test_certificates_after_confirmation_only_for_those_who_see_the_result(
    admin_client,
    secretary_a_client,
    secretary_b_client,
    evaluation,
    admin_user,
    society_a,
    society_a2,
):
    a, a2 = _result(evaluation, society_a), _result(evaluation, society_a2)
    assert admin_client.get(reverse("evaluation:notice", args=[a.pk])).status_code == 404
    EvaluationResult.objects.filter(pk=a.pk).update(stars=3, star_note="总分达到三星标准")
    _confirm(evaluation, admin_user)
    certificate = secretary_a_client.get(reverse("evaluation:certificate", args=[a.pk]))
    assert certificate.status_code == 200 and certificate["Content-Type"] == "application/pdf"
    assert secretary_a_client.get(reverse("evaluation:notice", args=[a.pk])).status_code == 200
    assert admin_client.get(reverse("evaluation:certificate", args=[a2.pk])).status_code == 404
    assert secretary_b_client.get(reverse("evaluation:certificate", args=[a.pk])).status_code == 404
    text = secretary_a_client.get(reverse("evaluation:result", args=[a.pk])).content.decode()
    assert "星级学会证书" in text and "分类结果通知书" in text


# ---- the experts' scoring


def test_only_the_years_experts_score(evaluation, admin_client, secretary_a_client):
    other = factories.make_user("expert2", role=Role.EXPERT)
    url = reverse("evaluation:score", args=[evaluation.pk])
    assert _client(other).get(url).status_code == 404
    assert admin_client.get(url).status_code == 404
    assert secretary_a_client.get(url).status_code == 404


def test_the_expert_sees_each_leaf_with_its_computed_basis(expert_client, evaluation, society_a):
    url = reverse("evaluation:score", args=[evaluation.pk])
    assert society_a.name in expert_client.get(url).content.decode()
    text = expert_client.get(url, {"society": society_a.pk}).content.decode()
    assert "3.2 学术水平与国内外影响（专家评价）" in text
    assert "核验结果为" in text
    assert 'name="percent_3.2"' in text and 'name="percent_1.1"' not in text
    assert 'name="false_1.1"' in text


@pytest.mark.parametrize(
    "posted, error",
    [
        ({"percent_3.2": "101"}, "小于或等于100"),
        ({"percent_3.2": "-1"}, "大于或等于0"),
        ({"false_1.1": "on"}, "认定虚假须写明理由"),
    ],
)
def test_the_expert_form_refuses_what_is_out_of_range(
    expert_client, evaluation, society_a, posted, error
):
    url = reverse("evaluation:score", args=[evaluation.pk])
    page = expert_client.post(url, {"society": society_a.pk, **posted})
    assert page.status_code == 200 and error in page.content.decode()
    assert not ExpertScore.objects.exists()


def test_the_expert_saves_marks_and_a_false_flag(expert_client, evaluation, society_a, expert_user):
    url = reverse("evaluation:score", args=[evaluation.pk])
    done = expert_client.post(
        url,
        {"society": society_a.pk, "percent_3.2": "80", "false_1.2": "on",
         "comment_1.2": "常务理事名单与实际不符"},
    )  # fmt: skip
    assert done.status_code == 302
    marks = {s.indicator: s for s in ExpertScore.objects.filter(expert=expert_user)}
    assert marks["3.2"].percent == 80 and marks["1.2"].false_answer
    text = expert_client.get(url, {"society": society_a.pk}).content.decode()
    assert "常务理事名单与实际不符" in text
    expert_client.post(url, {"society": society_a.pk, "percent_3.2": "70"})
    assert not ExpertScore.objects.get(indicator="1.2").false_answer


def test_scoring_after_confirmation_is_refused_on_the_form(
    expert_client, evaluation, society_a, admin_user
):
    _confirm(evaluation, admin_user)
    url = reverse("evaluation:score", args=[evaluation.pk])
    page = expert_client.post(url, {"society": society_a.pk, "percent_3.2": "80"})
    assert "不能再评分" in page.content.decode()


# ---- stars and history


def test_the_star_register_and_the_societys_history(
    admin_client, secretary_a_client, evaluation, admin_user, society_a
):
    EvaluationResult.objects.filter(evaluation=evaluation, society=society_a).update(stars=4)
    _confirm(evaluation, admin_user)
    text = admin_client.get(reverse("evaluation:stars")).content.decode()
    assert society_a.name in text and "★★★★" in text and "2026年度：4星" in text
    assert society_a.name in secretary_a_client.get(reverse("evaluation:stars")).content.decode()
    history = secretary_a_client.get(reverse("evaluation:society_history", args=[society_a.pk]))
    text = history.content.decode()
    assert history.status_code == 200 and "2026年度" in text
    assert 'id="evaluation-history-data"' in text and "evaluation/history.js" in text
    index = secretary_a_client.get(reverse("evaluation:index")).content.decode()
    assert "本学会的考评结果" in index


def test_an_unpublished_result_is_not_in_the_history(secretary_a_client, evaluation, society_a):
    text = secretary_a_client.get(
        reverse("evaluation:society_history", args=[society_a.pk])
    ).content.decode()
    assert "尚无公示或发布的考评结果" in text


def test_the_expert_sees_the_evaluation_and_its_scoring_link(expert_client, evaluation):
    text = expert_client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert reverse("evaluation:score", args=[evaluation.pk]) in text
    index = expert_client.get(reverse("evaluation:index")).content.decode()
    assert "我的评分任务" in index


# ---- queries


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_evaluation_page_queries_do_not_grow_with_the_societies(
    admin_client, scheme, admin_user, federation
):
    evaluation = services.evaluation_open(scheme=scheme, actor=admin_user)
    url = reverse("evaluation:detail", args=[evaluation.pk])
    counts = []
    for n in (3, 9):
        for _ in range(n):
            factories.make_society(federation=federation)
        services.evaluation_compute(evaluation=evaluation, actor=admin_user)
        counts.append(_queries(admin_client, url))
    assert evaluation.results.count() == 12
    assert counts[0] == counts[1]


def test_with_a_worker_the_computation_is_a_job_that_leads_back_to_the_evaluation(
    settings, admin_client, admin_user, evaluation, django_capture_on_commit_callbacks
):
    """With a broker the request only starts the job (its page shows the progress); the worker
    computes, and a delivery run again, or after a worker died, leaves one row per society."""
    from unittest import mock

    from xuehui.evaluation import tasks
    from xuehui.evaluation.background import compute_work
    from xuehui.jobs.choices import JobStatus
    from xuehui.jobs.models import Job
    from xuehui.jobs.services import Progress

    settings.CELERY_TASK_ALWAYS_EAGER = False
    EvaluationResult.objects.filter(evaluation=evaluation).update(score=0)
    with (
        mock.patch.object(tasks.compute_evaluation, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        answer = admin_client.post(reverse("evaluation:compute", args=[evaluation.pk]))
    job = Job.objects.get(task="xuehui.evaluation.tasks.compute_evaluation")
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[job.pk])
    delay.assert_called_once_with(job.pk)
    assert job.user == admin_user and job.next_url == reverse(
        "evaluation:detail", args=[evaluation.pk]
    )
    assert not EvaluationResult.objects.filter(evaluation=evaluation).exclude(score=0).exists()
    with mock.patch("xuehui.jobs.services._notify"):
        tasks.compute_evaluation(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["societies"] == 2
    assert EvaluationResult.objects.filter(evaluation=evaluation).exclude(score=0).count() == 2
    compute_work(job, Progress(job))  # the same delivery again
    assert EvaluationResult.objects.filter(evaluation=evaluation).count() == 2


def test_the_years_page_links_the_scheme_only_for_those_who_read_it(
    evaluation, expert_client, admin_client
):
    scheme = reverse("evaluation:scheme", args=[evaluation.scheme_id])
    year = reverse("evaluation:detail", args=[evaluation.pk])
    assert expert_client.get(scheme).status_code == 404  # experts score on their own page
    assert scheme not in expert_client.get(year).content.decode()
    assert admin_client.get(scheme).status_code == 200
    assert scheme in admin_client.get(year).content.decode()
