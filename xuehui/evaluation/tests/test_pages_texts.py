# ruff: noqa: F811  (the fixtures of test_pages, imported by name)
"""The scheme page's sentences for each kind of setting, and the pages' rarer refusals."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuehui.evaluation import texts
from xuehui.evaluation.models import EvaluationScheme, ResultObjection
from xuehui.evaluation.scheme import parse
from xuehui.files.models import StoredFile

from .test_pages import _publish, _result, evaluation, leader, scheme, society_a2  # noqa: F401

LEAF = [{"code": "1", "name": "学术水平", "points": 10, "expert": True}]


def _scheme(**extra):
    return parse({"key": "k", "name": "n", "year": 2025, "indicators": LEAF, **extra})


def test_a_scheme_without_classes_or_stars_says_so():
    s = _scheme()
    assert texts.classification_sentences(s) == ["本指标体系不进行分类。"]
    assert texts.star_sentences(s) == ["本指标体系不评定星级学会。"]
    assert texts.target_sentences(s) == []
    assert "学会只能对本学会的结果提出异议。" in texts.publicity_sentences(s)


def test_quotas_without_lines_and_lines_without_quotas():
    s = _scheme(classification={"key_support": {"quota": 5}, "cultivate": {"min_score": 60}})
    said = texts.classification_sentences(s)
    assert "重点支持：名额至多5个。" in said and "培育扶持：总分60分及以上。" in said
    assert not any("重组淘汰" in line for line in said)


def test_vetoes_switched_off_and_a_term_veto_without_grace():
    off = {
        "no_party_organisation": False,
        "overdue_term_grace_days": False,
        "failed_mandatory": False,
    }
    assert texts.veto_sentences(_scheme(classification={"vetoes": off})) == ["不设否决事项。"]
    grace = texts.veto_sentences(_scheme(classification={"vetoes": {"overdue_term_grace_days": 0}}))
    assert "届满未换届的学会不能列为重点支持。" in grace


def test_stars_for_applicants_with_no_basic_conditions_and_targets_without_a_period():
    s = _scheme(
        stars={"rate": "applicants", "minimum": {"party_organisation": False, "no_overdue_term": False},
               "levels": [{"stars": 2, "min_score": 5}]},
        classification={"targets": {"cultivate": 3}},
    )  # fmt: skip
    said = texts.star_sentences(s)
    assert said[0] == "仅评定提出申请的学会。" and not any("基本条件" in x for x in said)
    assert texts.target_sentences(s) == ["目标：培育扶持3个。"]


def test_a_scheme_that_no_longer_reads_lists_its_problems(admin_client, scheme):
    EvaluationScheme.objects.filter(pk=scheme.pk).update(definition={"key": "x"})
    text = admin_client.get(reverse("evaluation:scheme", args=[scheme.pk])).content.decode()
    assert "该指标体系目前不能使用" in text and "缺少指标体系名称" in text


def test_opening_again_with_the_same_experts_writes_no_audit(admin_client, evaluation, expert_user):
    from xuehui.audit.models import AuditEntry

    url = reverse("evaluation:evaluation_open", args=[evaluation.scheme.pk])
    admin_client.post(url, {"experts": [expert_user.pk], "form_token": "h" * 20})
    assert not AuditEntry.objects.filter(action="evaluation_experts").exists()


def test_a_leader_cannot_apply_for_stars(evaluation, leader):
    client = Client()
    client.force_login(leader)
    url = reverse("evaluation:star_apply", args=[evaluation.pk])
    assert client.post(url, {"form_token": "i" * 20}).status_code == 403


def test_an_attachment_over_2_mb_is_refused(secretary_a_client, evaluation, admin_user, society_a):
    _publish(evaluation, admin_user)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024))
    page = secretary_a_client.post(
        reverse("evaluation:objection_new", args=[_result(evaluation, society_a).pk]),
        {"reasons": "x", "attachment": big, "form_token": "j" * 20},
    )
    assert "超过上限" in page.content.decode()


def test_a_refused_objection_keeps_no_attachment(
    secretary_a_client, evaluation, admin_user, society_a
):
    _publish(evaluation, admin_user, starts_on=timezone.localdate() - dt.timedelta(days=30))
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = secretary_a_client.post(
        reverse("evaluation:objection_new", args=[_result(evaluation, society_a).pk]),
        {"reasons": "x", "attachment": pdf, "form_token": "k" * 20},
    )
    assert "只能在公示期内提出异议" in page.content.decode()
    assert not StoredFile.objects.exists() and not ResultObjection.objects.exists()
