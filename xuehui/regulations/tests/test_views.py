import datetime as dt

import pytest
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.files.models import StoredFile
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, upload
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument

from .factories import make_rule_document


def _post_data(**overrides):
    data = {
        "kind": RuleKind.FINANCE,
        "name": "财务管理制度",
        "adopted_on": "2024-03-01",
        "adopted_by": "五届三次理事会",
        "repealed_on": "",
        "note": "",
    }
    return data | overrides


def test_the_list_shows_documents_and_the_missing_kinds(secretary_a_client, society_a):
    make_rule_document(society_a, kind=RuleKind.CHARTER, name="湖北省环境科学学会章程")
    response = secretary_a_client.get(reverse("regulations:list", args=[society_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "湖北省环境科学学会章程" in content
    assert "缺 财务制度" in content
    assert "缺 章程" not in content


def test_the_list_filters_by_kind(secretary_a_client, society_a):
    make_rule_document(society_a, kind=RuleKind.CHARTER, name="本会章程")
    make_rule_document(society_a, kind=RuleKind.FINANCE, name="本会财务制度")
    url = reverse("regulations:list", args=[society_a.pk])
    response = secretary_a_client.get(url, {"kind": RuleKind.FINANCE}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "本会财务制度" in content
    assert "本会章程" not in content


def test_a_secretary_adds_a_document_with_its_file(secretary_a_client, society_a):
    data = _post_data(upload=upload("财务管理制度.pdf", pdf_bytes()))
    response = secretary_a_client.post(reverse("regulations:create", args=[society_a.pk]), data)
    assert response.status_code == 302
    document = RuleDocument.objects.get(society=society_a)
    assert document.kind == RuleKind.FINANCE
    assert document.file.original_name == "财务管理制度.pdf"
    assert document.file.society == society_a
    assert AuditEntry.objects.filter(action="rule_document_create", society=society_a).exists()


def test_a_disguised_file_is_refused_and_nothing_is_saved(secretary_a_client, society_a):
    data = _post_data(upload=upload("制度.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    response = secretary_a_client.post(reverse("regulations:create", args=[society_a.pk]), data)
    assert response.status_code == 200
    assert not RuleDocument.objects.exists()
    assert not StoredFile.objects.exists()


def test_a_second_document_of_the_same_kind_and_name_is_refused_on_the_form(
    secretary_a_client, society_a
):
    make_rule_document(society_a, kind=RuleKind.FINANCE, name="财务管理制度")
    response = secretary_a_client.post(
        reverse("regulations:create", args=[society_a.pk]), _post_data()
    )
    assert response.status_code == 200
    assert "该学会已有同类型、同名称的制度" in response.content.decode()
    assert RuleDocument.objects.count() == 1


def test_a_repeal_date_before_adoption_is_refused(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("regulations:create", args=[society_a.pk]), _post_data(repealed_on="2020-01-01")
    )
    assert "废止日期应晚于通过日期" in response.content.decode()
    assert not RuleDocument.objects.exists()


def test_replacing_the_file_deletes_the_old_one(secretary_a_client, society_a):
    old = make_stored_file(society_a, name="旧版.pdf")
    document = make_rule_document(society_a, kind=RuleKind.FINANCE, name="财务管理制度", file=old)
    data = _post_data(upload=upload("新版.pdf", pdf_bytes("new")))
    response = secretary_a_client.post(reverse("regulations:edit", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.original_name == "新版.pdf"
    assert not StoredFile.objects.filter(pk=old.pk).exists()


def test_deleting_a_document_deletes_its_file(secretary_a_client, society_a):
    stored = make_stored_file(society_a)
    document = make_rule_document(society_a, file=stored)
    response = secretary_a_client.post(reverse("regulations:delete", args=[document.pk]))
    assert response.status_code == 302
    assert not RuleDocument.objects.exists()
    assert not StoredFile.objects.exists()


def test_the_document_file_is_previewed_by_its_society_only(
    secretary_a_client, secretary_b_client, society_a
):
    stored = make_stored_file(society_a)
    make_rule_document(society_a, file=stored)
    assert secretary_a_client.get(reverse("files:preview", args=[stored.pk])).status_code == 200
    assert secretary_b_client.get(reverse("files:preview", args=[stored.pk])).status_code == 404


@pytest.mark.parametrize("name", ["list", "create"])
def test_society_pages_are_scoped(name, secretary_b_client, anonymous_client, society_a):
    url = reverse(f"regulations:{name}", args=[society_a.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


@pytest.mark.parametrize("name", ["edit", "delete"])
def test_document_actions_are_scoped(
    name, secretary_b_client, viewer_client, anonymous_client, society_a
):
    document = make_rule_document(society_a)
    url = reverse(f"regulations:{name}", args=[document.pk])
    assert secretary_b_client.post(url).status_code == 404
    assert viewer_client.post(url).status_code == 403
    assert anonymous_client.post(url).status_code == 302
    assert RuleDocument.objects.filter(pk=document.pk).exists()


def test_a_read_only_user_sees_the_list_but_may_not_add(viewer_client, society_a):
    assert viewer_client.get(reverse("regulations:list", args=[society_a.pk])).status_code == 200
    url = reverse("regulations:create", args=[society_a.pk])
    assert viewer_client.post(url, _post_data()).status_code == 403
    assert not RuleDocument.objects.exists()


def test_the_list_query_count_does_not_grow_with_documents(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    url = reverse("regulations:list", args=[society_a.pk])
    make_rule_document(society_a, kind=RuleKind.CHARTER, file=make_stored_file(society_a))
    with django_assert_max_num_queries(20) as small:
        secretary_a_client.get(url)
    for i, kind in enumerate(list(RuleKind)[1:]):
        make_rule_document(
            society_a,
            kind=kind,
            adopted_on=dt.date(2020, 1, 1 + i),
            file=make_stored_file(society_a, name=f"制度{i}.pdf"),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary_a_client.get(url)
